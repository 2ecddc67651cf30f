import fc from "fast-check";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { dtstartMismatch, expandRecurrence, parseRecurrenceRule, type RecurrenceRule } from "./recurrence.js";
import { formatWall, parseWall, wallFields, wallOf, type WallMs } from "./wall-clock.js";

function rule(text: string): RecurrenceRule {
  const parsed = parseRecurrenceRule(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rule;
}

function wall(text: string): WallMs {
  const w = parseWall(text);
  if (w === undefined) throw new Error(text);
  return w;
}

function expand(text: string, dtstart: string, to: string, exdates: string[] = []): string[] {
  return expandRecurrence(rule(text), wall(dtstart), exdates.map(wall))
    .startsBetween(wall(dtstart), wall(to))
    .map(formatWall);
}

describe("parseRecurrenceRule", () => {
  it.each([
    ["FREQ=HOURLY", /finer than windows may recur/],
    ["FREQ=FORTNIGHTLY", /FREQ must be DAILY/],
    ["BYDAY=MO", /FREQ is required/],
    ["FREQ=WEEKLY;INTERVAL=0", /INTERVAL must be a positive integer/],
    ["FREQ=DAILY;COUNT=3;UNTIL=20270101T000000Z", /COUNT and UNTIL/],
    ["FREQ=WEEKLY;BYDAY=1MO", /only allowed with FREQ=MONTHLY or YEARLY/],
    ["FREQ=MONTHLY;BYDAY=6FR", /at most 5/],
    ["FREQ=WEEKLY;BYDAY=XX", /not like MO/],
    ["FREQ=YEARLY;BYMONTH=13", /BYMONTH must list months 1 to 12/],
    ["FREQ=WEEKLY;BYMONTHDAY=1", /not allowed with FREQ=WEEKLY/],
    ["FREQ=WEEKLY;FOO=1", /unknown rule part FOO/],
    ["FREQ=YEARLY;BYMONTHDAY=-1", /needs BYMONTH/],
    ["FREQ=WEEKLY;FREQ=DAILY", /given twice/],
    ["FREQ=DAILY;UNTIL=2027", /UNTIL "2027"/],
    ["garbage", /not NAME=VALUE/],
    ["", /is empty/],
  ])("refuses %s", (text, message) => {
    const parsed = parseRecurrenceRule(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it("accepts a leading RRULE: and marks parts only ical.js expands", () => {
    const parsed = parseRecurrenceRule("RRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO");
    expect(parsed.ok && parsed.rule.text).toBe("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO");
    expect(parsed.ok && parsed.rule.needsIcalJs).toBe(true);
    expect(rule("FREQ=WEEKLY;BYDAY=TU,TH").needsIcalJs).toBe(false);
  });
});

describe("expandRecurrence (golden)", () => {
  it("expands twice-weekly maintenance", () => {
    expect(expand("FREQ=WEEKLY;BYDAY=TU,TH", "2026-01-06T22:00", "2026-01-20T00:00")).toEqual([
      "2026-01-06T22:00",
      "2026-01-08T22:00",
      "2026-01-13T22:00",
      "2026-01-15T22:00",
    ]);
  });

  it("expands the last Friday of each month and skips an EXDATE", () => {
    expect(
      expand("FREQ=MONTHLY;BYDAY=-1FR", "2026-01-30T18:00", "2026-06-01T00:00", ["2026-03-27T18:00"]),
    ).toEqual(["2026-01-30T18:00", "2026-02-27T18:00", "2026-04-24T18:00", "2026-05-29T18:00"]);
  });

  it("expands the last weekday of each month with BYSETPOS", () => {
    expect(
      expand("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2026-01-30T20:00", "2026-06-01T00:00"),
    ).toEqual([
      "2026-01-30T20:00",
      "2026-02-27T20:00",
      "2026-03-31T20:00",
      "2026-04-30T20:00",
      "2026-05-29T20:00",
    ]);
  });

  it("skips months without the day instead of moving it (RFC 5545 §3.3.10)", () => {
    expect(expand("FREQ=MONTHLY", "2026-01-31T00:00", "2026-08-01T00:00")).toEqual([
      "2026-01-31T00:00",
      "2026-03-31T00:00",
      "2026-05-31T00:00",
      "2026-07-31T00:00",
    ]);
    expect(expand("FREQ=YEARLY", "2024-02-29T00:00", "2033-01-01T00:00")).toEqual([
      "2024-02-29T00:00",
      "2028-02-29T00:00",
      "2032-02-29T00:00",
    ]);
  });

  it("honours COUNT, UNTIL and INTERVAL", () => {
    expect(expand("FREQ=DAILY;COUNT=3", "2026-03-28T01:00", "2027-01-01T00:00")).toEqual([
      "2026-03-28T01:00",
      "2026-03-29T01:00",
      "2026-03-30T01:00",
    ]);
    expect(
      expand("FREQ=WEEKLY;INTERVAL=2;UNTIL=20260203T220000", "2026-01-06T22:00", "2027-01-01T00:00"),
    ).toEqual(["2026-01-06T22:00", "2026-01-20T22:00", "2026-02-03T22:00"]);
  });

  it("quarterly stock count: the first Sunday of each quarter's last month", () => {
    expect(expand("FREQ=YEARLY;BYMONTH=3,6,9,12;BYDAY=1SU", "2026-03-01T06:00", "2027-01-01T00:00")).toEqual([
      "2026-03-01T06:00",
      "2026-06-07T06:00",
      "2026-09-06T06:00",
      "2026-12-06T06:00",
    ]);
  });

  it("expands rule parts the compiled engine leaves to ical.js", () => {
    expect(expand("FREQ=YEARLY;BYYEARDAY=1,-1", "2026-01-01T00:00", "2028-01-01T00:00")).toEqual([
      "2026-01-01T00:00",
      "2026-12-31T00:00",
      "2027-01-01T00:00",
      "2027-12-31T00:00",
    ]);
  });

  it("drops the impossible dates ical.js would normalise into the next month", () => {
    // ical.js yields 2026-03-01 for "February 29" in a common year; RFC 5545 says to skip it.
    expect(
      expand("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=9", "2024-02-29T09:00", "2030-01-01T00:00"),
    ).toEqual(["2024-02-29T09:00", "2028-02-29T09:00"]);
  });

  it("continues an expansion where it stopped", () => {
    const e = expandRecurrence(rule("FREQ=DAILY"), wall("2020-01-01T00:00"));
    expect(e.startsBetween(wall("2030-01-01T00:00"), wall("2030-01-03T00:00")).map(formatWall)).toEqual([
      "2030-01-01T00:00",
      "2030-01-02T00:00",
    ]);
    expect(e.startsBetween(wall("2020-01-01T00:00"), wall("2020-01-02T00:00")).map(formatWall)).toEqual([
      "2020-01-01T00:00",
    ]);
  });
});

describe("dtstartMismatch", () => {
  it("accepts a DTSTART in step with its rule", () => {
    expect(dtstartMismatch(rule("FREQ=WEEKLY;BYDAY=TU,TH"), wall("2026-01-06T22:00"))).toBeUndefined();
  });
  it("names the first real occurrence otherwise", () => {
    expect(dtstartMismatch(rule("FREQ=WEEKLY;BYDAY=TU,TH"), wall("2026-01-07T22:00"))).toBe(
      "dtstart 2026-01-07T22:00 is not an occurrence of FREQ=WEEKLY;BYDAY=TU,TH; start the series on its first occurrence, 2026-01-08T22:00",
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Differential test: the compiled engine against ical.js on random rules.

const DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

const arbitraryRule = fc
  .record({
    freq: fc.constantFrom("DAILY", "WEEKLY", "MONTHLY", "YEARLY"),
    interval: fc.integer({ min: 1, max: 3 }),
    byMonth: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 })),
    byMonthDay: fc.option(
      fc.uniqueArray(
        fc.integer({ min: -31, max: 31 }).filter((n) => n !== 0),
        { minLength: 1, maxLength: 3 },
      ),
    ),
    byDay: fc.option(
      fc.uniqueArray(
        fc.record({ ordinal: fc.integer({ min: -5, max: 5 }), day: fc.constantFrom(...DAYS) }),
        // One entry per weekday: ical.js drops whole months for a redundant BYDAY=5MO,MO.
        { minLength: 1, maxLength: 3, selector: (d) => d.day },
      ),
    ),
    bySetPos: fc.option(fc.constantFrom([1], [-1], [1, -1], [2])),
    wkst: fc.option(fc.constantFrom("MO", "SU")),
  })
  .map((r) => {
    const parts = [`FREQ=${r.freq}`];
    if (r.interval > 1) parts.push(`INTERVAL=${r.interval}`);
    // ical.js needs sorted lists (it repeats months for BYMONTH=2,1); the compiled engine does not.
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b).join(",");
    if (r.byMonth) parts.push(`BYMONTH=${sorted(r.byMonth)}`);
    if (r.byMonthDay && r.freq !== "WEEKLY") parts.push(`BYMONTHDAY=${sorted(r.byMonthDay)}`);
    if (r.byDay) {
      const plainOnly = r.freq === "DAILY" || r.freq === "WEEKLY" || r.byMonthDay !== null;
      const items = r.byDay.map((d) => (plainOnly || d.ordinal === 0 ? d.day : `${d.ordinal}${d.day}`));
      parts.push(`BYDAY=${[...new Set(items)].join(",")}`);
    }
    if (r.bySetPos && parts.length > 1 + (r.interval > 1 ? 1 : 0))
      parts.push(`BYSETPOS=${r.bySetPos.join(",")}`);
    if (r.wkst) parts.push(`WKST=${r.wkst}`);
    return parts.join(";");
  });

function icalJsStarts(text: string, dtstart: WallMs, to: WallMs): WallMs[] {
  const f = wallFields(dtstart);
  const it = ICAL.Recur.fromString(text).iterator(
    ICAL.Time.fromData({
      year: f.year,
      month: f.month,
      day: f.day,
      hour: f.hour,
      minute: f.minute,
      isDate: false,
    }),
  );
  const out: WallMs[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = it.next();
    if (!t) break;
    const w = wallOf(t.year, t.month, t.day, t.hour, t.minute, t.second);
    if (w >= to) break;
    out.push(w);
  }
  return out;
}

/** Occurrences that satisfy the BYxxx parts (ical.js normalises impossible dates instead of skipping). */
function valid(text: string, w: WallMs): boolean {
  const r = rule(text);
  const f = wallFields(w);
  const dim = new Date(Date.UTC(f.year, f.month, 0)).getUTCDate();
  const wd = ((new Date(w).getUTCDay() + 6) % 7) + 1;
  if (r.byMonth && !r.byMonth.includes(f.month)) return false;
  if (r.byMonthDay && !r.byMonthDay.some((v) => (v > 0 ? v : dim + v + 1) === f.day)) return false;
  if (r.byDay && !r.byDay.some((b) => b.weekday === wd)) return false;
  return true;
}

describe("compiled engine agrees with ical.js", () => {
  it("on random rules whose DTSTART is in step (2 years of occurrences)", () => {
    fc.assert(
      fc.property(
        arbitraryRule,
        fc.date({
          min: new Date("2020-01-01T00:00:00Z"),
          max: new Date("2032-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        (text, date) => {
          const parsed = parseRecurrenceRule(text);
          fc.pre(parsed.ok && !parsed.rule.needsIcalJs);
          if (!parsed.ok) return;
          // Start the series on its first real occurrence, as the schema demands.
          const seed = Math.floor(date.getTime() / 60_000) * 60_000;
          const first = expandRecurrence(parsed.rule, seed).startsBetween(
            seed,
            seed + 3 * 366 * 86_400_000,
          )[0];
          fc.pre(first !== undefined);
          if (first === undefined) return;
          // ical.js applies BYSETPOS after its own (defective) normalisation, so compare only where
          // every candidate it considered was a real date.
          fc.pre(!parsed.rule.bySetPos || !(parsed.rule.byMonthDay ?? []).some((d) => Math.abs(d) > 28));
          // ical.js 2.2.1 implements BYSETPOS only for the BYDAY set of a MONTHLY rule (for YEARLY
          // with BYMONTH it picks per month, where RFC 5545 picks from the whole year's set).
          const r = parsed.rule;
          // It also loses a negative ordinal when BYSETPOS picks from it (MONTHLY;BYMONTH=2;BYDAY=-4TH;
          // BYSETPOS=-1 misses 2029-02-01).
          fc.pre(
            !r.bySetPos ||
              (r.byDay !== undefined &&
                r.byDay.every((d) => d.ordinal === 0) &&
                r.byMonthDay === undefined &&
                r.frequency === "MONTHLY"),
          );
          // ical.js 2.2.1 lets BYMONTH override INTERVAL (MONTHLY;INTERVAL=2;BYMONTH=1,4 from January
          // yields April, a month the series never visits).
          fc.pre(r.interval === 1 || r.byMonth === undefined || r.frequency === "YEARLY");
          // ical.js loses whole months when a MONTHLY;BYMONTH rule has an ordinal BYDAY that some
          // month lacks (BYMONTH=1,5;BYDAY=-5MO,1TH misses 2020-05-07, the first Thursday of May),
          // and when BYDAY limits a BYMONTHDAY past the 28th (YEARLY;BYMONTH=3,9;BYMONTHDAY=20,31;
          // BYDAY=MO,TH misses Thursday 2022-03-31).
          const ordinals = (r.byDay ?? []).some((d) => d.ordinal !== 0);
          fc.pre(!(r.frequency === "MONTHLY" && r.byMonth !== undefined && ordinals));
          fc.pre(!(r.byDay !== undefined && (r.byMonthDay ?? []).some((d) => Math.abs(d) > 28)));
          // ical.js handles a negative BYMONTHDAY only in a plain MONTHLY rule: it hangs on one in a
          // DAILY rule, misses YEARLY;BYMONTH=1,9;BYMONTHDAY=-1 in January, and finds nothing for
          // YEARLY;BYMONTH=1;BYMONTHDAY=-4;BYDAY=TH (2021-01-28 is a Thursday). RFC 5545 allows all three.
          const negativeMonthDay = (r.byMonthDay ?? []).some((d) => d < 0);
          fc.pre(!negativeMonthDay || (r.frequency === "MONTHLY" && r.byDay === undefined));
          const to = first + 2 * 366 * 86_400_000;
          const ours = expandRecurrence(parsed.rule, first).startsBetween(first, to).map(formatWall);
          // Filtered the way the fallback engine filters ical.js: impossible dates and repeats dropped
          // (ical.js repeats DTSTART's month for MONTHLY;BYMONTH=1,2;BYMONTHDAY=1,2 from 1 February).
          const theirs = icalJsStarts(parsed.rule.text, first, to)
            .filter((w) => valid(parsed.rule.text, w))
            .filter((w, i, all) => all.slice(0, i).every((earlier) => earlier < w))
            .map(formatWall);
          expect(ours).toEqual(theirs);
        },
      ),
      { numRuns: 200, seed: 20261127 },
    );
  });
});
