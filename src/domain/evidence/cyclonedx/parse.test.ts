import { describe, expect, it } from "vitest";
import { sample } from "../test-support/samples.js";
import { parseCycloneDx } from "./parse.js";
import { CycloneDxReport } from "./report.js";

function ok(text: string) {
  const result = parseCycloneDx(text, "bom.json");
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  expect(CycloneDxReport.safeParse(result.report).success).toBe(true);
  return result.report;
}

function problems(text: string) {
  const result = parseCycloneDx(text, "bom.json");
  if (result.ok) throw new Error("expected the SBOM to be refused");
  return result.diagnostics;
}

describe("parseCycloneDx", () => {
  it("reads cyclonedx-npm's SBOM of orc: 1.6, groups joined, SPDX ids, the subject", () => {
    const report = ok(sample("cyclonedx/orc-npm.cdx.json"));
    expect(report.specVersion).toBe("1.6");
    expect(report.subject).toMatchObject({
      name: "odoo-release-control",
      componentType: "application",
      licenses: [{ kind: "name", name: "UNLICENSED" }],
    });
    expect(report.components).toHaveLength(112);
    expect(report.components.find((c) => c.name === "@electric-sql/pglite")).toEqual({
      name: "@electric-sql/pglite",
      version: "0.5.17",
      purl: "pkg:npm/%40electric-sql/pglite@0.5.17",
      componentType: "library",
      bomRef: "odoo-release-control@0.1.0|@electric-sql/pglite@0.5.17",
      licenses: [{ kind: "id", id: "Apache-2.0" }],
    });
    expect(report.components.every((c) => c.licenses.length > 0)).toBe(true);
  });

  it("reads an Odoo addons SBOM: nested components flattened in order, names, expressions, no license", () => {
    const report = ok(sample("cyclonedx/odoo-addons.cdx.json"));
    expect(report.components.map((c) => c.name).slice(0, 4)).toEqual([
      "odoo",
      "odoo-addon/point_of_sale",
      "odoo-addon/pos_order_mgmt",
      "odoo-addon/web_responsive",
    ]);
    const byName = new Map(report.components.map((c) => [c.name, c.licenses]));
    expect(byName.get("odoo-addon/l10n_de_pos_fiskaly")).toEqual([{ kind: "name", name: "OPL-1" }]);
    expect(byName.get("cryptography")).toEqual([
      { kind: "expression", expression: "Apache-2.0 OR BSD-3-Clause" },
    ]);
    expect(byName.get("northwind-label-fonts")).toEqual([]);
  });

  it("accepts specs 1.4 to 1.7 and refuses older ones", () => {
    for (const v of ["1.4", "1.5", "1.6", "1.7"]) {
      expect(ok(JSON.stringify({ bomFormat: "CycloneDX", specVersion: v, components: [] })).specVersion).toBe(
        v,
      );
    }
    expect(problems(sample("cyclonedx/malformed/spec-1.2.json"))).toEqual([
      expect.objectContaining({ code: "unsupported-version", line: 3, column: 18, path: "specVersion" }),
    ]);
  });

  it("places a nameless component and an empty license entry", () => {
    expect(problems(sample("cyclonedx/malformed/missing-component-name.json"))).toEqual([
      expect.objectContaining({ code: "missing-field", line: 7, column: 5, path: "components[1].name" }),
      expect.objectContaining({
        code: "missing-field",
        line: 8,
        path: "components[2].licenses[0].license.id",
      }),
    ]);
  });

  it("says an SPDX document is not CycloneDX", () => {
    expect(problems(sample("cyclonedx/malformed/spdx-document.json"))[0]).toMatchObject({
      code: "wrong-format",
      message: "this is an SPDX document, not a CycloneDX SBOM",
    });
  });

  it("refuses hostile nesting of components without overflowing the stack", () => {
    const depth = 100_000;
    const text = `{"bomFormat":"CycloneDX","specVersion":"1.6","components":${'[{"type":"library","name":"x","components":'.repeat(depth)}[]${"}]".repeat(depth)}}`;
    expect(problems(text)[0]).toMatchObject({ code: "too-deep", line: 1 });
  });
});
