import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEMO_ESTATE_PATH, readEstateFile } from "../../src/adapters/estate-file/index.js";
import { estateJsonSchema, listEnvironments, promotionPath } from "../../src/domain/estate/index.js";

describe("the Northwind demo estate", async () => {
  const result = await readEstateFile(DEMO_ESTATE_PATH);
  if (!result.ok) throw new Error("the demo estate must be valid");
  const { estate, warnings } = result;

  it("is valid without warnings", () => {
    expect(warnings).toEqual([]);
  });

  it("has three regions in different time zones and about 40 stores", () => {
    expect(estate.regions.map((r) => r.timezone)).toEqual([
      "Europe/Berlin",
      "America/New_York",
      "Asia/Singapore",
    ]);
    expect(estate.tenants.reduce((n, t) => n + t.stores, 0)).toBe(40);
  });

  it("runs a dedicated production and shared staging and dev per region, promoted dev → staging → prod", () => {
    for (const tenant of estate.tenants) {
      const envs = listEnvironments(estate).filter((e) => e.tenant === tenant);
      expect(envs.map((e) => `${e.environment.kind}:${e.hosting}`).sort()).toEqual([
        "dev:shared",
        "prod:dedicated",
        "staging:shared",
      ]);
      expect(promotionPath(estate, `${tenant.name}/prod`).map((e) => e.environment.name)).toEqual([
        "dev",
        "staging",
        "prod",
      ]);
    }
  });

  it("declares the emergency, standard and major tiers", () => {
    expect(estate.tiers.map((t) => t.name)).toEqual(["emergency", "standard", "major"]);
  });

  it("ships the current JSON Schema next to it (regenerate with `orc estate schema`)", () => {
    const file = new URL("../../examples/northwind/estate.schema.json", import.meta.url);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(estateJsonSchema());
  });
});
