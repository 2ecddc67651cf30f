import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anchorDate, easterSunday, usThanksgiving } from "./anchors.js";
import { formatWallDate, isoWeekday } from "./wall-clock.js";

// Gregorian Easter Sunday 1990–2050 as published by the US Naval Observatory ("The Date of Easter"),
// the same table python-dateutil tests against. Month-day per year, ten years a row.
const EASTER: Readonly<Record<number, string>> = Object.fromEntries(
  [
    [1990, "04-15 03-31 04-19 04-11 04-03 04-16 04-07 03-30 04-12 04-04"],
    [2000, "04-23 04-15 03-31 04-20 04-11 03-27 04-16 04-08 03-23 04-12"],
    [2010, "04-04 04-24 04-08 03-31 04-20 04-05 03-27 04-16 04-01 04-21"],
    [2020, "04-12 04-04 04-17 04-09 03-31 04-20 04-05 03-28 04-16 04-01"],
    [2030, "04-21 04-13 03-28 04-17 04-09 03-25 04-13 04-05 04-25 04-10"],
    [2040, "04-01 04-21 04-06 03-29 04-17 04-09 03-25 04-14 04-05 04-18"],
    [2050, "04-10"],
  ].flatMap(([first, row]) =>
    String(row)
      .split(" ")
      .map((md, i) => [Number(first) + i, `${Number(first) + i}-${md}`]),
  ),
);

describe("easterSunday", () => {
  it("matches the published table for every year 1990–2050", () => {
    for (let year = 1990; year <= 2050; year++) {
      expect(formatWallDate(easterSunday(year)), String(year)).toBe(EASTER[year]);
    }
  });

  it("gets the extremes of the Gregorian cycle", () => {
    expect(formatWallDate(easterSunday(1818))).toBe("1818-03-22"); // earliest possible
    expect(formatWallDate(easterSunday(2285))).toBe("2285-03-22");
    expect(formatWallDate(easterSunday(1943))).toBe("1943-04-25"); // latest possible
    expect(formatWallDate(easterSunday(2038))).toBe("2038-04-25");
  });

  it("is always a Sunday between 22 March and 25 April", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 4099 }), (year) => {
        const e = easterSunday(year);
        expect(isoWeekday(e)).toBe(7);
        const md = formatWallDate(e).slice(5);
        expect(md >= "03-22" && md <= "04-25").toBe(true);
      }),
    );
  });
});

describe("usThanksgiving", () => {
  it("is the fourth Thursday of November", () => {
    const expected: Record<number, string> = {
      2019: "11-28",
      2020: "11-26",
      2021: "11-25",
      2022: "11-24",
      2023: "11-23",
      2024: "11-28",
      2025: "11-27",
      2026: "11-26",
      2027: "11-25",
      2028: "11-23",
      2029: "11-22",
      2030: "11-28",
      2031: "11-27",
      2032: "11-25",
      2033: "11-24",
      2034: "11-23",
      2035: "11-22",
    };
    for (const [year, md] of Object.entries(expected)) {
      expect(formatWallDate(usThanksgiving(Number(year)))).toBe(`${year}-${md}`);
    }
  });

  it("is always a Thursday between 22 and 28 November", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1942, max: 2400 }), (year) => {
        const t = usThanksgiving(year);
        expect(isoWeekday(t)).toBe(4);
        const day = Number(formatWallDate(t).slice(8));
        expect(day >= 22 && day <= 28).toBe(true);
      }),
    );
  });
});

describe("anchorDate", () => {
  it("names the day of each event", () => {
    expect(anchorDate("easter", 2027)).toBe("2027-03-28");
    expect(anchorDate("us-thanksgiving", 2026)).toBe("2026-11-26");
  });
});
