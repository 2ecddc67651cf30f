import { distance } from "fastest-levenshtein";

/**
 * The candidates closest to `input` by edit distance, when close enough to be a plausible typo
 * (at most 2 edits, or a third of the input's length for long words). Ties are all returned, sorted.
 */
export function closestMatches(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = input.toLowerCase();
  const threshold = Math.max(2, Math.floor(needle.length / 3));
  let best = Number.POSITIVE_INFINITY;
  let matches: string[] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === input) continue;
    const d = distance(needle, candidate.toLowerCase());
    if (d > threshold || d > best) continue;
    if (d < best) {
      best = d;
      matches = [];
    }
    matches.push(candidate);
  }
  return matches.sort().slice(0, limit);
}

/** "did you mean `a`?" / "did you mean `a` or `b`?", or undefined when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const matches = closestMatches(input, candidates);
  if (matches.length === 0) return undefined;
  return `did you mean ${matches.map((m) => `\`${m}\``).join(" or ")}?`;
}
