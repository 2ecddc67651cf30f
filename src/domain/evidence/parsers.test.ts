import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectEvidenceType } from "./detect-evidence-type.js";
import { EVIDENCE_TYPES } from "./evidence-type.js";
import { EVIDENCE_PARSERS, parseEvidence } from "./parsers.js";
import { sample, samplePaths } from "./test-support/samples.js";

const VALID: Record<(typeof EVIDENCE_TYPES)[number], string[]> = {
  junit: [
    "junit/pytest-mixed.xml",
    "junit/pytest-passing.xml",
    "junit/xmlrunner-testsuites.xml",
    "junit/xmlrunner-single-suite.xml",
  ],
  trivy: ["trivy/odoo-17-image.json", "trivy/clean-image.json"],
  sarif: ["sarif/eslint.sarif", "sarif/codeql-odoo-addon.sarif"],
  cyclonedx: ["cyclonedx/orc-npm.cdx.json", "cyclonedx/odoo-addons.cdx.json"],
  rehearsal: ["rehearsal/staging-17-upgrade.json", "rehearsal/failed-migration.json"],
};

describe("the parser registry", () => {
  it("has one parser per evidence type, each naming its type", () => {
    expect(Object.keys(EVIDENCE_PARSERS).sort()).toEqual([...EVIDENCE_TYPES].sort());
    for (const type of EVIDENCE_TYPES) expect(EVIDENCE_PARSERS[type].type).toBe(type);
  });

  it.each(EVIDENCE_TYPES)(
    "%s: every valid sample parses to a report its schema accepts; every malformed one is refused",
    (type) => {
      for (const path of samplePaths(type)) {
        const result = parseEvidence(type, sample(path), path);
        expect(result.ok, path).toBe(!path.includes("/malformed/"));
        if (result.ok) {
          expect(EVIDENCE_PARSERS[type].reportSchema.safeParse(result.report).success, path).toBe(true);
          expect(result.report.type).toBe(type);
        } else {
          for (const d of result.diagnostics) {
            expect(d.file).toBe(path);
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.column).toBeGreaterThanOrEqual(1);
            expect(d.message).not.toMatch(/\n\s+at /);
          }
        }
      }
    },
  );

  it("refuses each valid sample under every other type with a hint naming its own type", () => {
    for (const [own, paths] of Object.entries(VALID)) {
      for (const path of paths) {
        expect(detectEvidenceType(sample(path)), path).toBe(own);
        for (const other of EVIDENCE_TYPES.filter((t) => t !== own)) {
          const result = parseEvidence(other, sample(path), path);
          expect(result, `${path} as ${other}`).toMatchObject({
            ok: false,
            diagnostics: [{ code: "wrong-format", hint: `upload it as evidence type \`${own}\`` }],
          });
        }
      }
    }
  });

  it("is deterministic: parsing twice gives equal reports", () => {
    for (const [type, paths] of Object.entries(VALID) as [keyof typeof VALID, string[]][]) {
      for (const path of paths)
        expect(parseEvidence(type, sample(path), path)).toEqual(parseEvidence(type, sample(path), path));
    }
  });
});

describe("hostile input", () => {
  it.each(EVIDENCE_TYPES)("%s: never throws on arbitrary text", (type) => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.json(), fc.constantFrom("{", "[", "<", "<a>", "null", "[]", '{"a":')),
        (text) => {
          const result = parseEvidence(type, text, "x");
          expect(typeof result.ok).toBe("boolean");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never throws on truncated or spliced samples of any format", () => {
    const texts = Object.values(VALID)
      .flat()
      .filter((p) => !p.includes("orc-npm"))
      .map(sample);
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.constantFrom(...EVIDENCE_TYPES),
        fc.nat(),
        fc.string({ maxLength: 8 }),
        (text, type, at, junk) => {
          const cut = at % (text.length + 1);
          const result = parseEvidence(type, text.slice(0, cut) + junk, "x");
          if (!result.ok) expect(result.diagnostics.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("keys such as __proto__ and constructor neither pollute prototypes nor break parsing", () => {
    const trivy = parseEvidence(
      "trivy",
      '{"SchemaVersion":2,"ArtifactName":"x","__proto__":{"polluted":1},"Results":[{"Target":"t","constructor":{"prototype":{"p":1}}}]}',
      "p.json",
    );
    expect(trivy).toMatchObject({ ok: true, report: { artifactName: "x", vulnerabilities: [] } });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    const junit = parseEvidence(
      "junit",
      '<testsuite name="constructor"><testcase name="toString" classname="hasOwnProperty"/></testsuite>',
      "p.xml",
    );
    expect(junit).toMatchObject({ ok: true, report: { suites: [{ name: "constructor", tests: 1 }] } });
  });

  it("refuses a report above the size limit before parsing it", () => {
    for (const type of EVIDENCE_TYPES) {
      expect(parseEvidence(type, " ".repeat(2048), "big", { maxBytes: 1024 })).toMatchObject({
        ok: false,
        diagnostics: [{ code: "file-too-large", message: "the report is larger than the limit of 1 KiB" }],
      });
    }
  });

  it("refuses JSON nested beyond the limit without overflowing the stack", () => {
    const deep = `${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}`;
    for (const type of ["trivy", "sarif", "cyclonedx", "rehearsal"] as const) {
      expect(parseEvidence(type, deep, "deep.json")).toMatchObject({
        ok: false,
        diagnostics: [{ code: "too-deep", line: 1, column: 65 }],
      });
    }
  });
});
