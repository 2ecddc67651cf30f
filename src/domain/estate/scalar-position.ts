/** The styles a YAML scalar can be written in (yaml's `Scalar.type`). */
export type ScalarStyle = "PLAIN" | "QUOTE_DOUBLE" | "QUOTE_SINGLE" | "BLOCK_LITERAL" | "BLOCK_FOLDED";

const ESCAPE_LENGTH: Readonly<Record<string, number>> = { x: 4, u: 6, U: 10 };

/** Skips a line break and the indentation after it; returns the next index. */
function skipBreak(raw: string, i: number): number {
  let j = i + 1;
  while (j < raw.length && (raw[j] === " " || raw[j] === "\t")) j++;
  return j;
}

/** Flow scalars: plain, single- and double-quoted; a line break folds into one character. */
function flowOffset(raw: string, style: ScalarStyle, offset: number): number {
  let i = style === "PLAIN" ? 0 : 1;
  for (let v = 0; v < offset && i < raw.length; v++) {
    const c = raw[i];
    if (c === "\n") i = skipBreak(raw, i);
    else if (style === "QUOTE_DOUBLE" && c === "\\") i += ESCAPE_LENGTH[raw[i + 1] ?? ""] ?? 2;
    else if (style === "QUOTE_SINGLE" && c === "'" && raw[i + 1] === "'") i += 2;
    else i++;
  }
  return i;
}

/** Block scalars: each content line, without its indentation, is one line of the value. */
function blockOffset(raw: string, offset: number): number {
  const header = raw.indexOf("\n");
  if (header < 0) return 0;
  const lines = raw.slice(header + 1).split("\n");
  const firstContent = lines.find((l) => l.trim() !== "") ?? "";
  const indent = firstContent.length - firstContent.trimStart().length;
  let lineStart = header + 1;
  let rest = offset;
  for (const line of lines) {
    const length = Math.max(0, line.length - indent);
    if (rest <= length) return lineStart + Math.min(indent, line.length) + rest;
    rest -= length + 1;
    lineStart += line.length + 1;
  }
  return raw.length;
}

/**
 * Where the character at `offset` of a scalar's value is written in the scalar's source text `raw`
 * (quotes, escapes, block indentation and line folding accounted for). Exact for single-line scalars
 * and literal blocks; for folded text, within a character per blank line.
 */
export function scalarSourceOffset(raw: string, style: ScalarStyle, offset: number): number {
  if (style === "BLOCK_LITERAL" || style === "BLOCK_FOLDED") return blockOffset(raw, offset);
  return flowOffset(raw, style, offset);
}
