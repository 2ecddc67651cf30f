import { describe, expect, it } from "vitest";
import { largeEstateYaml } from "./large-estate.js";
import { listEnvironments, promotionPath } from "./queries.js";
import { validateEstateText } from "./validate-estate.js";

describe("an estate with 10,000 environments", () => {
  it(
    "validates (timing is measured by bench/estate-validate.ts, not asserted here)",
    { timeout: 120_000 },
    () => {
      const text = largeEstateYaml(500, 20);
      const result = validateEstateText(text, "large.yaml");
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.warnings).toEqual([]);
      expect(listEnvironments(result.estate)).toHaveLength(10_000);
      expect(promotionPath(result.estate, "tenant-499/prod").map((e) => e.id)).toHaveLength(20);
    },
  );

  it("reports a problem in the last of 2,000 environments at its line", { timeout: 120_000 }, () => {
    const text = largeEstateYaml(100, 20);
    const at = text.lastIndexOf("rpo: PT15M");
    const broken = `${text.slice(0, at)}rpo: 15m${text.slice(at + "rpo: PT15M".length)}`;
    const result = validateEstateText(broken, "large.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const line = text.slice(0, at).split("\n").length;
    expect(result.diagnostics.map((d) => [d.line, d.path, d.code])).toEqual([
      [line, "tenants[99].environments[19].rpo", "invalid-duration"],
    ]);
  });
});
