import { describe, expect, it } from "vitest";
import { parseReleaseDuration } from "./release-duration.js";

describe("parseReleaseDuration", () => {
  it.each([
    ["2h", "PT2H"],
    ["90m", "PT90M"],
    ["90min", "PT90M"],
    ["1h30m", "PT1H30M"],
    ["1h 30m", "PT1H30M"],
    ["1d", "P1D"],
    ["1d6h", "P1DT6H"],
    ["2w", "P14D"],
    ["2H", "PT2H"],
    ["PT2H", "PT2H"],
    ["pt45m", "PT45M"],
    ["P1DT6H", "P1DT6H"],
  ])("reads %s as %s", (text, iso) => {
    expect(parseReleaseDuration(text)).toEqual({ ok: true, iso });
  });

  it.each([
    ["", '"" is not a duration: use 2h, 90m, 1d, 1h30m or an ISO 8601 duration such as PT2H'],
    ["2 hours", '"2 hours" is not a duration: use 2h, 90m, 1d, 1h30m or an ISO 8601 duration such as PT2H'],
    ["-2h", '"-2h" is not a duration: use 2h, 90m, 1d, 1h30m or an ISO 8601 duration such as PT2H'],
    ["0m", 'duration "0m" is zero'],
    ["32d", 'duration "32d" is longer than 31 days'],
    ["PT800H", 'duration "PT800H" is longer than 31 days'],
  ])("refuses %j", (text, message) => {
    expect(parseReleaseDuration(text)).toEqual({ ok: false, message });
  });
});
