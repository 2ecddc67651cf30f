import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { validateEstateText } from "../estate/index.js";
import { agendaPeriod } from "./agenda-period.js";
import { windowQuestion } from "./window-question.js";

const demo = new URL("../../../examples/northwind/estate.yaml", import.meta.url);
const result = validateEstateText(readFileSync(demo, "utf8"), "estate.yaml");
if (!result.ok) throw new Error("the demo estate must be valid");
const estate = result.estate;
const now = Temporal.Instant.from("2026-06-15T10:00:00Z");

describe("windowQuestion", () => {
  it("reads a local time in the environment's zone with RFC 5545 gap handling", () => {
    const q = windowQuestion(
      estate,
      { environment: "northwind-eu/prod", tier: "standard", at: "2026-03-29T02:30", duration: "1h" },
      now,
    );
    expect(q.ok && q.value.start.toString()).toBe("2026-03-29T01:30:00Z");
  });

  it("takes an instant with an offset as it is, and now when no time is given", () => {
    const at = windowQuestion(
      estate,
      { environment: "northwind-us/prod", tier: "standard", at: "2026-11-27T06:00+01:00", duration: "1h" },
      now,
    );
    expect(at.ok && at.value.start.toString()).toBe("2026-11-27T05:00:00Z");
    const nowQ = windowQuestion(
      estate,
      { environment: "northwind-us/prod", tier: "standard", duration: "1h" },
      now,
    );
    expect(nowQ.ok && nowQ.value.start).toBe(now);
  });

  it("makes a release disruptive when its tier requires a maintenance window", () => {
    const q = windowQuestion(
      estate,
      { environment: "northwind-us/prod", tier: "major", duration: "1h" },
      now,
    );
    expect(q.ok && [q.value.disruptive, q.value.disruptiveReason]).toEqual([
      true,
      "tier major requires a maintenance window",
    ]);
    const asked = windowQuestion(
      estate,
      { environment: "northwind-us/prod", tier: "major", duration: "1h", disruptive: true },
      now,
    );
    expect(asked.ok && [asked.value.disruptive, asked.value.disruptiveReason]).toEqual([true, undefined]);
  });

  it("refuses a horizon out of range", () => {
    const q = windowQuestion(
      estate,
      { environment: "northwind-us/prod", tier: "major", duration: "1h", horizonDays: 0 },
      now,
    );
    expect(!q.ok && q.problems.map((p) => [p.field, p.code])).toEqual([["horizonDays", "invalid-period"]]);
  });
});

describe("agendaPeriod", () => {
  it("defaults to 30 days from local midnight today, nominal across a DST change", () => {
    const p = agendaPeriod({}, "Europe/Berlin", Temporal.Instant.from("2026-10-20T22:30:00Z"));
    expect(p.ok && [p.value.from.toString(), p.value.to.toString()]).toEqual([
      "2026-10-20T22:00:00Z",
      "2026-11-19T23:00:00Z",
    ]);
  });

  it("refuses a period longer than two years", () => {
    const p = agendaPeriod({ from: "2026-01-01", to: "2028-12-31" }, "UTC", now);
    expect(!p.ok && p.problems[0]?.message).toBe(
      "the period is longer than 731 days; ask for less at a time",
    );
  });
});
