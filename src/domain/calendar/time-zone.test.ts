import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { addDuration, durationOf, parseDuration } from "./duration.js";
import { checkTimeZone, resolveInstant, zoneRules } from "./time-zone.js";
import { formatWall, parseWall, type WallMs } from "./wall-clock.js";

function wall(text: string): WallMs {
  const w = parseWall(text);
  if (w === undefined) throw new Error(text);
  return w;
}

function utc(zone: string, local: string): string {
  return new Date(zoneRules(zone).toEpoch(wall(local))).toISOString();
}

describe("checkTimeZone", () => {
  it.each([
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Singapore",
    "UTC",
    "US/Eastern",
    "Asia/Calcutta",
  ])("accepts %s", (zone) => expect(checkTimeZone(zone)).toEqual({ ok: true }));

  it("refuses unknown zones, offsets and non-canonical spellings with a hint", () => {
    expect(checkTimeZone("Mars/Olympus_Mons")).toMatchObject({
      ok: false,
      message: 'unknown time zone "Mars/Olympus_Mons"',
    });
    expect(checkTimeZone("+01:00")).toMatchObject({
      ok: false,
      message: '"+01:00" is a UTC offset, not an IANA time zone',
    });
    expect(checkTimeZone("europe/berlin")).toMatchObject({
      ok: false,
      hint: 'did you mean "Europe/Berlin"?',
    });
  });
});

describe("zoneRules (golden: RFC 5545 gap and fold)", () => {
  it("Europe/Berlin: 02:30 on 2026-03-29 does not exist and becomes 03:30 CEST", () => {
    expect(utc("Europe/Berlin", "2026-03-29T02:30")).toBe("2026-03-29T01:30:00.000Z");
    expect(formatWall(zoneRules("Europe/Berlin").toWall(Date.parse("2026-03-29T01:30:00Z")))).toBe(
      "2026-03-29T03:30",
    );
  });
  it("Europe/Berlin: 02:30 on 2026-10-25 happens twice and means the first (CEST)", () => {
    expect(utc("Europe/Berlin", "2026-10-25T02:30")).toBe("2026-10-25T00:30:00.000Z");
  });
  it("America/New_York: 02:30 on 2026-03-08 becomes 03:30 EDT; 01:30 on 2026-11-01 is EDT", () => {
    expect(utc("America/New_York", "2026-03-08T02:30")).toBe("2026-03-08T07:30:00.000Z");
    expect(utc("America/New_York", "2026-11-01T01:30")).toBe("2026-11-01T05:30:00.000Z");
  });
  it("Australia/Sydney (southern hemisphere): gap in October, fold in April", () => {
    expect(utc("Australia/Sydney", "2026-10-04T02:30")).toBe("2026-10-03T16:30:00.000Z"); // 03:30 AEDT (+11)
    expect(utc("Australia/Sydney", "2026-04-05T02:30")).toBe("2026-04-04T15:30:00.000Z"); // first: AEDT (+11)
  });
  it("Asia/Singapore has no daylight-saving time", () => {
    expect(utc("Asia/Singapore", "2026-03-29T02:30")).toBe("2026-03-28T18:30:00.000Z");
    expect(utc("Asia/Singapore", "2026-10-25T02:30")).toBe("2026-10-24T18:30:00.000Z");
  });
});

describe("zoneRules agrees with Temporal's 'compatible' disambiguation", () => {
  const zones = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Singapore",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
  ];
  it("for random wall times, biased towards transition days", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 1995, max: 2045 }),
        fc.constantFrom(3, 4, 10, 11, 1, 7),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        (zone, year, month, day, minuteOfDay) => {
          const pdt = new Temporal.PlainDateTime(
            year,
            month,
            day,
            Math.floor(minuteOfDay / 60),
            minuteOfDay % 60,
          );
          const expected = pdt.toZonedDateTime(zone, { disambiguation: "compatible" }).epochMilliseconds;
          const w = Date.UTC(year, month - 1, day, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
          expect(zoneRules(zone).toEpoch(w)).toBe(expected);
        },
      ),
      { numRuns: 3000, seed: 42 },
    );
  });

  it("at every minute of the four transition days of 2026 in Berlin and Sydney", () => {
    const days = [
      ["Europe/Berlin", 2026, 3, 29],
      ["Europe/Berlin", 2026, 10, 25],
      ["Australia/Sydney", 2026, 4, 5],
      ["Australia/Sydney", 2026, 10, 4],
    ] as const;
    for (const [zone, y, m, d] of days) {
      for (let minute = 0; minute < 24 * 60; minute += 5) {
        const pdt = new Temporal.PlainDateTime(y, m, d, Math.floor(minute / 60), minute % 60);
        const expected = pdt.toZonedDateTime(zone).epochMilliseconds;
        expect(zoneRules(zone).toEpoch(Date.UTC(y, m - 1, d, Math.floor(minute / 60), minute % 60))).toBe(
          expected,
        );
      }
    }
  });
});

describe("durations (nominal days, exact hours)", () => {
  it("refuses malformed, negative, zero and month durations with a clear message", () => {
    expect(parseDuration("4h")).toEqual({
      ok: false,
      message: '"4h" is not an ISO 8601 duration such as PT4H, PT90M, P4D, P1W or P1DT6H',
    });
    expect(parseDuration("-PT4H")).toMatchObject({ ok: false, message: 'duration "-PT4H" is negative' });
    expect(parseDuration("PT0S")).toMatchObject({ ok: false, message: 'duration "PT0S" is zero' });
    expect(parseDuration("P1M")).toMatchObject({ ok: false });
    expect(parseDuration("P1W")).toEqual({ ok: true, value: { text: "P1W", nominalDays: 7, exactMs: 0 } });
  });

  it("reads the same durations as Temporal.Duration.from", () => {
    for (const text of [
      "PT4H",
      "PT90M",
      "P4D",
      "P1W",
      "P1DT6H",
      "PT1.5H",
      "PT0.5S",
      "P2W3D",
      "PT36H",
      "p1d",
    ]) {
      const d = Temporal.Duration.from(text);
      expect(parseDuration(text), text).toEqual({
        ok: true,
        value: {
          text,
          nominalDays: d.weeks * 7 + d.days,
          exactMs: d.hours * 3_600_000 + d.minutes * 60_000 + d.seconds * 1000 + d.milliseconds,
        },
      });
    }
    for (const text of ["P", "PT", "P1DT", "1D", "PT1.5H30M", "P1.5D", "P1H"]) {
      expect(parseDuration(text).ok, text).toBe(false);
    }
  });

  it("P1D across the spring-forward night keeps the wall time (23 elapsed hours)", () => {
    const rules = zoneRules("Europe/Berlin");
    const start = rules.toEpoch(wall("2026-03-28T22:00"));
    const end = addDuration(rules, start, durationOf("P1D"));
    expect(formatWall(rules.toWall(end))).toBe("2026-03-29T22:00");
    expect((end - start) / 3_600_000).toBe(23);
  });

  it("PT24H across the same night is exact (ends at 23:00 local)", () => {
    const rules = zoneRules("Europe/Berlin");
    const start = rules.toEpoch(wall("2026-03-28T22:00"));
    expect(formatWall(rules.toWall(addDuration(rules, start, durationOf("PT24H"))))).toBe("2026-03-29T23:00");
  });

  it("matches Temporal ZonedDateTime.add for random starts and durations", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("Europe/Berlin", "America/New_York", "Australia/Sydney"),
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 30 }),
        (zone, epoch, days, hours) => {
          fc.pre(days + hours > 0);
          const start = Math.floor(epoch / 60_000) * 60_000;
          const d = durationOf(`P${days}DT${hours}H`.replace("P0D", "P").replace("T0H", "") || "PT0H");
          const expected = Temporal.Instant.fromEpochMilliseconds(start)
            .toZonedDateTimeISO(zone)
            .add({ days, hours }).epochMilliseconds;
          expect(addDuration(zoneRules(zone), start, d)).toBe(expected);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe("resolveInstant", () => {
  it("reads wall times in the zone and instants as given", () => {
    expect(resolveInstant("2026-11-27T06:00", "Europe/Berlin")?.toString()).toBe("2026-11-27T05:00:00Z");
    expect(resolveInstant("2026-11-27T06:00:00Z", "Europe/Berlin")?.toString()).toBe("2026-11-27T06:00:00Z");
    expect(resolveInstant("next friday", "Europe/Berlin")).toBeUndefined();
  });
});
