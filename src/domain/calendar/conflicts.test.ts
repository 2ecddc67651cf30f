import fc from "fast-check";
import ICAL from "ical.js";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { conflicts, releaseEndMs, type ScheduledRelease } from "./conflicts.js";
import { releaseEventUid, stringifyIcs, toIcs, type ReleaseEvent } from "./ics-export.js";
import type { EnvironmentContext } from "./environment.js";
import { CalendarSection } from "./spec.js";
import { NORTHWIND } from "./test-support/northwind.js";

const at = (iso: string) => Temporal.Instant.from(iso);
// A calendar with no windows: only overlaps can conflict.
const EMPTY = CalendarSection.parse({ regions: [], calendars: [] });
const BASE_MS = at("2026-11-02T00:00:00Z").epochMilliseconds;
// The Northwind environments without calendars.
const EU: EnvironmentContext = { ...NORTHWIND.prodEu, calendars: [] };
const US: EnvironmentContext = { ...NORTHWIND.prodUs, calendars: [] };

const slotArb = fc.record({
  startMinutes: fc.integer({ min: 0, max: 14 * 24 * 60 }),
  minutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
});

function release(id: string, startMinutes: number, minutes: number, env = EU): ScheduledRelease {
  return {
    id,
    environment: env,
    tier: "standard",
    start: Temporal.Instant.fromEpochMilliseconds(BASE_MS + startMinutes * 60_000),
    duration: `PT${minutes}M`,
  };
}

describe("conflicts (properties)", () => {
  it("two overlapping slots on one environment always conflict; disjoint ones never do", () => {
    fc.assert(
      fc.property(slotArb, slotArb, (a, b) => {
        const found = conflicts(
          [release("a", a.startMinutes, a.minutes), release("b", b.startMinutes, b.minutes)],
          EMPTY,
        );
        const overlap =
          a.startMinutes < b.startMinutes + b.minutes && b.startMinutes < a.startMinutes + a.minutes;
        expect(found.filter((c) => c.code === "releases-overlap").length).toBe(overlap ? 1 : 0);
        expect(found).toHaveLength(overlap ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });

  it("reports exactly the overlapping pairs of a schedule, and none across environments", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(slotArb, fc.boolean()), { minLength: 0, maxLength: 12 }), (slots) => {
        const schedule = slots.map(([s, us], i) => release(`r${i}`, s.startMinutes, s.minutes, us ? US : EU));
        const expected = new Set<string>();
        schedule.forEach((x, i) =>
          schedule.forEach((y, j) => {
            if (j <= i || x.environment.id !== y.environment.id) return;
            const [xs, ys] = [x.start.epochMilliseconds, y.start.epochMilliseconds];
            const [xe, ye] = [
              releaseEndMs(x.environment, x.start, x.duration),
              releaseEndMs(y.environment, y.start, y.duration),
            ];
            if (xs < ye && ys < xe) expected.add([x.id, y.id].sort().join("+"));
          }),
        );
        const found = conflicts(schedule, EMPTY);
        expect(found.every((c) => c.code === "releases-overlap")).toBe(true);
        const pairs = found.map((c) => [...c.releases].sort().join("+"));
        expect(new Set(pairs).size).toBe(pairs.length);
        expect(new Set(pairs)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("reads days of a duration as nominal in the environment's zone (23 hours across spring-forward)", () => {
    const start = at("2026-03-28T21:00:00Z"); // 22:00 in Berlin, the day before clocks go forward
    expect(releaseEndMs(NORTHWIND.prodEu, start, "P1D") - start.epochMilliseconds).toBe(23 * 3_600_000);
    expect(releaseEndMs(NORTHWIND.prodEu, start, "PT24H") - start.epochMilliseconds).toBe(24 * 3_600_000);
  });
});

describe("conflicts and the tier's allowedInFreeze", () => {
  const section = CalendarSection.parse({
    regions: [],
    calendars: [
      {
        name: "c",
        windows: [
          {
            name: "inventory",
            kind: "freeze",
            timezone: "Europe/Berlin",
            start: "2026-11-12T00:00",
            end: "2026-11-13T00:00",
            exemptTiers: ["standard"],
          },
        ],
      },
    ],
  });
  const env = { ...NORTHWIND.prodEu, calendars: ["c"] };
  const inFreeze = { ...release("r1", 0, 60, env), start: at("2026-11-12T10:00:00Z") };

  it("lets an exempt tier through unless the tier is not allowed in freezes", () => {
    expect(conflicts([inFreeze], section)).toEqual([]);
    const found = conflicts([{ ...inFreeze, allowedInFreeze: false }], section);
    expect(found.map((c) => c.code)).toEqual(["freeze-active"]);
    expect(found[0]?.message).toBe(
      "release r1: freeze c/inventory is in force Thu 2026-11-12 00:00 → Fri 2026-11-13 00:00 Europe/Berlin (2026-11-11T23:00:00Z → 2026-11-12T23:00:00Z); tier standard is not exempt (the freeze exempts it, but the tier is not allowed in freezes)",
    );
  });
});

describe("toIcs with releases", () => {
  const release: ReleaseEvent = {
    id: "42",
    environment: "northwind/prod-eu",
    timezone: "Europe/Berlin",
    tier: "standard",
    summary: "POS order sync: keep the fiscal position on refunds, and a long summary that needs folding",
    state: "scheduled",
    startMs: at("2026-11-10T21:00:00Z").epochMilliseconds,
    endMs: at("2026-11-10T22:00:00Z").epochMilliseconds,
    disruptive: false,
    sequence: 2,
    stamp: at("2026-11-03T08:15:00Z"),
    link: "/releases/42",
  };
  const options = { name: "orc: northwind/prod-eu", stamp: at("2026-11-01T00:00:00Z"), releases: [release] };

  it("writes one VEVENT per release that parses back identically with ical.js", () => {
    const ics = toIcs([], options);
    expect(toIcs([], options)).toBe(ics);
    const parsed = new ICAL.Component(ICAL.parse(ics) as unknown[]);
    expect(stringifyIcs(parsed)).toBe(ics);
    const [vevent] = parsed.getAllSubcomponents("vevent");
    if (!vevent) throw new Error("no event");
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe("release-42-northwind/prod-eu@orc.invalid");
    expect(event.uid).toBe(releaseEventUid(release));
    expect(event.startDate.toJSDate().toISOString()).toBe("2026-11-10T21:00:00.000Z");
    expect(event.endDate.toJSDate().toISOString()).toBe("2026-11-10T22:00:00.000Z");
    expect(event.summary).toBe(`Release #42 (standard): ${release.summary}`);
    expect(event.sequence).toBe(2);
    expect(event.description).toBe(
      [
        "Release 42 on northwind/prod-eu, tier standard, scheduled",
        "Local time (Europe/Berlin): Tue 2026-11-10 22:00 → Tue 2026-11-10 23:00",
        "Details: /releases/42",
      ].join("\n"),
    );
    expect(vevent.getFirstPropertyValue("categories")).toBe("release");
    expect(vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(vevent.getFirstPropertyValue("x-orc-release")).toBe("42");
    expect(vevent.getFirstPropertyValue("dtstamp")?.toString()).toBe("2026-11-03T08:15:00Z");
    expect(vevent.getFirstPropertyValue("url")).toBeNull();
    expect(ics.split("\r\n").every((line) => Buffer.byteLength(line, "utf8") <= 75)).toBe(true);
  });

  it("marks a conflicting release TENTATIVE with its conflicts, and links absolutely when given a URL", () => {
    const ics = toIcs([], {
      ...options,
      releases: [
        { ...release, link: "https://orc.example/releases/42", conflicts: ["runs into the freeze"] },
      ],
    });
    const parsed = new ICAL.Component(ICAL.parse(ics) as unknown[]);
    expect(stringifyIcs(parsed)).toBe(ics);
    const vevent = parsed.getFirstSubcomponent("vevent");
    expect(vevent?.getFirstPropertyValue("status")).toBe("TENTATIVE");
    expect(vevent?.getFirstPropertyValue("url")).toBe("https://orc.example/releases/42");
    expect(String(vevent?.getFirstPropertyValue("description"))).toContain("Conflict: runs into the freeze");
  });
});
