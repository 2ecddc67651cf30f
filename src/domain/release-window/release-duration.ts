import { parseDuration } from "../calendar/index.js";

/** The longest release a window question may ask about. */
export const MAX_RELEASE_DAYS = 31;

export type ReleaseDurationParse =
  { readonly ok: true; readonly iso: string } | { readonly ok: false; readonly message: string };

const SHORT = /^(?:(\d+)\s*w)?\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?$/i;
const EXAMPLES = "use 2h, 90m, 1d, 1h30m or an ISO 8601 duration such as PT2H";

/**
 * How long a release runs, as people type it on a command line or in a query string: `2h`, `90m`,
 * `1d`, `1h30m`, `2w`, or ISO 8601 (`PT2H`, `P1DT6H`). Returns the ISO 8601 text the calendar engine
 * reads: days and weeks are nominal (the same local time N days later), hours and minutes exact.
 */
export function parseReleaseDuration(text: string): ReleaseDurationParse {
  const trimmed = text.trim();
  const iso = /^p/i.test(trimmed) ? trimmed.toUpperCase() : shortToIso(trimmed);
  if (iso === undefined) return { ok: false, message: `"${text}" is not a duration: ${EXAMPLES}` };
  if (iso === "") return { ok: false, message: `duration "${text}" is zero` };
  const parsed = parseDuration(iso);
  if (!parsed.ok) return { ok: false, message: `${parsed.message}; ${EXAMPLES}` };
  const days = parsed.value.nominalDays + parsed.value.exactMs / 86_400_000;
  if (days > MAX_RELEASE_DAYS) {
    return { ok: false, message: `duration "${text}" is longer than ${MAX_RELEASE_DAYS} days` };
  }
  return { ok: true, iso };
}

function shortToIso(text: string): string | undefined {
  const m = SHORT.exec(text);
  if (!m || text === "" || m.slice(1).every((g) => g === undefined)) return undefined;
  const [w, d, h, min] = m.slice(1).map((g) => Number(g ?? 0)) as [number, number, number, number];
  const days = w * 7 + d;
  const time = `${h ? `${h}H` : ""}${min ? `${min}M` : ""}`;
  if (days === 0 && time === "") return "";
  return `P${days ? `${days}D` : ""}${time ? `T${time}` : ""}`;
}
