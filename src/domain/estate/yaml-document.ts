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
import { createSourceMap, keyText, MERGE_KEY, type SourceMap, type SourcePosition } from "./source-map.js";

/** Limits that keep hostile YAML from exhausting memory or time. */
export interface YamlLimits {
  /** yaml's own guard: how often one anchor may be expanded (per alias nesting). */
  readonly maxAliasCount: number;
  /** Nodes in the document once every alias is expanded. */
  readonly maxExpandedNodes: number;
  /** Problems worth collecting; beyond it they are only counted. */
  readonly maxProblems: number;
}

/** A parsed YAML document with positions, or the problems that stopped parsing. */
export type ParsedYaml = {
  readonly sourceMap: SourceMap;
  /** Problems found; when `ok`, only ones that did not stop parsing (duplicate keys, unknown tags). */
  readonly problems: readonly EstateProblem[];
  /** Problems found beyond `maxProblems`, counted only. */
  readonly omitted: number;
} & ({ readonly ok: true; readonly data: unknown } | { readonly ok: false });

type Range = [number, number, number];

function rangeOf(node: unknown): Range | undefined {
  const range = (node as { range?: Range } | null)?.range;
  return Array.isArray(range) ? range : undefined;
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

/**
 * The field path of the innermost node that contains `offset`. Items of a collection are in source
 * order, so each level is a binary search: fast even in a mapping with a million keys.
 */
function pathAtOffset(doc: Document, offset: number): FieldPath {
  const path: (string | number)[] = [];
  const contains = (n: unknown) => {
    const r = rangeOf(n);
    return !!r && r[0] <= offset && offset < Math.max(r[2], r[0] + 1);
  };
  const startOf = (item: unknown) => rangeOf(isPair(item) ? (item.key ?? item.value) : item)?.[0] ?? -1;
  let node: unknown = doc.contents;
  for (let depth = 0; depth < 1000 && (isMap(node) || isSeq(node)); depth++) {
    const items = node.items as unknown[];
    let lo = 0;
    let hi = items.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (startOf(items[mid]) <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const item = items[found];
    if (item === undefined) break;
    if (isPair(item)) {
      const key = keyText(item);
      if (key === undefined) break;
      if (contains(item.key)) return [...path, key];
      if (!contains(item.value)) break;
      path.push(key);
      node = item.value;
    } else {
      if (!contains(item)) break;
      path.push(found);
      node = item;
    }
  }
  return path;
}

function positionOf(lineCounter: LineCounter, offset: number): SourcePosition {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function yamlErrorProblem(
  doc: Document,
  lineCounter: LineCounter,
  e: YAMLError,
  severity: "error" | "warning",
): EstateProblem {
  return {
    code: "yaml-syntax",
    severity,
    message: firstLine(e.message),
    path: pathAtOffset(doc, e.pos[0]),
    position: positionOf(lineCounter, e.pos[0]),
    ...(e.code === "TAB_AS_INDENT" ? { hint: "indent with spaces" } : {}),
  };
}

interface NodeFinding {
  readonly code: "yaml-duplicate-key" | "yaml-syntax" | "yaml-alias-limit";
  readonly message: string;
  readonly hint?: string;
  readonly offset: number;
  readonly path: FieldPath;
}

/**
 * Walks the document once. Every alias must point at an anchor and must not contain itself, and
 * expanding all of them must stay under `maxExpandedNodes` (a billion-laughs file fails here long
 * before it is materialized). Keys repeated in a mapping are collected too: yaml's own check compares
 * each key with all before it, which takes minutes on a hostile file with a million keys.
 */
function inspectNodes(
  doc: Document,
  limits: YamlLimits,
): { fatal?: NodeFinding; duplicates: NodeFinding[]; omitted: number } {
  const sizes = new Map<unknown, number>();
  const active = new Set<unknown>();
  const duplicates: NodeFinding[] = [];
  let omitted = 0;
  let fatal: NodeFinding | undefined;
  const path: (string | number)[] = [];
  const size = (node: unknown): number => {
    if (fatal || node === null || typeof node !== "object") return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (active.has(node)) return 1;
    let total = 1;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      const offset = node.range?.[0] ?? 0;
      if (!target) {
        fatal = {
          code: "yaml-syntax",
          message: `alias *${node.source} refers to no anchor`,
          offset,
          path: [...path],
        };
        return 1;
      }
      if (active.has(target)) {
        fatal = {
          code: "yaml-syntax",
          message: `alias *${node.source} refers to a node that contains it`,
          offset,
          path: [...path],
        };
        return 1;
      }
      total = size(target);
    } else if (isMap(node)) {
      active.add(node);
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = keyText(pair);
        if (key !== undefined && key !== MERGE_KEY) {
          if (seen.has(key)) {
            if (duplicates.length < limits.maxProblems) {
              duplicates.push({
                code: "yaml-duplicate-key",
                message: `key \`${key}\` appears twice in the same mapping`,
                hint: "YAML keeps only the last one; remove or merge the other",
                offset: rangeOf(pair.key)?.[0] ?? 0,
                path: [...path, key],
              });
            } else omitted++;
          }
          seen.add(key);
        }
        path.push(key ?? "?");
        total += size(pair.key) + size(pair.value);
        path.pop();
        if (total > limits.maxExpandedNodes) break;
      }
      active.delete(node);
    } else if (isSeq(node)) {
      active.add(node);
      node.items.forEach((item, i) => {
        if (total > limits.maxExpandedNodes) return;
        path.push(i);
        total += size(item);
        path.pop();
      });
      active.delete(node);
    }
    sizes.set(node, total);
    if (total > limits.maxExpandedNodes && !fatal) {
      fatal = {
        code: "yaml-alias-limit",
        message: `expanding the aliases would create more than ${limits.maxExpandedNodes} values`,
        hint: "this looks like an alias bomb (billion laughs); write the values out",
        offset: rangeOf(node)?.[0] ?? 0,
        path: [...path],
      };
    }
    return total;
  };
  size(doc.contents);
  return { ...(fatal ? { fatal } : {}), duplicates, omitted };
}

/** Parses one YAML document, keeping positions; refuses syntax errors and alias bombs as problems. */
export function parseYaml(text: string, limits: YamlLimits): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    keepSourceTokens: true,
    prettyErrors: false,
    uniqueKeys: false, // checked by inspectNodes, in linear time
    merge: true,
    version: "1.2",
  });
  const sourceMap = createSourceMap(doc, lineCounter, text);
  const found = (f: NodeFinding): EstateProblem => ({
    code: f.code,
    severity: "error",
    message: f.message,
    path: f.path,
    position: positionOf(lineCounter, f.offset),
    ...(f.hint ? { hint: f.hint } : {}),
  });
  const reported = [
    ...doc.errors.map((e) => ({ e, severity: "error" as const })),
    ...doc.warnings.map((e) => ({ e, severity: "warning" as const })),
  ];
  const problems = reported
    .slice(0, limits.maxProblems)
    .map(({ e, severity }) => yamlErrorProblem(doc, lineCounter, e, severity));
  let omitted = Math.max(0, reported.length - limits.maxProblems);
  // Any syntax error makes what follows guesswork: report the YAML problems alone.
  if (doc.errors.length > 0) return { ok: false, problems, omitted, sourceMap };
  const inspected = inspectNodes(doc, limits);
  if (inspected.fatal) return { ok: false, problems: [found(inspected.fatal)], omitted: 0, sourceMap };
  problems.push(...inspected.duplicates.map(found));
  omitted += inspected.omitted;
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
    return { ok: false, problems: [problem], omitted: 0, sourceMap };
  }
  return { ok: true, data, sourceMap, problems, omitted };
}
