import { formattedString, quote } from "./string-format.js";

/** The components of an ISO 8601 duration such as `P1DT12H`. */
export interface IsoDurationParts {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const durationRe =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses an ISO 8601 duration (`PT15M`, `P1D`, `P1DT12H`); undefined when it is not one. */
export function parseIsoDuration(text: string): IsoDurationParts | undefined {
  const m = durationRe.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return undefined;
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/**
 * Length of a duration in seconds, counting a day as 24 hours, a month as 30 days and a year as 365
 * days. For comparisons and display only; calendar arithmetic belongs to the calendar engine.
 */
export function approximateSeconds(d: IsoDurationParts): number {
  const days = d.years * 365 + d.months * 30 + d.weeks * 7 + d.days;
  return ((days * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds;
}

/** `PT1H30M` → "1 h 30 min"; `P1D` → "1 day". */
export function formatDuration(d: IsoDurationParts): string {
  const parts: string[] = [];
  const add = (n: number, one: string, many: string) => {
    if (n) parts.push(`${n} ${n === 1 ? one : many}`);
  };
  add(d.years, "year", "years");
  add(d.months, "month", "months");
  add(d.weeks, "week", "weeks");
  add(d.days, "day", "days");
  add(d.hours, "h", "h");
  add(d.minutes, "min", "min");
  add(d.seconds, "s", "s");
  return parts.length ? parts.join(" ") : "0 s";
}

const unitWords: Record<string, { unit: string; time: boolean }> = {
  y: { unit: "Y", time: false },
  year: { unit: "Y", time: false },
  years: { unit: "Y", time: false },
  w: { unit: "W", time: false },
  week: { unit: "W", time: false },
  weeks: { unit: "W", time: false },
  d: { unit: "D", time: false },
  day: { unit: "D", time: false },
  days: { unit: "D", time: false },
  h: { unit: "H", time: true },
  hr: { unit: "H", time: true },
  hrs: { unit: "H", time: true },
  hour: { unit: "H", time: true },
  hours: { unit: "H", time: true },
  m: { unit: "M", time: true },
  min: { unit: "M", time: true },
  mins: { unit: "M", time: true },
  minute: { unit: "M", time: true },
  minutes: { unit: "M", time: true },
  s: { unit: "S", time: true },
  sec: { unit: "S", time: true },
  secs: { unit: "S", time: true },
  second: { unit: "S", time: true },
  seconds: { unit: "S", time: true },
};

/** The ISO 8601 spelling of what the user probably meant (`15m` → `PT15M`, `P1H` → `PT1H`). */
export function suggestIsoDuration(text: string): string | undefined {
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  if (upper !== trimmed && parseIsoDuration(upper)) return upper;
  // Time units written without the `T`: P1H, P30M meant as minutes, P1DT… is fine already.
  const missingT = /^P(\d+)([HS])$/.exec(upper) ?? /^P(\d+M)(?:IN)?$/.exec(upper);
  if (missingT) return `PT${missingT[1]}${missingT[2] ?? ""}`;
  const dayInTime = /^PT(\d+)D$/.exec(upper);
  if (dayInTime) return `P${dayInTime[1]}D`;
  const human = /^(\d+)\s*([a-z]+)$/i.exec(trimmed);
  if (human) {
    const word = unitWords[human[2]!.toLowerCase()];
    if (word) return `P${word.time ? "T" : ""}${Number(human[1])}${word.unit}`;
  }
  return undefined;
}

/** An ISO 8601 duration such as `PT15M`, `PT1H`, `P1D` or `P2W`. */
export const IsoDuration = formattedString({
  code: "invalid-duration",
  description: "An ISO 8601 duration, such as PT15M (15 minutes), PT1H, P1D or P2W.",
  pattern: durationRe,
  examples: ["PT15M", "PT1H", "P1D"],
  check: (v) => {
    if (parseIsoDuration(v)) return undefined;
    const suggestion = suggestIsoDuration(v);
    return {
      message: `${quote(v)} is not an ISO 8601 duration`,
      hint: suggestion
        ? `did you mean \`${suggestion}\`?`
        : "write P<n>D for days, PT<n>H for hours, PT<n>M for minutes (e.g. PT15M, PT1H, P1D)",
    };
  },
});
