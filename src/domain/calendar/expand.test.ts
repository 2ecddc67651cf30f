import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { isOrcError } from "../errors.js";
import type { EnvironmentContext } from "./environment.js";
import { expandWindows, type Occurrence } from "./expand.js";
import { NORTHWIND, northwindSection } from "./test-support/northwind.js";
import { CalendarSection } from "./spec.js";

const ZONES = {
  berlin: "Europe/Berlin",
  newYork: "America/New_York",
  sydney: "Australia/Sydney",
  singapore: "Asia/Singapore",
} as const;

function envIn(timezone: string, calendars = ["ops"]): EnvironmentContext {
  const name = timezone.split("/")[1]?.toLowerCase() ?? "x";
  return { id: `acme/${name}`, tenant: "acme", name, kind: "prod", region: name, timezone, calendars };
}

/** One calendar `ops` with the given windows, and a region per test zone. */
function sectionWith(windows: unknown[]): CalendarSection {
  return CalendarSection.parse({
    regions: Object.values(ZONES).map((timezone) => ({
      name: timezone.split("/")[1]?.toLowerCase(),
      timezone,
    })),
    calendars: [{ name: "ops", windows }],
  });
}

function daily(name: string, dtstart: string, duration: string) {
  return { name, kind: "maintenance", recurrence: { dtstart, rrule: "FREQ=DAILY", duration } };
}

const at = (iso: string) => Temporal.Instant.from(iso);

/** `local start → local end | UTC start → UTC end` of each occurrence. */
function show(occurrences: readonly Occurrence[]): string[] {
  return occurrences.map(
    (o) => `${o.localStart} → ${o.localEnd} | ${o.start.toString()} → ${o.end.toString()}`,
  );
}

function expandIn(timezone: string, windows: unknown[], from: string, to: string): string[] {
  return show(expandWindows(sectionWith(windows), envIn(timezone), at(from), at(to)));
}

describe("golden: daylight-saving transitions", () => {
  it("Europe/Berlin spring forward: 02:30 does not exist and starts at 03:30; PT2H is exact", () => {
    expect(
      expandIn(
        ZONES.berlin,
        [daily("gap", "2026-03-27T02:30", "PT2H")],
        "2026-03-27T00:00:00Z",
        "2026-03-30T00:00:00Z",
      ),
    ).toEqual([
      "2026-03-27T02:30 → 2026-03-27T04:30 | 2026-03-27T01:30:00Z → 2026-03-27T03:30:00Z",
      "2026-03-28T02:30 → 2026-03-28T04:30 | 2026-03-28T01:30:00Z → 2026-03-28T03:30:00Z",
      "2026-03-29T03:30 → 2026-03-29T05:30 | 2026-03-29T01:30:00Z → 2026-03-29T03:30:00Z",
    ]);
  });

  it("Europe/Berlin fall back: 02:30 happens twice and means the first (CEST)", () => {
    expect(
      expandIn(
        ZONES.berlin,
        [daily("fold", "2026-10-24T02:30", "PT1H")],
        "2026-10-24T00:00:00Z",
        "2026-10-26T00:00:00Z",
      ),
    ).toEqual([
      "2026-10-24T02:30 → 2026-10-24T03:30 | 2026-10-24T00:30:00Z → 2026-10-24T01:30:00Z",
      // 00:30Z is 02:30 CEST; one exact hour later the clock reads 02:30 again (CET).
      "2026-10-25T02:30 → 2026-10-25T02:30 | 2026-10-25T00:30:00Z → 2026-10-25T01:30:00Z",
    ]);
  });

  it("Europe/Berlin: P1D is nominal (23 h across spring forward), PT24H exact", () => {
    const windows = [
      { name: "nominal", kind: "freeze", start: "2026-03-28T12:00", end: "2026-03-28T13:00" },
      {
        name: "day",
        kind: "freeze",
        recurrence: { dtstart: "2026-03-28T12:00", rrule: "FREQ=WEEKLY;COUNT=1", duration: "P1D" },
      },
      {
        name: "hours",
        kind: "maintenance",
        recurrence: { dtstart: "2026-03-28T12:00", rrule: "FREQ=WEEKLY;COUNT=1", duration: "PT24H" },
      },
    ];
    expect(expandIn(ZONES.berlin, windows, "2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z")).toEqual([
      "2026-03-28T12:00 → 2026-03-28T13:00 | 2026-03-28T11:00:00Z → 2026-03-28T12:00:00Z",
      "2026-03-28T12:00 → 2026-03-29T12:00 | 2026-03-28T11:00:00Z → 2026-03-29T10:00:00Z",
      "2026-03-28T12:00 → 2026-03-29T13:00 | 2026-03-28T11:00:00Z → 2026-03-29T11:00:00Z",
    ]);
  });

  it("America/New_York: gap on 8 March, fold on 1 November 2026", () => {
    const windows = [
      {
        ...daily("night", "2026-03-07T02:30", "PT1H"),
        recurrence: { dtstart: "2026-03-07T02:30", rrule: "FREQ=DAILY;COUNT=2", duration: "PT1H" },
      },
      { name: "fold", kind: "maintenance", start: "2026-11-01T01:30", end: "2026-11-01T03:00" },
    ];
    expect(expandIn(ZONES.newYork, windows, "2026-03-01T00:00:00Z", "2026-12-01T00:00:00Z")).toEqual([
      "2026-03-07T02:30 → 2026-03-07T03:30 | 2026-03-07T07:30:00Z → 2026-03-07T08:30:00Z",
      "2026-03-08T03:30 → 2026-03-08T04:30 | 2026-03-08T07:30:00Z → 2026-03-08T08:30:00Z",
      // 01:30 is first read as EDT (05:30Z); 03:00 is after the fold, EST (08:00Z): 2.5 hours.
      "2026-11-01T01:30 → 2026-11-01T03:00 | 2026-11-01T05:30:00Z → 2026-11-01T08:00:00Z",
    ]);
  });

  it("Australia/Sydney (southern hemisphere): fold in April, gap in October", () => {
    const windows = [
      { name: "april", kind: "freeze", start: "2026-04-05T02:30", end: "2026-04-05T04:00" },
      { name: "october", kind: "freeze", start: "2026-10-04T02:30", end: "2026-10-04T04:00" },
    ];
    expect(expandIn(ZONES.sydney, windows, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")).toEqual([
      "2026-04-05T02:30 → 2026-04-05T04:00 | 2026-04-04T15:30:00Z → 2026-04-04T18:00:00Z", // AEDT then AEST
      "2026-10-04T03:30 → 2026-10-04T04:00 | 2026-10-03T16:30:00Z → 2026-10-03T17:00:00Z", // 02:30 shifted
    ]);
  });

  it("Asia/Singapore has no transitions: the same UTC time all year", () => {
    const out = expandWindows(
      sectionWith([
        {
          name: "w",
          kind: "maintenance",
          recurrence: { dtstart: "2026-01-06T22:00", rrule: "FREQ=MONTHLY;BYDAY=1TU", duration: "PT6H" },
        },
      ]),
      envIn(ZONES.singapore),
      at("2026-01-01T00:00:00Z"),
      at("2027-01-01T00:00:00Z"),
    );
    expect(out).toHaveLength(12);
    expect(new Set(out.map((o) => o.start.toString().slice(11)))).toEqual(new Set(["14:00:00Z"]));
  });

  it("a wall-clock end inside the gap before its shifted start gives an empty span, not a negative one", () => {
    expect(
      expandIn(
        ZONES.berlin,
        [{ name: "odd", kind: "freeze", start: "2026-03-29T02:30", end: "2026-03-29T03:00" }],
        "2026-03-29T00:00:00Z",
        "2026-03-30T00:00:00Z",
      ),
    ).toEqual(["2026-03-29T03:30 → 2026-03-29T03:30 | 2026-03-29T01:30:00Z → 2026-03-29T01:30:00Z"]);
  });
});

describe("floating and fixed windows (Northwind)", () => {
  const section = northwindSection();
  const blackFriday = (env: EnvironmentContext) =>
    expandWindows(section, env, at("2026-11-20T00:00:00Z"), at("2026-12-10T00:00:00Z")).filter(
      (o) => o.window.name === "black-friday-cyber-monday",
    );

  it("Black Friday starts at local midnight in every region", () => {
    expect(blackFriday(NORTHWIND.prodEu).map((o) => [o.localStart, o.start.toString()])).toEqual([
      ["2026-11-27T00:00", "2026-11-26T23:00:00Z"],
    ]);
    expect(blackFriday(NORTHWIND.prodUs).map((o) => [o.localStart, o.start.toString()])).toEqual([
      ["2026-11-27T00:00", "2026-11-27T05:00:00Z"],
    ]);
    expect(blackFriday(NORTHWIND.prodSg).map((o) => [o.localStart, o.start.toString()])).toEqual([
      ["2026-11-27T00:00", "2026-11-26T16:00:00Z"],
    ]);
    expect(blackFriday(NORTHWIND.prodUs)[0]?.localEnd).toBe("2026-12-01T00:00");
  });

  it("a window with a timezone is the same instant everywhere, shown in each environment's time", () => {
    const sale = (env: EnvironmentContext) =>
      expandWindows(section, env, at("2026-06-30T00:00:00Z"), at("2026-07-05T00:00:00Z"))
        .filter((o) => o.window.name === "summer-sale-2026")
        .map((o) => [o.start.toString(), o.localStart, o.windowTimezone, o.floating]);
    expect(sale(NORTHWIND.prodEu)).toEqual([
      ["2026-07-01T04:00:00Z", "2026-07-01T06:00", "Europe/Berlin", false],
    ]);
    expect(sale(NORTHWIND.prodUs)).toEqual([
      ["2026-07-01T04:00:00Z", "2026-07-01T00:00", "Europe/Berlin", false],
    ]);
  });

  it("Good Friday to Easter Monday, in the EU only", () => {
    const easter = (env: EnvironmentContext) =>
      expandWindows(section, env, at("2027-03-01T00:00:00Z"), at("2027-04-30T00:00:00Z"))
        .filter((o) => o.window.name === "easter-weekend")
        .map((o) => `${o.localStart} → ${o.localEnd}`);
    expect(easter(NORTHWIND.prodEu)).toEqual(["2027-03-26T00:00 → 2027-03-30T00:00"]);
    expect(easter(NORTHWIND.prodUs)).toEqual([]);
  });

  it("includes occurrences that began before the range and are still running", () => {
    const running = expandWindows(
      section,
      NORTHWIND.prodEu,
      at("2026-12-31T12:00:00Z"),
      at("2026-12-31T13:00:00Z"),
    );
    expect(running.map((o) => o.id)).toEqual([
      "northwind-retail/christmas-peak@2026-12-15T00:00",
      "northwind-retail/month-end-close@2026-12-29T00:00",
    ]);
  });

  it("refuses an environment whose calendar or region is not defined", () => {
    const call = (env: EnvironmentContext) => () =>
      expandWindows(section, env, at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"));
    expect(call({ ...NORTHWIND.prodEu, calendars: ["nope"] })).toThrowError(
      /uses calendar "nope", which is not defined/,
    );
    try {
      call({ ...NORTHWIND.stagingEu, region: "mars" })();
      expect.unreachable();
    } catch (e) {
      expect(isOrcError(e, "estate-invalid")).toBe(true);
    }
  });
});

describe("properties of expansion", () => {
  const windowArb = fc.oneof(
    fc
      .record({
        dtstart: fc.constantFrom(
          "2026-03-28T02:30",
          "2026-03-29T02:30",
          "2026-10-25T02:30",
          "2026-01-06T22:00",
          "2026-04-05T02:30",
        ),
        rrule: fc.constantFrom("FREQ=DAILY", "FREQ=WEEKLY", "FREQ=MONTHLY", "FREQ=DAILY;INTERVAL=3"),
        duration: fc.constantFrom("PT30M", "PT1H", "PT6H", "P1D", "P1DT2H", "P1W"),
      })
      .map((recurrence) => ({ name: "r", kind: "freeze", recurrence })),
    fc
      .record({
        event: fc.constantFrom("easter", "us-thanksgiving"),
        offsetDays: fc.integer({ min: -10, max: 10 }),
        time: fc.constantFrom("00:00", "02:30", "23:30"),
        duration: fc.constantFrom("PT1H", "P1D", "P4D"),
      })
      .map((anchor) => ({ name: "a", kind: "freeze", anchor })),
    fc.constant({ name: "b", kind: "freeze", businessDays: { lastOfMonth: 3, firstOfNextMonth: 2 } }),
  );

  it("never yields an occurrence that ends before it starts, and yields them in order and in range", () => {
    fc.assert(
      fc.property(
        windowArb,
        fc.constantFrom(...Object.values(ZONES)),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }),
        fc.integer({ min: 1, max: 120 }),
        (window, zone, fromMs, days) => {
          const from = Temporal.Instant.fromEpochMilliseconds(fromMs);
          const to = Temporal.Instant.fromEpochMilliseconds(fromMs + days * 86_400_000);
          const out = expandWindows(sectionWith([window]), envIn(zone), from, to);
          out.forEach((o, i) => {
            expect(o.endMs).toBeGreaterThanOrEqual(o.startMs);
            expect(o.startMs).toBeLessThan(to.epochMilliseconds);
            expect(o.endMs >= fromMs).toBe(true);
            if (i > 0) expect(o.startMs).toBeGreaterThanOrEqual((out[i - 1] as Occurrence).startMs);
          });
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it("gives the same answer for a range as for its two halves together", () => {
    const section = northwindSection();
    const whole = expandWindows(
      section,
      NORTHWIND.stagingEu,
      at("2026-01-01T00:00:00Z"),
      at("2027-01-01T00:00:00Z"),
    );
    const ids = new Set([
      ...expandWindows(
        section,
        NORTHWIND.stagingEu,
        at("2026-01-01T00:00:00Z"),
        at("2026-07-01T00:00:00Z"),
      ).map((o) => o.id),
      ...expandWindows(
        section,
        NORTHWIND.stagingEu,
        at("2026-07-01T00:00:00Z"),
        at("2027-01-01T00:00:00Z"),
      ).map((o) => o.id),
    ]);
    expect(new Set(whole.map((o) => o.id))).toEqual(ids);
  });
});
