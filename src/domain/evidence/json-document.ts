import { evidenceDiagnostic, type EvidenceDiagnostic, type TextPosition } from "./evidence-diagnostic.js";
import { LineIndex } from "./text-position.js";

/** A location inside a JSON document: object keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

/** A parsed JSON report: its value and a way back from paths to positions in the text. */
export interface JsonDocument {
  readonly value: unknown;
  /**
   * The positions of the values at `paths` (one text scan for all of them). A path that does not
   * exist is placed at its deepest existing ancestor, so a missing field points at its object.
   */
  locate(paths: readonly JsonPath[]): TextPosition[];
}

export type JsonDocumentResult =
  | { readonly ok: true; readonly document: JsonDocument }
  | { readonly ok: false; readonly diagnostic: EvidenceDiagnostic };

/**
 * Parses JSON with the engine's fast parser; only when that fails, or when the value nests deeper
 * than `maxDepth`, is the text scanned again to say where. Never throws for bad input.
 */
export function parseJsonDocument(text: string, file: string, maxDepth: number): JsonDocumentResult {
  const lines = new LineIndex(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const problem = scanJson(text, maxDepth).problem;
    if (problem) return { ok: false, diagnostic: scanDiagnostic(file, problem, lines) };
    return {
      ok: false,
      diagnostic: evidenceDiagnostic(file, "json-syntax", "the report is not valid JSON"),
    };
  }
  if (depthOf(value, maxDepth) > maxDepth) {
    const problem = scanJson(text, maxDepth).problem ?? { kind: "too-deep" as const, offset: 0, message: "" };
    return { ok: false, diagnostic: scanDiagnostic(file, problem, lines) };
  }
  return {
    ok: true,
    document: {
      value,
      locate: (paths) => locateJsonPaths(text, paths, maxDepth).map((offset) => lines.position(offset)),
    },
  };
}

function scanDiagnostic(file: string, problem: ScanProblem, lines: LineIndex): EvidenceDiagnostic {
  const position = lines.position(problem.offset);
  if (problem.kind === "too-deep") {
    return evidenceDiagnostic(file, "too-deep", "the report nests values too deeply", {
      position,
      hint: "real reports nest a few levels; this one may be hostile or corrupted",
    });
  }
  return evidenceDiagnostic(file, "json-syntax", problem.message, {
    position,
    ...(problem.hint ? { hint: problem.hint } : {}),
  });
}

/** Depth of nested arrays and objects, stopping once above `limit`; iterative, for hostile input. */
function depthOf(root: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (value === null || typeof value !== "object") continue;
    const d = depth + 1;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child !== null && typeof child === "object") stack.push([child, d]);
    }
  }
  return max;
}

interface ScanProblem {
  readonly kind: "syntax" | "too-deep";
  readonly offset: number;
  readonly message: string;
  readonly hint?: string;
}

interface Frame {
  readonly array: boolean;
  readonly path: string;
  index: number;
}

const SEP = "\u0000";
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ["true", "false", "null"] as const;

function pathKey(path: JsonPath): string {
  return path.map(String).join(SEP);
}

/** Offsets of the values at `paths`, or of their deepest existing ancestors. */
function locateJsonPaths(text: string, paths: readonly JsonPath[], maxDepth: number): number[] {
  const wanted = new Set<string>();
  for (const path of paths) for (let n = 0; n <= path.length; n++) wanted.add(pathKey(path.slice(0, n)));
  const found = scanJson(text, maxDepth, wanted).found;
  return paths.map((path) => {
    for (let n = path.length; n >= 0; n--) {
      const offset = found.get(pathKey(path.slice(0, n)));
      if (offset !== undefined) return offset;
    }
    return 0;
  });
}

function describeChar(c: string): string {
  if (c === "\n") return "a line break";
  if (c === "'") return "`'` (JSON strings use double quotes)";
  return `\`${c}\``;
}

/**
 * A validating JSON scanner, iterative so that hostile nesting cannot exhaust the stack. It finds the
 * first syntax problem (or nesting above `maxDepth`) and, when asked, the offsets of some values.
 */
function scanJson(
  text: string,
  maxDepth: number,
  wanted?: ReadonlySet<string>,
): { problem?: ScanProblem; found: Map<string, number> } {
  const found = new Map<string, number>();
  const n = text.length;
  const stack: Frame[] = [];
  let i = 0;
  let mode: "value" | "value-or-end" | "key" | "key-or-end" | "colon" | "after" = "value";
  let key = "";
  const fail = (offset: number, message: string, hint?: string) => ({
    problem: { kind: "syntax" as const, offset, message, ...(hint ? { hint } : {}) },
    found,
  });

  const scanString = (start: number): number | ScanProblem => {
    let j = start + 1;
    for (;;) {
      if (j >= n) return { kind: "syntax", offset: start, message: "this string is never closed" };
      const c = text.charCodeAt(j);
      if (c === 0x22) return j + 1;
      if (c < 0x20) {
        return {
          kind: "syntax",
          offset: j,
          message: "a control character (such as a line break) inside a string",
        };
      }
      if (c === 0x5c) {
        const e = text[j + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
            return { kind: "syntax", offset: j, message: "an invalid \\u escape in a string" };
          }
          j += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) j += 2;
        else return { kind: "syntax", offset: j, message: `an invalid escape \`\\${e ?? ""}\` in a string` };
      } else j++;
    }
  };

  for (;;) {
    while (i < n && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t")) i++;
    if (i >= n) {
      if (mode === "after" && stack.length === 0) return { found };
      return fail(n, "the report ends too early (truncated?)", "upload the complete file");
    }
    const c = text[i] as string;
    switch (mode) {
      case "value":
      case "value-or-end": {
        if (mode === "value-or-end" && c === "]") {
          stack.pop();
          mode = "after";
          i++;
          break;
        }
        const top = stack[stack.length - 1];
        let path = "";
        if (wanted && top !== undefined) {
          const segment = String(top.array ? top.index : key);
          path = stack.length === 1 ? segment : top.path + SEP + segment;
        }
        if (wanted?.has(path)) found.set(path, i);
        if (c === "{" || c === "[") {
          stack.push({ array: c === "[", path, index: 0 });
          if (stack.length > maxDepth) {
            return { problem: { kind: "too-deep", offset: i, message: "" }, found };
          }
          mode = c === "[" ? "value-or-end" : "key-or-end";
          i++;
        } else if (c === '"') {
          const end = scanString(i);
          if (typeof end !== "number") return { problem: end, found };
          i = end;
          mode = "after";
        } else if (c === "-" || (c >= "0" && c <= "9")) {
          NUMBER.lastIndex = i;
          if (!NUMBER.test(text)) return fail(i, "an invalid number");
          i = NUMBER.lastIndex;
          mode = "after";
        } else {
          const literal = LITERALS.find((l) => text.startsWith(l, i));
          if (!literal) {
            const hint = c === "]" || c === "}" ? "remove the trailing comma before it" : undefined;
            return fail(i, `unexpected ${describeChar(c)} where a value was expected`, hint);
          }
          i += literal.length;
          mode = "after";
        }
        break;
      }
      case "key":
      case "key-or-end": {
        if (mode === "key-or-end" && c === "}") {
          stack.pop();
          mode = "after";
          i++;
          break;
        }
        if (c !== '"') {
          const hint = c === "}" ? "remove the trailing comma before it" : undefined;
          return fail(
            i,
            `unexpected ${describeChar(c)} where a property name in double quotes was expected`,
            hint,
          );
        }
        const end = scanString(i);
        if (typeof end !== "number") return { problem: end, found };
        if (wanted) key = JSON.parse(text.slice(i, end)) as string;
        i = end;
        mode = "colon";
        break;
      }
      case "colon":
        if (c !== ":") return fail(i, `unexpected ${describeChar(c)} where \`:\` was expected`);
        i++;
        mode = "value";
        break;
      case "after": {
        const top = stack[stack.length - 1];
        if (top === undefined)
          return fail(i, `unexpected ${describeChar(c)} after the end of the JSON document`);
        if (c === ",") {
          if (top.array) {
            top.index++;
            mode = "value";
          } else mode = "key";
          i++;
        } else if ((c === "]" && top.array) || (c === "}" && !top.array)) {
          stack.pop();
          i++;
        } else {
          return fail(
            i,
            `unexpected ${describeChar(c)} where \`,\` or \`${top.array ? "]" : "}"}\` was expected`,
          );
        }
        break;
      }
    }
  }
}
