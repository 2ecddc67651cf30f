import { describe, expect, it } from "vitest";
import type { EnvironmentVerdict, ReleaseDecision } from "../api/types.js";
import { nextCommonStart } from "./schedule-start.js";

const at = "2026-11-28T09:00:00Z";
function decision(environments: Partial<EnvironmentVerdict>[]): ReleaseDecision {
  return {
    at,
    environments: environments.map((e, i) => ({
      environment: `t/e${i}`,
      allowed: false,
      timezone: "UTC",
      localStart: at,
      ...e,
    })),
  } as unknown as ReleaseDecision;
}

describe("nextCommonStart", () => {
  it("is the latest of the environments' next allowed starts", () => {
    expect(
      nextCommonStart(decision([{ next: "2026-12-01T00:00:00Z" }, { next: "2026-12-03T21:00:00Z" }])),
    ).toBe("2026-12-03T21:00:00Z");
  });
  it("counts an environment open now as now", () => {
    expect(nextCommonStart(decision([{ allowed: true }, { next: "2026-11-30T23:00:00Z" }]))).toBe(
      "2026-11-30T23:00:00Z",
    );
    expect(nextCommonStart(decision([{ allowed: true }]))).toBe(at);
  });
  it("is undefined when an environment has no allowed start in the horizon", () => {
    expect(nextCommonStart(decision([{ next: "2026-12-01T00:00:00Z" }, {}]))).toBeUndefined();
  });
});
