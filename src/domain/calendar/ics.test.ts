import ICAL from "ical.js";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { expandWindows } from "./expand.js";
import { NORTHWIND, northwindSection } from "./test-support/northwind.js";
import { stringifyIcs, toIcs } from "./ics-export.js";
import { importIcs, type IcsImportResult } from "./ics-import.js";
import { CalendarSection, IcsImportMapping } from "./spec.js";

const at = (iso: string) => Temporal.Instant.from(iso);
const STAMP = at("2026-11-01T00:00:00Z");

describe("toIcs", () => {
  const section = northwindSection();
  const occurrences = expandWindows(
    section,
    NORTHWIND.prodEu,
    at("2026-11-01T00:00:00Z"),
    at("2027-01-10T00:00:00Z"),
  );
  const options = { name: "orc: northwind/prod-eu", stamp: STAMP, uidScope: "northwind/prod-eu" };
  const ics = toIcs(occurrences, options);

  it("is deterministic and byte-identical when generated twice", () => {
    expect(toIcs(occurrences, options)).toBe(ics);
    expect(
      ics.startsWith(
        "BEGIN:VCALENDAR\r\nPRODID:-//Odoo Release Control//orc calendar//EN\r\nVERSION:2.0\r\n",
      ),
    ).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.split("\r\n").every((line) => Buffer.byteLength(line, "utf8") <= 75)).toBe(true);
  });

  it("parses back with ical.js to the same text and the same events", () => {
    const parsed = new ICAL.Component(ICAL.parse(ics) as unknown[]);
    expect(stringifyIcs(parsed)).toBe(ics);
    const events = parsed.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
    expect(events).toHaveLength(occurrences.length);
    events.forEach((e, i) => {
      const o = occurrences[i];
      if (!o) throw new Error("missing occurrence");
      expect(e.startDate.toUnixTime() * 1000).toBe(o.startMs);
      expect(e.endDate.toUnixTime() * 1000).toBe(o.endMs);
      expect(e.startDate.zone?.tzid).toBe("UTC");
      expect(e.summary).toBe(
        `${o.kind === "freeze" ? "Release freeze" : "Maintenance window"}: ${o.window.description}`,
      );
      expect(e.component.getFirstPropertyValue("x-orc-occurrence")).toBe(o.id);
    });
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it("gives stable UIDs that differ between feeds", () => {
    const other = toIcs(occurrences.slice(0, 1), { ...options, uidScope: "northwind/prod-us" });
    const uid = (text: string) => /UID:(\S+)/.exec(text)?.[1];
    expect(uid(toIcs(occurrences.slice(0, 1), options))).toBe(uid(ics));
    expect(uid(other)).not.toBe(uid(ics));
  });

  it("describes an occurrence with its local times and exemptions", () => {
    const bf = occurrences.find((o) => o.window.name === "black-friday-cyber-monday");
    if (!bf) throw new Error("no Black Friday");
    const event = new ICAL.Component(ICAL.parse(toIcs([bf], options)) as unknown[]).getFirstSubcomponent(
      "vevent",
    );
    expect(event?.getFirstPropertyValue("description")).toBe(
      [
        "Freeze northwind-retail/black-friday-cyber-monday",
        "Local time (Europe/Berlin): Fri 2026-11-27 00:00 → Tue 2026-12-01 00:00",
        "Exempt tiers: emergency (extra approval: 1 × cto)",
        "Black Friday to Cyber Monday",
      ].join("\n"),
    );
    expect(event?.getFirstPropertyValue("dtstart")?.toString()).toBe("2026-11-26T23:00:00Z");
  });
});

// ---------------------------------------------------------------------------------------------

const BERLIN_VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  "TZID:Europe/Berlin",
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
];

const OUTLOOK_VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  "TZID:W. Europe Standard Time",
  "BEGIN:STANDARD",
  "DTSTART:16010101T030000",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
  "END:STANDARD",
  "BEGIN:DAYLIGHT",
  "DTSTART:16010101T020000",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
  "END:DAYLIGHT",
  "END:VTIMEZONE",
];

const EVENTS: Record<string, string[]> = {
  blackWeek: [
    "BEGIN:VEVENT",
    "UID:black-week-2026@marketing.northwind.example",
    "DTSTAMP:20260901T120000Z",
    "DTSTART;VALUE=DATE:20261123",
    "DTEND;VALUE=DATE:20261130",
    "SUMMARY:Black Week Sale",
    "CATEGORIES:Promotion,Online",
    "END:VEVENT",
  ],
  tvSpot: [
    "BEGIN:VEVENT",
    "UID:tv-spot-0917@marketing.northwind.example",
    "DTSTAMP:20260901T120000Z",
    "DTSTART;TZID=Europe/Berlin:20260917T180000",
    "DTEND;TZID=Europe/Berlin:20260917T230000",
    "SUMMARY:TV campaign launch",
    "CATEGORIES:Campaign",
    "END:VEVENT",
  ],
  newsletter: [
    "BEGIN:VEVENT",
    "UID:newsletter-xmas@marketing.northwind.example",
    "DTSTAMP:20260901T120000Z",
    "DTSTART:20261201T070000Z",
    "DURATION:PT4H",
    "SUMMARY:Christmas newsletter blast",
    "CATEGORIES:Promotion",
    "END:VEVENT",
  ],
  flashFriday: [
    "BEGIN:VEVENT",
    "UID:flash-friday@marketing.northwind.example",
    "DTSTAMP:20260901T120000Z",
    "DTSTART;TZID=Europe/Berlin:20260904T100000",
    "DTEND;TZID=Europe/Berlin:20260904T140000",
    "RRULE:FREQ=WEEKLY;BYDAY=FR;UNTIL=20261030T235959Z",
    "EXDATE;TZID=Europe/Berlin:20260925T100000",
    "SUMMARY:Flash Friday",
    "CATEGORIES:Promotion",
    "END:VEVENT",
  ],
  flashFridayMoved: [
    "BEGIN:VEVENT",
    "UID:flash-friday@marketing.northwind.example",
    "DTSTAMP:20260901T120000Z",
    "RECURRENCE-ID;TZID=Europe/Berlin:20261009T100000",
    "DTSTART;TZID=Europe/Berlin:20261010T120000",
    "DTEND;TZID=Europe/Berlin:20261010T160000",
    "SUMMARY:Flash Friday (moved to Saturday)",
    "END:VEVENT",
  ],
  outlook: [
    "BEGIN:VEVENT",
    "UID:outlook-launch@marketing.northwind.example",
    "DTSTAMP:20260901T120000Z",
    "DTSTART;TZID=W. Europe Standard Time:20261015T090000",
    "DTEND;TZID=W. Europe Standard Time:20261015T170000",
    "SUMMARY:Autumn collection launch",
    "CATEGORIES:Campaign",
    "END:VEVENT",
  ],
  lunch: [
    "BEGIN:VEVENT",
    "UID:team-lunch@marketing.northwind.example",
    "DTSTAMP:20260901T120000Z",
    "DTSTART;TZID=Europe/Berlin:20261002T120000",
    "DTEND;TZID=Europe/Berlin:20261002T130000",
    "SUMMARY:Marketing team lunch",
    "END:VEVENT",
  ],
  cancelled: [
    "BEGIN:VEVENT",
    "UID:cancelled-sale@marketing.northwind.example",
    "DTSTAMP:20260901T120000Z",
    "DTSTART;VALUE=DATE:20261105",
    "DTEND;VALUE=DATE:20261106",
    "SUMMARY:Singles Day preview",
    "STATUS:CANCELLED",
    "CATEGORIES:Promotion",
    "END:VEVENT",
  ],
};

function feed(events: readonly (readonly string[])[] = Object.values(EVENTS)): string {
  return [
    "BEGIN:VCALENDAR",
    "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    "X-WR-CALNAME:Northwind Marketing",
    ...BERLIN_VTIMEZONE,
    ...OUTLOOK_VTIMEZONE,
    ...events.flat(),
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

const MAPPING = IcsImportMapping.parse({
  calendar: "marketing-promotions",
  description: "Imported from the marketing team's calendar",
  rules: [
    { match: { categories: "^promotion$" }, exemptTiers: ["emergency"] },
    { match: { categories: "^campaign$" }, scope: { regions: ["eu-central"] } },
  ],
});

function ok(result: IcsImportResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result;
}

describe("importIcs", () => {
  it("turns promotions into freezes, keeping each event's time semantics", () => {
    const result = ok(importIcs(feed(), MAPPING));
    const byDescription = [...result.calendar.windows].sort((a, b) =>
      (a.description ?? "").localeCompare(b.description ?? ""),
    );
    const summary = byDescription.map((w) => ({
      description: w.description,
      timezone: w.timezone ?? "floating",
      timing: w.recurrence ?? { start: w.start, end: w.end },
      exempt: w.exemptTiers,
      scope: w.scope,
      source: w.source,
    }));
    expect(summary).toEqual([
      {
        description: "Autumn collection launch",
        timezone: "UTC", // the Outlook zone has no IANA name: converted to UTC with its VTIMEZONE
        timing: { start: "2026-10-15T07:00", end: "2026-10-15T15:00" },
        exempt: undefined,
        scope: { regions: ["eu-central"] },
        source: { uid: "outlook-launch@marketing.northwind.example" },
      },
      {
        description: "Black Week Sale",
        timezone: "floating",
        timing: { start: "2026-11-23T00:00", end: "2026-11-30T00:00" },
        exempt: ["emergency"],
        scope: undefined,
        source: { uid: "black-week-2026@marketing.northwind.example" },
      },
      {
        description: "Christmas newsletter blast",
        timezone: "UTC",
        timing: { start: "2026-12-01T07:00", end: "2026-12-01T11:00" },
        exempt: ["emergency"],
        scope: undefined,
        source: { uid: "newsletter-xmas@marketing.northwind.example" },
      },
      {
        description: "Flash Friday",
        timezone: "Europe/Berlin",
        timing: {
          dtstart: "2026-09-04T10:00",
          rrule: "FREQ=WEEKLY;BYDAY=FR;UNTIL=20261030T235959Z",
          duration: "PT4H",
          exdates: ["2026-09-25T10:00", "2026-10-09T10:00"],
        },
        exempt: ["emergency"],
        scope: undefined,
        source: { uid: "flash-friday@marketing.northwind.example" },
      },
      {
        description: "Flash Friday (moved to Saturday)",
        timezone: "Europe/Berlin",
        timing: { start: "2026-10-10T12:00", end: "2026-10-10T16:00" },
        exempt: ["emergency"],
        scope: undefined,
        source: { uid: "flash-friday@marketing.northwind.example", recurrenceId: "20261009T100000" },
      },
      {
        description: "TV campaign launch",
        timezone: "Europe/Berlin",
        timing: { start: "2026-09-17T18:00", end: "2026-09-17T23:00" },
        exempt: undefined,
        scope: { regions: ["eu-central"] },
        source: { uid: "tv-spot-0917@marketing.northwind.example" },
      },
    ]);
    expect(result.calendar.windows.every((w) => /^[a-z0-9-]+-[0-9a-f]{10}$/.test(w.name))).toBe(true);
    expect(result.skipped.map((s) => `${s.summary}: ${s.reason}`)).toEqual([
      "Marketing team lunch: no rule matches",
      "Singles Day preview: cancelled",
    ]);
  });

  it("yields freezes that the engine expands (seven Flash Fridays plus the moved one)", () => {
    const calendar = ok(importIcs(feed(), MAPPING)).calendar;
    const section = CalendarSection.parse({ regions: [], calendars: [calendar] });
    const env = { ...NORTHWIND.prodEu, calendars: ["marketing-promotions"] };
    const flash = expandWindows(section, env, at("2026-09-01T00:00:00Z"), at("2026-11-15T00:00:00Z")).filter(
      (o) => o.window.description?.startsWith("Flash Friday"),
    );
    expect(flash.map((o) => o.localStart)).toEqual([
      "2026-09-04T10:00",
      "2026-09-11T10:00",
      "2026-09-18T10:00",
      "2026-10-02T10:00",
      "2026-10-10T12:00",
      "2026-10-16T10:00",
      "2026-10-23T10:00",
      "2026-10-30T10:00",
    ]);
  });

  it("is idempotent: the same feed, in any event order, gives the same calendar; removed events disappear", () => {
    const first = ok(importIcs(feed(), MAPPING)).calendar;
    expect(ok(importIcs(feed(), MAPPING)).calendar).toEqual(first);
    expect(ok(importIcs(feed([...Object.values(EVENTS)].reverse()), MAPPING)).calendar).toEqual(first);
    const { tvSpot: _removed, ...rest } = EVENTS;
    const without = ok(importIcs(feed(Object.values(rest)), MAPPING)).calendar;
    expect(without.windows.map((w) => w.name)).toEqual(
      first.windows.map((w) => w.name).filter((n) => !n.startsWith("tv-campaign")),
    );
  });

  it("maps non-IANA TZIDs through timezoneAliases, so recurring events keep their zone", () => {
    const recurring = [
      "BEGIN:VEVENT",
      "UID:weekly-outlook@marketing.northwind.example",
      "DTSTART;TZID=W. Europe Standard Time:20261006T090000",
      "DTEND;TZID=W. Europe Standard Time:20261006T100000",
      "RRULE:FREQ=WEEKLY;COUNT=4",
      "SUMMARY:Weekly promo",
      "CATEGORIES:Promotion",
      "END:VEVENT",
    ];
    const refused = importIcs(feed([recurring]), MAPPING, { file: "marketing.ics" });
    expect(refused.ok).toBe(false);
    const dtstartLine =
      feed([recurring])
        .split("\r\n")
        .findIndex((l) => l.startsWith("DTSTART;TZID=W.")) + 1;
    expect(!refused.ok && refused.diagnostics[0]).toMatchObject({
      file: "marketing.ics",
      line: dtstartLine,
      code: "ics-timezone",
    });
    const aliased = ok(
      importIcs(feed([recurring]), {
        ...MAPPING,
        timezoneAliases: { "W. Europe Standard Time": "Europe/Berlin" },
      }),
    );
    expect(aliased.calendar.windows[0]).toMatchObject({
      timezone: "Europe/Berlin",
      recurrence: { dtstart: "2026-10-06T09:00", rrule: "FREQ=WEEKLY;COUNT=4", duration: "PT1H" },
    });
  });

  describe("malformed ICS: an error naming the line, nothing imported", () => {
    function lineOf(text: string, needle: string): number {
      return text.split("\r\n").findIndex((l) => l.includes(needle)) + 1;
    }

    it.each([
      [
        "a line without a colon",
        "SUMMARY:Black Week Sale",
        "SUMMARY Black Week Sale",
        "ics-syntax",
        'expected ":" after SUMMARY',
      ],
      [
        "a malformed date",
        "DTSTART;VALUE=DATE:20261123",
        "DTSTART;VALUE=DATE:2026garbage",
        "ics-value",
        'DTSTART value "2026garbage"',
      ],
      [
        "an impossible date",
        "DTEND;VALUE=DATE:20261130",
        "DTEND;VALUE=DATE:20261131",
        "ics-value",
        'DTEND value "20261131"',
      ],
      [
        "an RRULE the engine refuses",
        "RRULE:FREQ=WEEKLY;BYDAY=FR;UNTIL=20261030T235959Z",
        "RRULE:FREQ=HOURLY",
        "ics-rrule",
        "FREQ=HOURLY is finer",
      ],
      [
        "an unknown zone",
        "DTSTART;TZID=Europe/Berlin:20260917T180000",
        "DTSTART;TZID=Mars/Olympus:20260917T180000",
        "ics-timezone",
        'TZID "Mars/Olympus"',
      ],
    ])("%s", (_label, good, bad, code, message) => {
      const text = feed().replace(good, bad);
      const result = importIcs(text, MAPPING, { file: "marketing.ics" });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect("calendar" in result).toBe(false);
      const d = result.diagnostics[0];
      expect(d?.code).toBe(code);
      expect(d?.line).toBe(lineOf(text, bad));
      expect(d?.message).toContain(message);
      expect(d?.file).toBe("marketing.ics");
    });

    it("an unclosed component is reported at its BEGIN line", () => {
      const text = feed().replace("END:VEVENT\r\nBEGIN:VEVENT\r\nUID:tv-spot", "BEGIN:VEVENT\r\nUID:tv-spot");
      const result = importIcs(text, MAPPING);
      expect(result.ok).toBe(false);
      const begin = lineOf(text, "UID:black-week") - 1;
      expect(!result.ok && result.diagnostics.map((d) => `${d.line} ${d.message}`)).toEqual([
        `${begin} BEGIN:VEVENT is not closed before END:VCALENDAR at line ${lineOf(text, "END:VCALENDAR")}`,
      ]);
    });

    it("something that is not iCalendar at all", () => {
      expect(importIcs("<html>not a calendar</html>", MAPPING)).toEqual({
        ok: false,
        diagnostics: [
          {
            line: 1,
            code: "ics-structure",
            severity: "error",
            message:
              'expected BEGIN:VCALENDAR, found "<html>not a calendar</html>"; is this an iCalendar file?',
          },
        ],
      });
    });
  });

  it("re-imports its own export: the same instants come back", () => {
    const section = northwindSection();
    const occurrences = expandWindows(
      section,
      NORTHWIND.prodEu,
      at("2026-11-20T00:00:00Z"),
      at("2026-12-10T00:00:00Z"),
    ).filter((o) => o.kind === "freeze");
    const ics = toIcs(occurrences, { name: "orc", stamp: STAMP });
    const calendar = ok(
      importIcs(
        ics,
        IcsImportMapping.parse({ calendar: "round-trip", rules: [{ match: { categories: "freeze" } }] }),
      ),
    ).calendar;
    const back = expandWindows(
      CalendarSection.parse({ calendars: [calendar] }),
      { ...NORTHWIND.prodEu, calendars: ["round-trip"] },
      at("2026-11-20T00:00:00Z"),
      at("2026-12-10T00:00:00Z"),
    );
    expect(back.map((o) => [o.startMs, o.endMs])).toEqual(occurrences.map((o) => [o.startMs, o.endMs]));
  });
});
