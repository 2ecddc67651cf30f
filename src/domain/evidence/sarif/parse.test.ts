import { describe, expect, it } from "vitest";
import { sample } from "../test-support/samples.js";
import { parseSarif } from "./parse.js";
import { SarifReport, severityOfScore } from "./report.js";

function ok(text: string) {
  const result = parseSarif(text, "scan.sarif");
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  expect(SarifReport.safeParse(result.report).success).toBe(true);
  return result.report;
}

function problems(text: string) {
  const result = parseSarif(text, "scan.sarif");
  if (result.ok) throw new Error("expected the report to be refused");
  return result.diagnostics;
}

describe("parseSarif", () => {
  it("reads ESLint's SARIF: levels give severities when rules carry no security-severity", () => {
    const report = ok(sample("sarif/eslint.sarif"));
    expect(report).toMatchObject({
      tools: ["ESLint"],
      counts: { critical: 0, high: 3, medium: 2, low: 0, info: 0 },
      errors: 3,
      suppressed: 0,
      omitted: 0,
    });
    expect(report.findings.map((f) => [f.ruleId, f.level, f.severity, f.line])).toEqual([
      ["no-eval", "error", "high", 3],
      ["no-implied-eval", "error", "high", 5],
      ["no-new-func", "error", "high", 4],
      ["no-unused-vars", "warning", "medium", 2],
      ["prefer-const", "warning", "medium", 6],
    ]);
    expect(report.findings[0]).toMatchObject({
      uri: "receipt-printer.js",
      column: 17,
      message: "`eval` can be harmful.",
    });
  });

  it("reads CodeQL's SARIF: rules in extensions, security-severity bands, suppressions", () => {
    const report = ok(sample("sarif/codeql-odoo-addon.sarif"));
    expect(report).toMatchObject({
      tools: ["CodeQL"],
      counts: { critical: 1, high: 1, low: 1 },
      errors: 2,
      suppressed: 1,
    });
    expect(
      report.findings.map((f) => [f.ruleId, f.severity, f.securitySeverity ?? null, f.suppressed]),
    ).toEqual([
      ["py/code-injection", "critical", 9.3, false],
      ["py/sql-injection", "high", 8.8, false],
      ["py/unused-import", "low", null, false],
      ["py/clear-text-logging-sensitive-data", "high", 7.5, true],
    ]);
    expect(report.findings[3]?.justification).toBe("test terminal credentials only, rotated nightly");
  });

  it("maps CVSS scores to bands as GitHub code scanning does", () => {
    expect([10, 9, 8.9, 7, 6.9, 4, 3.9, 0.1, 0].map(severityOfScore)).toEqual([
      "critical",
      "critical",
      "high",
      "high",
      "medium",
      "medium",
      "low",
      "low",
      "info",
    ]);
  });

  it("skips results that are not problems and uses the rule's default level and message strings", () => {
    const report = ok(
      JSON.stringify({
        version: "2.1.0",
        runs: [
          {
            tool: {
              driver: {
                name: "Semgrep OSS",
                rules: [
                  {
                    id: "r1",
                    defaultConfiguration: { level: "error" },
                    messageStrings: { m: { text: "from the rule" } },
                  },
                ],
              },
            },
            results: [
              { ruleId: "r1", message: { id: "m" } },
              { ruleId: "r1", kind: "pass", message: { text: "fine" } },
            ],
          },
        ],
      }),
    );
    expect(report.findings).toEqual([
      expect.objectContaining({ ruleId: "r1", level: "error", severity: "high", message: "from the rule" }),
    ]);
  });

  it("reports a result without a message at that result", () => {
    expect(problems(sample("sarif/malformed/missing-message.sarif"))).toEqual([
      expect.objectContaining({
        code: "missing-field",
        line: 7,
        column: 9,
        path: "runs[0].results[0].message",
      }),
    ]);
  });

  it("refuses SARIF 1.0 and truncated logs", () => {
    expect(problems(sample("sarif/malformed/sarif-1.0.sarif"))).toEqual([
      expect.objectContaining({ code: "unsupported-version", line: 2, column: 14, path: "version" }),
    ]);
    expect(problems(sample("sarif/malformed/truncated.sarif"))[0]).toMatchObject({
      code: "json-syntax",
      line: 55,
    });
  });

  it("tells a Trivy report uploaded as SARIF apart", () => {
    expect(problems(sample("trivy/odoo-17-image.json"))[0]).toMatchObject({
      code: "wrong-format",
      message: "this is a Trivy JSON scan report, not a SARIF report",
    });
  });
});
