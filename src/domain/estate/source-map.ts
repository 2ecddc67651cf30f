import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import type { FieldPath } from "./field-path.js";
import { scalarSourceOffset, type ScalarStyle } from "./scalar-position.js";

/** A 1-based line and column in a text. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Maps field paths of a parsed YAML document back to where they are written. */
export interface SourceMap {
  /**
   * Where `path` is written: its key (`at: "key"`) or its value (default). When the path does not exist
   * (a missing key), the position of its deepest existing ancestor.
   */
  locate(path: FieldPath, at?: "key" | "value"): SourcePosition;
  /** The scalar at `path` as written in the file (`17.0`, which YAML reads as the number 17). */
  sourceText(path: FieldPath): string | undefined;
  /**
   * Where the character at `offset` of the string at `path` is written (a CEL error inside a policy
   * rule, say); the value's start when the path is not a scalar.
   */
  locateInScalar(path: FieldPath, offset: number): SourcePosition;
}

/** The merge key of YAML 1.1, which the estate accepts (`<<: *defaults`). */
export const MERGE_KEY = "<<";

/** The key of a pair as text; `<<` for a merge key (which yaml represents by a symbol). */
export function keyText(pair: Pair): string | undefined {
  const key: unknown = pair.key;
  if (isScalar(key)) return typeof key.value === "symbol" ? MERGE_KEY : String(key.value);
  if (key === null || typeof key !== "object") return key === null ? undefined : String(key);
  return undefined;
}

/** Resolves an alias to the node it points at (aliases of aliases too, bounded). */
function resolve(doc: Document, node: unknown): unknown {
  let current = node;
  for (let i = 0; i < 32 && isAlias(current); i++) current = current.resolve(doc);
  return current;
}

interface MapIndex {
  /** The last pair per key, as in the parsed data where the last duplicate wins. */
  readonly pairs: Map<string, Pair>;
  readonly merges: readonly unknown[];
}

/** Builds a {@link SourceMap} for a document parsed with this `lineCounter`. */
export function createSourceMap(doc: Document, lineCounter: LineCounter, text?: string): SourceMap {
  // Indexed lazily per mapping, so that locating many problems in a huge mapping stays linear.
  const indexes = new WeakMap<YAMLMap, MapIndex>();
  const indexOf = (map: YAMLMap): MapIndex => {
    let index = indexes.get(map);
    if (!index) {
      const pairs = new Map<string, Pair>();
      let merges: unknown[] = [];
      for (const item of map.items) {
        const text = keyText(item);
        if (text === MERGE_KEY) {
          const value = resolve(doc, item.value);
          merges = isSeq(value) ? value.items : [value];
        } else if (text !== undefined) pairs.set(text, item);
      }
      index = { pairs, merges };
      indexes.set(map, index);
    }
    return index;
  };

  /** The pair for `key` in a map, looking into `<<` merge sources when the map lacks it. */
  const findPair = (map: unknown, key: string, depth = 0): Pair | undefined => {
    const resolved = resolve(doc, map);
    if (!isMap(resolved) || depth > 16) return undefined;
    const index = indexOf(resolved);
    const direct = index.pairs.get(key);
    if (direct) return direct;
    for (const source of index.merges) {
      const found = findPair(source, key, depth + 1);
      if (found) return found;
    }
    return undefined;
  };

  /** Follows `path` from the document root as far as it exists. */
  const walk = (path: FieldPath): { node: unknown; key: unknown; reached: number } => {
    let node: unknown = doc.contents;
    let key: unknown;
    let reached = 0;
    for (const segment of path) {
      const here = resolve(doc, node);
      let next: unknown;
      let nextKey: unknown;
      if (typeof segment === "number" && isSeq(here)) {
        next = here.items[segment];
      } else if (isMap(here)) {
        const pair = findPair(here, String(segment));
        if (pair) {
          nextKey = pair.key;
          // `key:` with no value at all has no value node: point at the key.
          next = pair.value ?? pair.key;
        }
      }
      if (next === undefined || next === null) break;
      node = next;
      key = nextKey;
      reached++;
    }
    return { node, key, reached };
  };

  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const start = (node: unknown): number | undefined => {
    const range = (node as Node | null)?.range;
    return Array.isArray(range) ? range[0] : undefined;
  };
  return {
    locate(path, at = "value") {
      const { node, key, reached } = walk(path);
      const wantKey = at === "key" && reached === path.length && key !== undefined;
      return position((wantKey ? start(key) : undefined) ?? start(node) ?? start(key) ?? 0);
    },
    locateInScalar(path, offset) {
      const { node: found, reached } = walk(path);
      const node = resolve(doc, found);
      const range = (node as Node | null)?.range;
      if (reached !== path.length || !isScalar(node) || !Array.isArray(range) || text === undefined) {
        return this.locate(path);
      }
      const raw = text.slice(range[0], range[1]);
      const style = (node.type ?? "PLAIN") as ScalarStyle;
      return position(range[0] + scalarSourceOffset(raw, style, offset));
    },
    sourceText(path) {
      const { node: found, reached } = walk(path);
      const node = resolve(doc, found);
      if (reached !== path.length || !isScalar(node)) return undefined;
      const token = node.srcToken;
      return token && "source" in token && typeof token.source === "string" ? token.source : undefined;
    },
  };
}
