import {
  isAlias,
  isMap,
  isPair,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type YAMLError,
} from "yaml";
import type { EstateProblem } from "./estate-problem.js";
import type { FieldPath } from "./field-path.js";
import { createSourceMap, keyText, type SourceMap, type SourcePosition } from "./source-map.js";

/** Limits that keep hostile YAML from exhausting memory or time. */
export interface YamlLimits {
  /** yaml's own guard: how often one anchor may be expanded (per alias nesting). */
  readonly maxAliasCount: number;
  /** Nodes in the document once every alias is expanded. */
  readonly maxExpandedNodes: number;
}

/** A parsed YAML document with positions, or the problems that stopped parsing. */
export type ParsedYaml =
  | {
      readonly ok: true;
      readonly data: unknown;
      readonly sourceMap: SourceMap;
      /** Problems that did not stop parsing (duplicate keys, unresolved tags). */
      readonly problems: readonly EstateProblem[];
    }
  | { readonly ok: false; readonly problems: readonly EstateProblem[]; readonly sourceMap: SourceMap };

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

/** The field path of the innermost node that contains `offset`. */
function pathAtOffset(doc: Document, offset: number): FieldPath {
  const path: (string | number)[] = [];
  let node: unknown = doc.contents;
  const contains = (n: unknown) => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    return !!range && range[0] <= offset && offset < Math.max(range[2], range[0] + 1);
  };
  for (let depth = 0; depth < 1000; depth++) {
    let next: unknown;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = keyText(pair);
        if (key === undefined) continue;
        if (contains(pair.key)) return [...path, key];
        if (contains(pair.value)) {
          path.push(key);
          next = pair.value;
          break;
        }
      }
    } else if (isSeq(node)) {
      const i = node.items.findIndex(contains);
      if (i >= 0) {
        path.push(i);
        next = node.items[i];
      }
    }
    if (next === undefined) break;
    node = next;
  }
  return path;
}

function yamlErrorProblem(
  doc: Document,
  lineCounter: LineCounter,
  e: YAMLError,
  severity: "error" | "warning",
): EstateProblem {
  const duplicate = e.code === "DUPLICATE_KEY";
  const path = pathAtOffset(doc, e.pos[0]);
  const key = path[path.length - 1];
  const hint = duplicate
    ? "YAML keeps only the last one; remove or merge the other"
    : e.code === "TAB_AS_INDENT"
      ? "indent with spaces"
      : undefined;
  return {
    code: duplicate ? "yaml-duplicate-key" : "yaml-syntax",
    severity,
    message: duplicate
      ? `key ${typeof key === "string" ? `\`${key}\` ` : ""}appears twice in the same mapping`
      : firstLine(e.message),
    path,
    position: positionOf(lineCounter, e.pos[0]),
    ...(hint ? { hint } : {}),
  };
}

function positionOf(lineCounter: LineCounter, offset: number): SourcePosition {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Walks the document once, checking every alias: it must point at an anchor, must not contain itself,
 * and expanding all of them must stay under `maxExpandedNodes` (a billion-laughs file fails here long
 * before it is materialized).
 */
function checkAliases(
  doc: Document,
  limits: YamlLimits,
): { message: string; offset: number; bomb: boolean } | undefined {
  const sizes = new Map<unknown, number>();
  const active = new Set<unknown>();
  let failure: { message: string; offset: number; bomb: boolean } | undefined;
  const size = (node: unknown): number => {
    if (failure || node === null || typeof node !== "object") return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (active.has(node)) return 1;
    let total = 1;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      const offset = node.range?.[0] ?? 0;
      if (!target) {
        failure = { message: `alias *${node.source} refers to no anchor`, offset, bomb: false };
        return 1;
      }
      if (active.has(target)) {
        failure = { message: `alias *${node.source} refers to a node that contains it`, offset, bomb: false };
        return 1;
      }
      total = size(target);
    } else {
      active.add(node);
      if (isMap(node) || isSeq(node)) {
        for (const item of node.items as unknown[]) {
          total += isPair(item) ? size(item.key) + size(item.value) : size(item);
          if (total > limits.maxExpandedNodes) break;
        }
      }
      active.delete(node);
    }
    sizes.set(node, total);
    if (total > limits.maxExpandedNodes && !failure) {
      const offset = (node as { range?: [number, number, number] }).range?.[0] ?? 0;
      failure = {
        message: `expanding the aliases would create more than ${limits.maxExpandedNodes} values`,
        offset,
        bomb: true,
      };
    }
    return total;
  };
  size(doc.contents);
  return failure;
}

/** Parses one YAML document, keeping positions; refuses syntax errors and alias bombs as problems. */
export function parseYaml(text: string, limits: YamlLimits): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    keepSourceTokens: true,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
    version: "1.2",
  });
  const sourceMap = createSourceMap(doc, lineCounter);
  const problems = [
    ...doc.errors.map((e) => yamlErrorProblem(doc, lineCounter, e, "error")),
    ...doc.warnings.map((e) => yamlErrorProblem(doc, lineCounter, e, "warning")),
  ];
  // Duplicate keys leave a usable document (the last value wins), so validation goes on; any other
  // syntax error makes what follows guesswork.
  if (problems.some((p) => p.severity === "error" && p.code !== "yaml-duplicate-key")) {
    return { ok: false, problems, sourceMap };
  }
  const alias = checkAliases(doc, limits);
  if (alias) {
    const problem: EstateProblem = {
      code: alias.bomb ? "yaml-alias-limit" : "yaml-syntax",
      severity: "error",
      message: alias.message,
      path: pathAtOffset(doc, alias.offset),
      position: positionOf(lineCounter, alias.offset),
      ...(alias.bomb ? { hint: "this looks like an alias bomb (billion laughs); write the values out" } : {}),
    };
    return { ok: false, problems: [problem], sourceMap };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (e) {
    // yaml throws a ReferenceError when an anchor is expanded more than maxAliasCount times.
    const problem: EstateProblem = {
      code: "yaml-alias-limit",
      severity: "error",
      message: `an anchor is expanded more often than the limit of ${limits.maxAliasCount} allows (${
        e instanceof Error ? e.message : String(e)
      })`,
      path: [],
      position: { line: 1, column: 1 },
      hint: "use fewer aliases, or write the values out",
    };
    return { ok: false, problems: [problem], sourceMap };
  }
  return { ok: true, data, sourceMap, problems };
}
