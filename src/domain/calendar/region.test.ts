import { describe, expect, it } from "vitest";
import { closedSpans, compileRegion, monthEndSpans } from "./region.js";
import { RegionSpec } from "./spec.js";
import { formatWall, parseWall, type WallMs } from "./wall-clock.js";

function wall(text: string): WallMs {
  const w = parseWall(text);
  if (w === undefined) throw new Error(text);
  return w;
}

const germany = compileRegion(
  RegionSpec.parse({
    name: "eu-central",
    timezone: "Europe/Berlin",
    holidays: [
      { date: "2026-04-03", name: "Karfreitag" },
      { date: "2026-04-06", name: "Ostermontag" },
      { date: "2026-05-01", name: "Tag der Arbeit" },
      { date: "2026-12-25", name: "1. Weihnachtstag" },
      { date: "2026-12-26", name: "2. Weihnachtstag" },
      { date: "2026-12-31", name: "Silvester (company holiday)" },
      { date: "2027-01-01", name: "Neujahr" },
    ],
    tradingHours: {
      mon: "08:00-20:00",
      tue: "08:00-20:00",
      wed: "08:00-20:00",
      thu: "08:00-20:00",
      fri: "08:00-20:00",
      sat: "09:00-12:30,14:00-18:00",
      sun: "closed",
      holidays: "closed",
    },
  }),
);

/** Month-end spans (last 3 + first 2 business days) starting in the given month, as text. */
function monthEnd(month: string, last = 3, first = 2, region = germany): string[] {
  const from = wall(`${month}-01T00:00`);
  const [y, m] = month.split("-").map(Number) as [number, number];
  const to = Date.UTC(y, m, 1);
  return monthEndSpans(region, last, first, from, to).map(
    (s) => `${formatWall(s.start)} → ${formatWall(s.end)}`,
  );
}

describe("month-end business days (last 3 of the month + first 2 of the next)", () => {
  it("January 2026 ends on a Saturday", () => {
    expect(monthEnd("2026-01")).toEqual(["2026-01-28T00:00 → 2026-02-04T00:00"]);
  });
  it("February 2027 has 28 days and ends on a Sunday", () => {
    expect(monthEnd("2027-02")).toEqual(["2027-02-24T00:00 → 2027-03-03T00:00"]);
  });
  it("February 2028 is a leap month ending on Tuesday the 29th", () => {
    expect(monthEnd("2028-02")).toEqual(["2028-02-25T00:00 → 2028-03-03T00:00"]);
  });
  it("April 2026 (30 days) runs into the 1 May holiday", () => {
    expect(monthEnd("2026-04")).toEqual(["2026-04-28T00:00 → 2026-05-06T00:00"]);
  });
  it("December 2026 skips Silvester, Neujahr and the weekend", () => {
    expect(monthEnd("2026-12")).toEqual(["2026-12-28T00:00 → 2027-01-06T00:00"]);
  });
  it("September 2026 (30 days) and October 2026 (31 days, ends on a Saturday)", () => {
    expect(monthEnd("2026-09")).toEqual(["2026-09-28T00:00 → 2026-10-03T00:00"]);
    expect(monthEnd("2026-10")).toEqual(["2026-10-28T00:00 → 2026-11-04T00:00"]);
  });
  it("only the first business days of the month (the span starts in the next month)", () => {
    expect(monthEnd("2026-05", 0, 2)).toEqual(["2026-05-04T00:00 → 2026-05-06T00:00"]);
  });
  it("only the last business day", () => {
    expect(monthEnd("2026-01", 1, 0)).toEqual(["2026-01-30T00:00 → 2026-01-31T00:00"]);
  });
  it("honours a Friday–Saturday weekend", () => {
    const gulf = compileRegion(
      RegionSpec.parse({ name: "gulf", timezone: "Asia/Dubai", weekend: ["fri", "sat"] }),
    );
    // April 2026 ends on Thursday the 30th; 1–2 May are the weekend, so May starts on Sunday the 3rd.
    expect(monthEnd("2026-04", 2, 1, gulf)).toEqual(["2026-04-29T00:00 → 2026-05-04T00:00"]);
  });
});

describe("closed spans (outside trading hours)", () => {
  function closed(from: string, to: string): string[] {
    return closedSpans(germany, wall(from), wall(to)).map(
      (s) => `${formatWall(s.start)} → ${formatWall(s.end)}`,
    );
  }

  it("merges across midnight, lunch breaks and Sundays", () => {
    expect(closed("2026-03-20T00:00", "2026-03-24T00:00")).toEqual([
      "2026-03-20T20:00 → 2026-03-21T09:00", // Friday night to Saturday opening
      "2026-03-21T12:30 → 2026-03-21T14:00", // Saturday lunch
      "2026-03-21T18:00 → 2026-03-23T08:00", // Saturday evening, Sunday, to Monday opening
      "2026-03-23T20:00 → 2026-03-24T08:00",
    ]);
  });

  it("treats holidays as closed: Easter 2026 closes from Thursday evening", () => {
    expect(closed("2026-04-02T00:00", "2026-04-08T00:00")).toEqual([
      "2026-04-02T20:00 → 2026-04-04T09:00", // Maundy Thursday night over Good Friday
      "2026-04-04T12:30 → 2026-04-04T14:00",
      "2026-04-04T18:00 → 2026-04-07T08:00", // Easter Saturday evening to Tuesday
      "2026-04-07T20:00 → 2026-04-08T08:00",
    ]);
  });

  it("returns nothing for a region without trading hours", () => {
    const r = compileRegion(RegionSpec.parse({ name: "x", timezone: "UTC" }));
    expect(closedSpans(r, wall("2026-01-01T00:00"), wall("2026-02-01T00:00"))).toEqual([]);
  });
});
