import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { conflicts } from "./conflicts.js";
import { decide, type Decision, type DecisionRequest } from "./decide.js";
import type { EnvironmentContext } from "./environment.js";
import { expandWindows } from "./expand.js";
import { NORTHWIND, northwindSection } from "./test-support/northwind.js";
import { CalendarSection } from "./spec.js";
import { resolveInstant } from "./time-zone.js";

const section = northwindSection();

/** A wall-clock time in the environment's zone, as the CLI would pass `--at`. */
function local(env: EnvironmentContext, text: string): Temporal.Instant {
  const i = resolveInstant(text, env.timezone);
  if (!i) throw new Error(text);
  return i;
}

function ask(
  env: EnvironmentContext,
  at: string,
  tier: string,
  duration: string,
  disruptive = false,
): Decision {
  return decide({ environment: env, tier, start: local(env, at), duration, disruptive }, section);
}

const codes = (d: Decision) =>
  d.reasons.map((r) => `${r.code}${r.occurrence ? ` ${r.occurrence.window.name}` : ""}`);

describe("decide (golden, Northwind)", () => {
  it("blocks a standard release on Black Friday and names the next allowed start", () => {
    const d = ask(NORTHWIND.prodEu, "2026-11-27T06:00", "standard", "PT2H");
    expect(d.allowed).toBe(false);
    expect(codes(d)).toEqual(["freeze-active month-end-close", "freeze-active black-friday-cyber-monday"]);
    expect(d.reasons[1]?.message).toBe(
      'freeze northwind-retail/black-friday-cyber-monday "Black Friday to Cyber Monday" is in force Fri 2026-11-27 00:00 → Tue 2026-12-01 00:00 Europe/Berlin (2026-11-26T23:00:00Z → 2026-11-30T23:00:00Z); tier standard is not exempt (exempt: emergency)',
    );
    // Month-end close runs to the end of the second business day of December.
    expect(d.next?.toString()).toBe("2026-12-02T23:00:00Z");
    expect(d.nextLocal).toBe("2026-12-03T00:00");
    expect(d.exemptions).toEqual([]);
  });

  it("lets an exempt tier through and lists the extra approvals", () => {
    const d = ask(NORTHWIND.prodEu, "2026-11-27T06:00", "emergency", "PT2H");
    expect(d.allowed).toBe(true);
    expect(codes(d)).toEqual(["freeze-exempt month-end-close", "freeze-exempt black-friday-cyber-monday"]);
    expect(d.exemptions).toEqual([
      {
        calendar: "northwind-retail",
        window: "month-end-close",
        tier: "emergency",
        approvals: [{ role: "finance-controller", count: 1 }],
      },
      {
        calendar: "northwind-retail",
        window: "black-friday-cyber-monday",
        tier: "emergency",
        approvals: [{ role: "cto", count: 1 }],
      },
    ]);
    expect(d.next).toBeUndefined();
  });

  it("blocks a release that would run into the start of a freeze", () => {
    const d = ask(NORTHWIND.prodEu, "2026-11-25T22:00", "standard", "PT4H");
    expect(codes(d)).toEqual(["runs-into-freeze month-end-close"]);
    expect(d.reasons[0]?.message).toMatch(
      /^the release would run until Thu 2026-11-26 02:00 Europe\/Berlin, into freeze northwind-retail\/month-end-close/,
    );
  });

  it("requires a disruptive release to fit wholly inside a maintenance window", () => {
    const inside = ask(NORTHWIND.prodEu, "2026-06-09T22:30", "standard", "PT5H", true);
    expect(inside.allowed).toBe(true);
    expect(codes(inside)).toEqual(["inside-maintenance-window weekly-maintenance"]);

    const tooLong = ask(NORTHWIND.prodEu, "2026-06-09T22:30", "standard", "PT6H", true);
    expect(tooLong.allowed).toBe(false);
    expect(codes(tooLong)).toEqual(["outside-maintenance-window weekly-maintenance"]);
    // Thursday's window (22:00–04:00) is the next one it fits into.
    expect(tooLong.nextLocal).toBe("2026-06-11T22:00");
  });

  it("answers with local and UTC times on both sides of a DST change (New York, 1 November 2026)", () => {
    const before = ask(NORTHWIND.prodUs, "2026-10-20T10:00", "standard", "PT3H", true);
    expect(before.allowed).toBe(false);
    expect(before.nextLocal).toBe("2026-10-20T22:00");
    expect(before.next?.toString()).toBe("2026-10-21T02:00:00Z"); // EDT, UTC−4
    const after = ask(NORTHWIND.prodUs, "2026-11-10T10:00", "standard", "PT3H", true);
    expect(after.nextLocal).toBe("2026-11-10T22:00");
    expect(after.next?.toString()).toBe("2026-11-11T03:00:00Z"); // EST, UTC−5
  });

  it("uses trading hours for staging: disruptive changes once the stores close", () => {
    const d = ask(NORTHWIND.stagingEu, "2026-06-10T10:00", "standard", "PT1H", true);
    expect(codes(d)).toEqual(["outside-maintenance-window"]);
    expect(d.nextLocal).toBe("2026-06-10T20:00");
    const quiet = ask(NORTHWIND.stagingEu, "2026-06-10T10:00", "standard", "PT1H");
    expect(quiet.allowed).toBe(true);
    expect(codes(quiet)).toEqual(["no-window-applies"]);
  });

  it("reports when no maintenance window applies at all, and when nothing is allowed within the horizon", () => {
    const promotionsOnly = { ...NORTHWIND.prodEu, calendars: ["northwind-promotions"] };
    const d = decide(
      {
        environment: promotionsOnly,
        tier: "standard",
        start: local(promotionsOnly, "2026-06-10T10:00"),
        duration: "PT1H",
        disruptive: true,
      },
      section,
    );
    expect(codes(d)).toEqual(["no-maintenance-window", "no-window-in-horizon"]);
    expect(d.next).toBeUndefined();

    const christmas = decide(
      {
        environment: NORTHWIND.prodEu,
        tier: "standard",
        start: local(NORTHWIND.prodEu, "2026-12-20T10:00"),
        duration: "PT1H",
        horizonDays: 7,
      },
      section,
    );
    expect(codes(christmas).at(-1)).toBe("no-window-in-horizon");
    expect(christmas.reasons.at(-1)?.message).toBe(
      "no allowed start within 7 days, until Sun 2026-12-27 10:00 Europe/Berlin (2026-12-27T09:00:00Z)",
    );
  });

  it("serializes to stable JSON", () => {
    const json = JSON.parse(JSON.stringify(ask(NORTHWIND.prodSg, "2026-11-27T06:00", "standard", "PT2H")));
    expect(json).toMatchObject({
      allowed: false,
      environment: "northwind/prod-sg",
      start: "2026-11-26T22:00:00Z",
      localStart: "2026-11-27T06:00",
      next: "2026-12-02T16:00:00Z",
    });
    expect(json.reasons[0].occurrence.id).toBe("northwind-retail/month-end-close@2026-11-26T00:00");
  });
});

describe("conflicts", () => {
  it("finds overlapping releases and releases running into a freeze", () => {
    const r = (id: string, at: string, duration: string, env = NORTHWIND.prodEu, disruptive = false) => ({
      id,
      environment: env,
      tier: "standard",
      start: local(env, at),
      duration,
      disruptive,
    });
    const found = conflicts(
      [
        r("r1", "2026-11-24T10:00", "PT2H"),
        r("r2", "2026-11-24T11:00", "PT2H"),
        r("r3", "2026-11-25T23:00", "PT2H"),
        r("r4", "2026-11-24T10:30", "PT1H", NORTHWIND.prodUs),
        r("r5", "2026-11-24T12:30", "PT1H", NORTHWIND.prodEu),
      ],
      section,
    );
    expect(found.map((c) => `${c.environment} ${c.code} ${c.releases.join("+")}`)).toEqual([
      "northwind/prod-eu releases-overlap r1+r2",
      "northwind/prod-eu releases-overlap r2+r5",
      "northwind/prod-eu runs-into-freeze r3",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties on random calendars.

const ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Singapore"] as const;

const freezeArb = fc.oneof(
  fc
    .record({
      day: fc.integer({ min: 0, max: 360 }),
      hour: fc.integer({ min: 0, max: 23 }),
      hours: fc.integer({ min: 1, max: 240 }),
    })
    .map(({ day, hour, hours }) => {
      const start = Temporal.PlainDateTime.from("2026-01-01T00:00").add({ days: day, hours: hour });
      const end = start.add({ hours });
      return { start: start.toString().slice(0, 16), end: end.toString().slice(0, 16) };
    }),
  fc
    .record({
      rrule: fc.constantFrom("FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,FR", "FREQ=MONTHLY;BYMONTHDAY=1,15"),
      time: fc.constantFrom("00:00", "02:30", "09:00", "18:00"),
      duration: fc.constantFrom("PT1H", "PT6H", "PT20H", "P1D", "P2D"),
    })
    .map(({ rrule, time, duration }) => ({
      recurrence: {
        dtstart: rrule.includes("MONTHLY")
          ? `2026-01-01T${time}`
          : rrule.includes("WEEKLY")
            ? `2026-01-02T${time}`
            : `2026-01-01T${time}`,
        rrule,
        duration,
      },
    })),
  fc
    .record({
      event: fc.constantFrom("easter", "us-thanksgiving"),
      offsetDays: fc.integer({ min: -3, max: 3 }),
      duration: fc.constantFrom("P1D", "P4D"),
    })
    .map((anchor) => ({ anchor })),
);

const maintenanceArb = fc
  .record({
    rrule: fc.constantFrom("FREQ=DAILY", "FREQ=WEEKLY;BYDAY=TU,TH", "FREQ=WEEKLY;BYDAY=SU"),
    time: fc.constantFrom("01:00", "02:30", "22:00"),
    duration: fc.constantFrom("PT2H", "PT4H", "PT6H", "PT8H"),
  })
  .map(({ rrule, time, duration }) => ({
    recurrence: {
      dtstart: rrule.includes("TU,TH")
        ? `2026-01-06T${time}`
        : rrule.includes("SU")
          ? `2026-01-04T${time}`
          : `2026-01-01T${time}`,
      rrule,
      duration,
    },
  }));

const scenarioArb = fc.record({
  freezes: fc.array(fc.record({ timing: freezeArb, exempt: fc.boolean(), floating: fc.boolean() }), {
    minLength: 1,
    maxLength: 5,
  }),
  maintenance: fc.array(maintenanceArb, { minLength: 0, maxLength: 2 }),
  zone: fc.constantFrom(...ZONES),
  tier: fc.constantFrom("standard", "emergency"),
  startMs: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }),
  duration: fc.constantFrom("PT30M", "PT2H", "PT5H", "P1D"),
  disruptive: fc.boolean(),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function scenarioSection(s: Scenario): CalendarSection {
  return CalendarSection.parse({
    calendars: [
      {
        name: "random",
        windows: [
          ...s.freezes.map((f, i) => ({
            name: `freeze-${i}`,
            kind: "freeze",
            ...f.timing,
            ...(f.exempt ? { exemptTiers: ["emergency"] } : {}),
            ...(f.floating ? {} : { timezone: "Europe/Berlin" }),
          })),
          ...s.maintenance.map((m, i) => ({ name: `maintenance-${i}`, kind: "maintenance", ...m })),
        ],
      },
    ],
  });
}

function envFor(zone: string): EnvironmentContext {
  return {
    id: "acme/prod",
    tenant: "acme",
    name: "prod",
    kind: "prod",
    region: "none",
    timezone: zone,
    calendars: ["random"],
  };
}

describe("properties of decisions", () => {
  it("a decision inside an active freeze is never allowed for a tier the freeze does not exempt", () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0, max: 0.999, noNaN: true }), (s, where) => {
        const sec = scenarioSection(s);
        const env = envFor(s.zone);
        const from = Temporal.Instant.fromEpochMilliseconds(s.startMs);
        const to = Temporal.Instant.fromEpochMilliseconds(s.startMs + 60 * 86_400_000);
        const active = expandWindows(sec, env, from, to).filter(
          (o) => o.kind === "freeze" && o.endMs > o.startMs && !(o.window.exemptTiers ?? []).includes(s.tier),
        );
        fc.pre(active.length > 0);
        const o = active[0];
        if (!o) return;
        const startMs =
          Math.max(o.startMs, s.startMs) + Math.floor((o.endMs - Math.max(o.startMs, s.startMs)) * where);
        fc.pre(startMs < o.endMs);
        const d = decide(
          {
            environment: env,
            tier: s.tier,
            start: Temporal.Instant.fromEpochMilliseconds(startMs),
            duration: s.duration,
            disruptive: s.disruptive,
          },
          sec,
        );
        expect(d.allowed).toBe(false);
        expect(d.reasons.some((r) => r.code === "freeze-active" && r.occurrence?.id === o.id)).toBe(true);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it("the next allowed start, when given, is itself allowed, within the horizon and not before the request", () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 60 }), (s, horizonDays) => {
        const sec = scenarioSection(s);
        const request: DecisionRequest = {
          environment: envFor(s.zone),
          tier: s.tier,
          start: Temporal.Instant.fromEpochMilliseconds(s.startMs),
          duration: s.duration,
          disruptive: s.disruptive,
          horizonDays,
        };
        const d = decide(request, sec);
        if (d.allowed) {
          expect(d.next).toBeUndefined();
          return;
        }
        if (!d.next) {
          expect(d.reasons.at(-1)?.code).toBe("no-window-in-horizon");
          return;
        }
        expect(d.next.epochMilliseconds).toBeGreaterThan(s.startMs);
        expect(d.next.epochMilliseconds).toBeLessThanOrEqual(
          s.startMs + horizonDays * 86_400_000 + 3_600_000,
        );
        const again = decide({ ...request, start: d.next }, sec);
        expect(again.allowed, JSON.stringify(again.reasons.map((r) => r.message))).toBe(true);
        // …and it is the earliest: a minute earlier is still blocked (unless that is before the request).
        if (d.next.epochMilliseconds - 60_000 >= s.startMs) {
          const earlier = decide(
            { ...request, start: Temporal.Instant.fromEpochMilliseconds(d.next.epochMilliseconds - 60_000) },
            sec,
          );
          expect(earlier.allowed).toBe(false);
        }
      }),
      { numRuns: 300, seed: 9 },
    );
  });
});
