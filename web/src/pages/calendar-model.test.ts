import { describe, expect, it } from "vitest";
import type { Occurrence } from "../api/types.js";
import { byDay, durationMs, monthGrid, weekGrid, type CalendarEntry } from "./calendar-model.js";

function freeze(
  env: string,
  zone: string,
  start: string,
  end: string,
  window = "black-friday",
): CalendarEntry {
  const occurrence: Occurrence = {
    id: `cal/${window}@x`,
    calendar: "cal",
    window,
    kind: "freeze",
    source: "estate",
    timezone: zone,
    windowTimezone: zone,
    floating: true,
    start,
    end,
    localStart: "",
    localEnd: "",
  };
  return { type: "window", key: `${env}|${window}`, environment: env, occurrence };
}

describe("calendar grid", () => {
  it("covers a month in Monday-first weeks", () => {
    const days = monthGrid("2026-11");
    expect(days[0]).toBe("2026-10-26");
    expect(days[days.length - 1]).toBe("2026-12-06");
    expect(days.length % 7).toBe(0);
    expect(weekGrid("2026-11-27")).toEqual([
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
    ]);
  });

  it("places a window on the local days it covers, in the environment's zone or mine", () => {
    const berlin = freeze("eu/prod", "Europe/Berlin", "2026-11-26T23:00:00Z", "2026-11-30T23:00:00Z");
    const days = weekGrid("2026-11-23");
    const inZone = byDay([berlin], days, undefined);
    // Fri 00:00 to Tue 00:00 Berlin: Friday to Monday, not Tuesday (the end is exclusive).
    expect(days.filter((d) => inZone.get(d)?.length)).toEqual(["2026-11-27", "2026-11-28", "2026-11-29"]);
    const inNewYork = byDay([berlin], days, "America/New_York");
    expect(days.filter((d) => inNewYork.get(d)?.length)).toEqual([
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
    ]);
  });

  it("lists freezes starting that day first, so a month cell shows them before '+N more'", () => {
    const days = weekGrid("2026-11-23");
    const earlier = freeze(
      "eu/prod",
      "Europe/Berlin",
      "2026-11-25T23:00:00Z",
      "2026-12-02T23:00:00Z",
      "close",
    );
    const bf = freeze("eu/prod", "Europe/Berlin", "2026-11-26T23:00:00Z", "2026-11-30T23:00:00Z");
    const list = byDay([earlier, bf], days, undefined).get("2026-11-27") ?? [];
    expect(list.map((e) => (e.type === "window" ? e.occurrence.window : ""))).toEqual([
      "black-friday",
      "close",
    ]);
  });

  it("reads release durations", () => {
    expect(durationMs("PT1H")).toBe(3_600_000);
    expect(durationMs("P1DT2H30M")).toBe((26 * 60 + 30) * 60_000);
  });
});
