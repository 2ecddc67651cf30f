import { describe, expect, it } from "vitest";
import { sample } from "../test-support/samples.js";
import { parseRehearsal } from "./parse.js";
import { RehearsalReport } from "./report.js";

function problems(text: string) {
  const result = parseRehearsal(text, "rehearsal.json");
  if (result.ok) throw new Error("expected the report to be refused");
  return result.diagnostics;
}

describe("parseRehearsal", () => {
  it("reads a successful rehearsal", () => {
    const result = parseRehearsal(sample("rehearsal/staging-17-upgrade.json"), "r.json");
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(RehearsalReport.safeParse(result.report).success).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(result.report).toMatchObject({
      type: "rehearsal",
      environment: "northwind-eu/staging",
      odooSeries: "17.0",
      durationSeconds: 2846,
      exitCode: 0,
      errors: 0,
      warnings: 3,
      succeeded: true,
    });
    expect(result.report.upgraded.map((m) => m.module)).toEqual([
      "point_of_sale",
      "pos_order_mgmt",
      "northwind_pos_sync",
    ]);
  });

  it("reads a failed rehearsal as not succeeded", () => {
    const result = parseRehearsal(sample("rehearsal/failed-migration.json"), "r.json");
    expect(result).toMatchObject({ ok: true, report: { succeeded: false, exitCode: 1, errors: 1 } });
  });

  it("reports every missing and invalid field with its place", () => {
    expect(problems(sample("rehearsal/malformed/missing-fields.json"))).toEqual([
      expect.objectContaining({ code: "missing-field", path: "database", line: 1, column: 1 }),
      expect.objectContaining({
        code: "invalid-field",
        path: "odooSeries",
        line: 4,
        column: 17,
        hint: "did you mean `17.0`?",
      }),
      expect.objectContaining({ code: "missing-field", path: "modules" }),
      expect.objectContaining({ code: "missing-field", path: "finishedAt" }),
      expect.objectContaining({
        code: "invalid-field",
        path: "durationSeconds",
        line: 6,
        message: "expected at least 0, got -5",
      }),
    ]);
  });

  it("refuses other versions of the format and reversed times, and warns on a duration that disagrees", () => {
    expect(problems(sample("rehearsal/malformed/unknown-format.json"))[0]).toMatchObject({
      code: "unsupported-version",
      line: 2,
      column: 13,
    });
    const base = JSON.parse(sample("rehearsal/staging-17-upgrade.json")) as Record<string, unknown>;
    expect(problems(JSON.stringify({ ...base, finishedAt: "2025-11-18T20:00:00Z" }))[0]).toMatchObject({
      code: "invalid-field",
      path: "finishedAt",
    });
    const skewed = parseRehearsal(JSON.stringify({ ...base, durationSeconds: 600 }), "r.json");
    expect(skewed).toMatchObject({
      ok: true,
      warnings: [{ code: "duration-mismatch", severity: "warning" }],
    });
  });
});
