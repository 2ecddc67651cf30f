import { describe, expect, it } from "vitest";
import type * as z from "zod";
import { northwindSection } from "./test-support/northwind.js";
import { CalendarSection, CalendarSpec, RegionSpec, WindowSpec, windowTiming } from "./spec.js";

/** The issues of a failed parse as `path: message` lines. */
function issues(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

const oneOff = { name: "sale", kind: "freeze", start: "2026-07-01T06:00", end: "2026-07-03T22:00" };

describe("the Northwind fixture", () => {
  it("validates with CalendarSection", () => {
    const section = northwindSection();
    expect(section.regions.map((r) => r.name)).toEqual(["eu-central", "us-east", "apac"]);
    expect(section.calendars.map((c) => c.name)).toEqual(["northwind-retail", "northwind-promotions"]);
    expect(section.calendars[0]?.windows.map((w) => windowTiming(w).form)).toEqual([
      "anchor",
      "anchor",
      "recurrence",
      "business-days",
      "recurrence",
      "recurrence",
      "outside-trading-hours",
    ]);
  });
});

describe("WindowSpec", () => {
  it("accepts each timing form", () => {
    for (const w of [
      oneOff,
      {
        name: "m",
        kind: "maintenance",
        recurrence: { dtstart: "2026-01-06T22:00", rrule: "FREQ=WEEKLY;BYDAY=TU,TH", duration: "PT6H" },
      },
      { name: "e", kind: "freeze", anchor: { event: "easter", offsetDays: -2, duration: "P4D" } },
      { name: "b", kind: "freeze", businessDays: { lastOfMonth: 3, firstOfNextMonth: 2 } },
      { name: "t", kind: "maintenance", outsideTradingHours: true },
    ]) {
      expect(issues(WindowSpec, w), w.name).toEqual([]);
    }
  });

  it("rejects impossible times, bad durations and unknown zones with clear messages", () => {
    expect(issues(WindowSpec, { ...oneOff, start: "2026-07-01T25:00" })).toEqual([
      'start: "2026-07-01T25:00" is not a real date and time',
    ]);
    expect(issues(WindowSpec, { ...oneOff, start: "2026-07-01 06:00" })).toEqual([
      'start: "2026-07-01 06:00" is not a local date-time like "2026-11-27T00:00" (no offset: the window\'s or the environment\'s time zone applies)',
    ]);
    expect(
      issues(WindowSpec, {
        name: "e",
        kind: "freeze",
        anchor: { event: "easter", time: "24:00", duration: "4 days" },
      }),
    ).toEqual([
      'anchor.time: "24:00" is not a time of day like "22:00" (00:00 to 23:59)',
      'anchor.duration: "4 days" is not an ISO 8601 duration such as PT4H, PT90M, P4D, P1W or P1DT6H',
    ]);
    expect(issues(WindowSpec, { ...oneOff, timezone: "Europe/Berlinn" })).toEqual([
      'timezone: unknown time zone "Europe/Berlinn"; use an IANA zone name such as Europe/Berlin, America/New_York or Asia/Singapore',
    ]);
    expect(issues(WindowSpec, { ...oneOff, timezone: "US/Eastern" })).toEqual([]);
  });

  it("rejects impossible combinations precisely", () => {
    expect(issues(WindowSpec, { name: "x", kind: "freeze" })).toEqual([
      ": a window needs one timing: start/end, recurrence, anchor, businessDays or outsideTradingHours",
    ]);
    expect(
      issues(WindowSpec, { ...oneOff, anchor: { event: "us-thanksgiving", offsetDays: 1, duration: "P4D" } }),
    ).toEqual([": a window has exactly one timing, not start/end and anchor"]);
    expect(issues(WindowSpec, { ...oneOff, end: "2026-07-01T06:00" })).toEqual([
      "end: end 2026-07-01T06:00 is not after start 2026-07-01T06:00",
    ]);
    expect(issues(WindowSpec, { ...oneOff, kind: "maintenance", exemptTiers: ["emergency"] })).toEqual([
      "exemptTiers: only a freeze has exempt tiers",
    ]);
    expect(issues(WindowSpec, { ...oneOff, exemptApprovals: [{ role: "cto" }] })).toEqual([
      "exemptApprovals: exemptApprovals apply to exempt tiers; add exemptTiers",
    ]);
    expect(issues(WindowSpec, { name: "t", kind: "freeze", outsideTradingHours: true })).toEqual([
      "outsideTradingHours: outsideTradingHours describes a maintenance window",
    ]);
    expect(issues(WindowSpec, { ...oneOff, scope: {} })).toEqual([
      "scope: an empty scope matches nothing; omit scope to apply the window to every environment",
    ]);
    expect(issues(WindowSpec, { ...oneOff, timzone: "Europe/Berlin" })).toEqual([
      ': Unrecognized key: "timzone"',
    ]);
  });

  it("checks the RRULE and that DTSTART is its first occurrence", () => {
    const rec = (rrule: string, dtstart = "2026-01-06T22:00") => ({
      name: "m",
      kind: "maintenance",
      recurrence: { dtstart, rrule, duration: "PT6H" },
    });
    expect(issues(WindowSpec, rec("FREQ=WEEKLY;BYDAY=TU,XX"))).toEqual([
      'recurrence.rrule: RRULE "FREQ=WEEKLY;BYDAY=TU,XX": BYDAY value "XX" is not like MO, 1MO or -1FR',
    ]);
    expect(issues(WindowSpec, rec("FREQ=WEEKLY;BYDAY=TU,TH", "2026-01-07T22:00"))).toEqual([
      "recurrence.dtstart: dtstart 2026-01-07T22:00 is not an occurrence of FREQ=WEEKLY;BYDAY=TU,TH; start the series on its first occurrence, 2026-01-08T22:00",
    ]);
  });
});

describe("RegionSpec", () => {
  const region = {
    name: "eu-central",
    timezone: "Europe/Berlin",
    holidays: [{ date: "2026-12-25", name: "Christmas" }],
    tradingHours: {
      mon: "08:00-20:00",
      tue: "08:00-20:00",
      wed: "08:00-20:00",
      thu: "08:00-20:00",
      fri: "08:00-20:00",
      sat: "09:00-12:30,14:00-18:00",
      sun: "closed",
    },
  };

  it("defaults the weekend to Saturday and Sunday", () => {
    expect(RegionSpec.parse(region).weekend).toEqual(["sat", "sun"]);
  });

  it("rejects bad holidays and trading hours", () => {
    expect(
      issues(RegionSpec, {
        ...region,
        holidays: [
          { date: "2026-02-30", name: "nope" },
          { date: "2026-12-25", name: "a" },
          { date: "2026-12-25", name: "b" },
        ],
        tradingHours: { ...region.tradingHours, mon: "20:00-08:00", tue: "8-20", wed: "08:00-24:00" },
      }),
    ).toEqual([
      'holidays.0.date: "2026-02-30" is not a date like "2026-12-25"',
      'tradingHours.mon: in "20:00-08:00", 20:00-08:00 closes before it opens (ranges cannot span midnight)',
      'tradingHours.tue: "8-20" is not "closed" or opening hours like "08:00-20:00" (several: "09:00-12:30,14:00-19:00")',
      "holidays.2.date: 2026-12-25 is already listed as a holiday (holidays[1])",
    ]);
  });
});

describe("CalendarSpec and CalendarSection", () => {
  it("rejects duplicate names with the path of the second", () => {
    expect(issues(CalendarSpec, { name: "c", windows: [oneOff, oneOff] })).toEqual([
      'windows.1.name: window name "sale" is already used by windows[0]',
    ]);
    expect(issues(CalendarSection, { calendars: [{ name: "c" }, { name: "c" }] })).toEqual([
      'calendars.1.name: name "c" is already used by calendars[0]',
    ]);
    expect(issues(CalendarSpec, { name: "Retail Calendar" })).toEqual([
      "name: expected a name of lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, at most 63 characters",
    ]);
  });
});
