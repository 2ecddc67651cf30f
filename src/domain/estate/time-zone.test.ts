import { describe, expect, it } from "vitest";
import { suggestTimeZone, timeZoneProblem } from "./time-zone.js";

describe("timeZoneProblem", () => {
  it.each([
    "Europe/Berlin",
    "America/New_York",
    "Asia/Singapore",
    "Australia/Sydney",
    "UTC",
    "Etc/UTC",
    "US/Eastern",
  ])("accepts %s", (zone) => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });

  it("refuses a misspelt zone and suggests the right one", () => {
    expect(timeZoneProblem("Europe/Berln")).toEqual({
      message: '"Europe/Berln" is not an IANA time zone',
      hint: "did you mean `Europe/Berlin`?",
    });
  });

  it("refuses the wrong case with the right spelling", () => {
    expect(timeZoneProblem("europe/berlin")?.hint).toBe("did you mean `Europe/Berlin`?");
  });

  it("refuses offsets, which ignore daylight saving time", () => {
    expect(timeZoneProblem("+01:00")?.message).toContain("UTC offset");
    expect(timeZoneProblem("UTC+1")?.message).toContain("UTC offset");
  });

  it("suggests a zone from a bare city", () => {
    expect(suggestTimeZone("Singapore")).toBe("did you mean `Asia/Singapore`?");
    expect(suggestTimeZone("new york")).toBe("did you mean `America/New_York`?");
  });
});
