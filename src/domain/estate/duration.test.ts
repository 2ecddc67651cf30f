import { describe, expect, it } from "vitest";
import {
  approximateSeconds,
  formatDuration,
  IsoDuration,
  parseIsoDuration,
  suggestIsoDuration,
} from "./duration.js";

describe("parseIsoDuration", () => {
  it.each([
    ["PT15M", { minutes: 15 }],
    ["PT1H", { hours: 1 }],
    ["P1D", { days: 1 }],
    ["P2W", { weeks: 2 }],
    ["P1DT12H", { days: 1, hours: 12 }],
    ["PT0S", {}],
    ["PT1.5S", { seconds: 1.5 }],
    ["P1Y2M", { years: 1, months: 2 }],
  ])("reads %s", (text, parts) => {
    expect(parseIsoDuration(text)).toEqual({
      years: 0,
      months: 0,
      weeks: 0,
      days: 0,
      hours: 0,
      minutes: 0,
      seconds: 0,
      ...parts,
    });
  });

  it.each(["", "P", "PT", "P1DT", "15m", "1h", "pt1h", "P1H", "PT1D", "P-1D", "PT1H ", "P1.5D"])(
    "refuses %j",
    (text) => {
      expect(parseIsoDuration(text)).toBeUndefined();
    },
  );
});

describe("suggestIsoDuration", () => {
  it.each([
    ["15m", "PT15M"],
    ["1h", "PT1H"],
    ["48 hours", "PT48H"],
    ["2d", "P2D"],
    ["1 week", "P1W"],
    ["30s", "PT30S"],
    ["pt1h", "PT1H"],
    ["P1H", "PT1H"],
    ["PT2D", "P2D"],
    ["P30MIN", "PT30M"],
  ])("%s → %s", (text, suggestion) => {
    expect(suggestIsoDuration(text)).toBe(suggestion);
  });

  it("has nothing to say about nonsense", () => {
    expect(suggestIsoDuration("soon")).toBeUndefined();
  });
});

describe("IsoDuration schema", () => {
  it("reports the code and a hint in the issue params", () => {
    const result = IsoDuration.safeParse("15m");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      code: "custom",
      message: '"15m" is not an ISO 8601 duration',
      params: { code: "invalid-duration", hint: "did you mean `PT15M`?" },
    });
  });
});

describe("formatDuration and approximateSeconds", () => {
  it("speaks plainly", () => {
    expect(formatDuration(parseIsoDuration("PT1H30M")!)).toBe("1 h 30 min");
    expect(formatDuration(parseIsoDuration("P1D")!)).toBe("1 day");
    expect(formatDuration(parseIsoDuration("PT0S")!)).toBe("0 s");
    expect(approximateSeconds(parseIsoDuration("P1DT1H")!)).toBe(90_000);
  });
});
