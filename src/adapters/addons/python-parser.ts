import { createRequire } from "node:module";
import { Language, Parser } from "web-tree-sitter";
import { summarizeModels, type PythonModelSummary, type SyntaxNodeLike } from "../../domain/odoo/index.js";

/** Reads the Odoo models and fields a Python source declares, with tree-sitter-python (WASM, never executed). */
export type PythonModelReader = (source: string) => PythonModelSummary;

let ready: Promise<PythonModelReader> | undefined;

/** The process-wide reader; the grammar is loaded once. */
export function pythonModelReader(): Promise<PythonModelReader> {
  ready ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const wasm = require.resolve("tree-sitter-python/tree-sitter-python.wasm");
    const language = await Language.load(wasm);
    const parser = new Parser();
    parser.setLanguage(language);
    return (source: string) => {
      const tree = parser.parse(source);
      if (!tree) return { models: {} };
      try {
        return summarizeModels(tree.rootNode as unknown as SyntaxNodeLike);
      } finally {
        tree.delete();
      }
    };
  })();
  return ready;
}
