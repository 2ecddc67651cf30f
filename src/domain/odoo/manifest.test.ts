import { describe, expect, it } from "vitest";
import { readManifest } from "./manifest.js";

const read = (
  src: string,
  series: "16.0" | "17.0" | "18.0" | "19.0" = "16.0",
  module = "m",
  file = "m/__manifest__.py",
) => readManifest(src, { module, file, series });

describe("readManifest", () => {
  it("applies Odoo's defaults", () => {
    const r = read("{'name': 'M'}");
    expect(r.manifest).toMatchObject({
      version: "16.0.1.0",
      depends: [],
      autoInstall: false,
      installable: true,
      application: false,
    });
    expect(r.findings.map((f) => f.code)).toEqual(["license-missing"]);
  });
  it("normalises auto_install", () => {
    expect(
      read("{'depends': ['b', 'a'], 'auto_install': True, 'license': 'LGPL-3'}").manifest?.autoInstall,
    ).toEqual({ triggers: ["a", "b"] });
    expect(
      read("{'depends': ['a', 'b'], 'auto_install': ['a'], 'license': 'LGPL-3'}").manifest?.autoInstall,
    ).toEqual({ triggers: ["a"] });
    expect(read("{'depends': ['a'], 'auto_install': [], 'license': 'LGPL-3'}").manifest?.autoInstall).toEqual(
      { triggers: [] },
    );
    const bad = read("{'depends': ['a'], 'auto_install': ['z']}");
    expect(bad.manifest).toBeUndefined();
    expect(bad.findings[0]?.code).toBe("manifest-invalid");
  });
  it("reports a parse error with line and column", () => {
    const r = read("{\n 'name': 'x',\n 'version': os.getenv('V'),\n}");
    expect(r.manifest).toBeUndefined();
    expect(r.findings[0]).toMatchObject({
      code: "manifest-parse-error",
      severity: "error",
      line: 3,
      column: 13,
      file: "m/__manifest__.py",
    });
  });
  it("17/18 make a bad version an error only when installable", () => {
    expect(read("{'version': '1.0.0.0'}", "17.0").findings.map((f) => f.code)).toContain("version-invalid");
    expect(
      read("{'version': '1.0.0.0', 'installable': False}", "17.0").findings.map((f) => f.code),
    ).not.toContain("version-invalid");
    expect(read("{'version': '15.0.1.0.0'}", "16.0").findings.map((f) => f.code)).toContain(
      "version-foreign-series",
    );
  });
  it("19 makes a foreign version uninstallable and forces depends [] to ['base']", () => {
    const r = read("{'version': '18.0.1.0.0', 'depends': []}", "19.0");
    expect(r.manifest?.installable).toBe(false);
    expect(r.manifest?.depends).toEqual(["base"]);
    expect(r.findings.map((f) => f.code).sort()).toEqual([
      "depends-empty-forced-base",
      "license-missing",
      "version-incompatible",
    ]);
    expect(read("{'depends': []}", "19.0", "base").manifest?.depends).toEqual([]);
    expect(read("{'depends': []}", "18.0").manifest?.depends).toEqual([]);
  });
  it("warns about __openerp__.py from 17", () => {
    expect(read("{'license': 'LGPL-3'}", "16.0", "m", "m/__openerp__.py").findings).toEqual([]);
    expect(
      read("{'license': 'LGPL-3'}", "17.0", "m", "m/__openerp__.py").findings.map((f) => f.code),
    ).toEqual(["manifest-legacy-file"]);
  });
});
