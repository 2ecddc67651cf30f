import type { TextPosition } from "./evidence-diagnostic.js";

/**
 * Turns character offsets into 1-based lines and columns. The line table is built on first use, so
 * documents that parse cleanly never pay for it.
 */
export class LineIndex {
  #starts: number[] | undefined;
  constructor(private readonly text: string) {}

  /** The line and column of `offset` (clamped to the text). */
  position(offset: number): TextPosition {
    const starts = (this.#starts ??= lineStarts(this.text));
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (starts[lo] ?? 0) + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
