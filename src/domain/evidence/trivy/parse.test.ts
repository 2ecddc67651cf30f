import { describe, expect, it } from "vitest";
import { sample } from "../test-support/samples.js";
import { parseTrivy } from "./parse.js";
import { TrivyReport } from "./report.js";

function ok(text: string) {
  const result = parseTrivy(text, "trivy.json");
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  expect(TrivyReport.safeParse(result.report).success).toBe(true);
  return result.report;
}

function problems(text: string) {
  const result = parseTrivy(text, "trivy.json");
  if (result.ok) throw new Error("expected the report to be refused");
  return result.diagnostics;
}

describe("parseTrivy", () => {
  it("reads an Odoo image scan: counts, ids, packages and fixes, most severe first", () => {
    const report = ok(sample("trivy/odoo-17-image.json"));
    expect(report).toMatchObject({
      artifactName: "registry.example.com/northwind/odoo:17.0-20251114",
      artifactType: "container_image",
      os: "debian 12.7",
      digest: "sha256:9a4e1c0b7d2f3e6a5b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a",
      counts: { critical: 2, high: 2, medium: 1, low: 1, unknown: 0 },
      omitted: 0,
    });
    expect(report.vulnerabilities.map((v) => [v.id, v.severity, v.pkgName, v.fixedVersion ?? null])).toEqual([
      ["CVE-2023-45853", "critical", "zlib1g", null],
      ["CVE-2024-45491", "critical", "libexpat1", "2.5.0-1+deb12u1"],
      ["CVE-2023-33733", "high", "reportlab", "3.6.13"],
      ["CVE-2024-34069", "high", "Werkzeug", "3.0.3"],
      ["CVE-2024-37891", "medium", "urllib3", "1.26.19, 2.2.2"],
      ["CVE-2024-5535", "low", "libssl3", "3.0.14-1~deb12u2"],
    ]);
    expect(report.vulnerabilities[0]).toMatchObject({
      status: "will_not_fix",
      target: "registry.example.com/northwind/odoo:17.0-20251114 (debian 12.7)",
      url: "https://avd.aquasec.com/nvd/cve-2023-45853",
      purl: "pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&distro=debian-12.7&epoch=1",
    });
  });

  it("reads a clean scan whose results have no vulnerabilities", () => {
    expect(ok(sample("trivy/clean-image.json"))).toMatchObject({
      counts: { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 },
      vulnerabilities: [],
    });
  });

  it("lists every critical and high one but caps the minor ones, with exact counts", () => {
    const vulns = Array.from({ length: 700 }, (_, i) => ({
      VulnerabilityID: `CVE-2025-${10000 + i}`,
      PkgName: "p",
      InstalledVersion: "1",
      Severity: i < 3 ? "CRITICAL" : "LOW",
    }));
    const report = ok(
      JSON.stringify({
        SchemaVersion: 2,
        ArtifactName: "img",
        Results: [{ Target: "t", Vulnerabilities: vulns }],
      }),
    );
    expect(report.counts).toMatchObject({ critical: 3, low: 697 });
    expect(report.vulnerabilities).toHaveLength(503);
    expect(report.omitted).toBe(197);
  });

  it("places missing fields at the vulnerability that lacks them", () => {
    expect(problems(sample("trivy/malformed/missing-severity.json"))).toEqual([
      expect.objectContaining({
        code: "missing-field",
        line: 11,
        column: 9,
        path: "Results[0].Vulnerabilities[0].Severity",
      }),
      expect.objectContaining({
        code: "missing-field",
        line: 17,
        column: 9,
        path: "Results[0].Vulnerabilities[1].PkgName",
      }),
    ]);
  });

  it("names a wrong severity and the allowed ones", () => {
    const text =
      '{"SchemaVersion": 2, "ArtifactName": "img", "Results": [{"Target": "t", "Vulnerabilities": [\n {"VulnerabilityID": "CVE-1", "PkgName": "p", "InstalledVersion": "1", "Severity": "SEVERE"}]}]}';
    expect(problems(text)).toEqual([
      expect.objectContaining({
        code: "invalid-field",
        line: 2,
        column: 84,
        message: 'expected one of "CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN", got "SEVERE"',
      }),
    ]);
  });

  it("refuses a truncated report with the position where it ends", () => {
    expect(problems(sample("trivy/malformed/truncated.json"))).toEqual([
      expect.objectContaining({
        code: "json-syntax",
        line: 68,
        column: 6,
        message: "the report ends too early (truncated?)",
      }),
    ]);
  });

  it("refuses Trivy's pre-2 list format and other schema versions", () => {
    expect(problems(sample("trivy/malformed/schema-v1-array.json"))[0]?.code).toBe("unsupported-version");
    expect(problems('{"SchemaVersion": 3,\n "ArtifactName": "x"}')[0]).toMatchObject({
      code: "unsupported-version",
      line: 1,
      column: 19,
    });
  });

  it("tells a SARIF file or an SBOM uploaded as Trivy apart", () => {
    expect(problems(sample("sarif/eslint.sarif"))[0]).toMatchObject({
      code: "wrong-format",
      message: "this is a SARIF report, not a Trivy JSON scan report",
      hint: "upload it as evidence type `sarif`",
    });
    expect(problems(sample("cyclonedx/orc-npm.cdx.json"))[0]?.hint).toBe(
      "upload it as evidence type `cyclonedx`",
    );
    expect(problems(sample("junit/pytest-mixed.xml"))[0]?.hint).toBe("upload it as evidence type `junit`");
  });
});
