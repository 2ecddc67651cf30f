import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVIDENCE_GATES } from "../../estate/index.js";
import type { Evidence } from "../evidence.js";
import { sampleEvidence } from "../test-support/samples.js";
import { evaluateGate, evaluateGates } from "./evaluate-gate.js";
import { EvidencePolicy } from "./evidence-policy.js";
import { applyWaivers, isWaiverActive, type Waiver } from "./waiver.js";

const now = new Date("2025-11-21T09:00:00Z");

function waiver(gate: Waiver["gate"], subject: string, expiresAt: string, owner = "alice"): Waiver {
  return { gate, subject, owner, reason: "accepted by the security board", expiresAt };
}

describe("tests gate", () => {
  it("fails on the mixed pytest run and names the failing and erroring tests", () => {
    const e = sampleEvidence("junit", "junit/pytest-mixed.xml", { id: "ev-1" });
    const result = evaluateGate("tests", [e], { now });
    expect(result).toMatchObject({
      gate: "tests",
      status: "fail",
      evidenceId: "ev-1",
      summary: "2 failed and 1 errored of 10 tests",
    });
    expect(result.reasons.filter((r) => r.blocking).map((r) => [r.code, r.subject])).toEqual([
      ["test-failed", "test_pos_sync.TestPosOrderSync.test_sync_refund_keeps_fiscal_position"],
      ["test-failed", "test_pos_sync.TestStockReservation.test_reserve_on_archived_location"],
      ["test-errored", "test_pos_session.test_close_session_with_cash_difference"],
    ]);
    expect(result.reasons[1]?.message).toBe(
      "test_pos_sync.TestStockReservation.test_reserve_on_archived_location failed: KeyError: 'WH/Archived'",
    );
    expect(result.unblock).toBe(
      "fix test_sync_refund_keeps_fiscal_position, test_reserve_on_archived_location and test_close_session_with_cash_difference and upload a new JUnit report",
    );
  });

  it("passes when the latest report is green, whatever came before", () => {
    const red = sampleEvidence("junit", "junit/pytest-mixed.xml", { uploadedAt: "2025-11-20T08:00:00Z" });
    const green = sampleEvidence("junit", "junit/pytest-passing.xml", { uploadedAt: "2025-11-20T09:00:00Z" });
    const result = evaluateGate("tests", [green, red], { now });
    expect(result).toMatchObject({
      status: "pass",
      evidenceId: green.id,
      summary: "7 tests: 4 passed, 3 skipped, none failed",
    });
    expect(result.unblock).toBeUndefined();
  });

  it("is missing without a JUnit report, and says what to upload", () => {
    expect(evaluateGate("tests", [sampleEvidence("trivy", "trivy/clean-image.json")], { now })).toMatchObject(
      {
        status: "missing",
        unblock: "upload a JUnit XML test report (evidence type junit)",
      },
    );
  });
});

describe("image-scan gate", () => {
  const scan = () => sampleEvidence("trivy", "trivy/odoo-17-image.json", { id: "scan-1" });

  it("blocks on critical vulnerabilities and names them with their fix", () => {
    const result = evaluateGate("image-scan", [scan()], { now });
    expect(result.status).toBe("fail");
    expect(result.reasons.map((r) => r.message)).toEqual([
      "CVE-2023-45853 (critical) in zlib1g 1:1.2.13.dfsg-1, no fix available (will not fix)",
      "CVE-2024-45491 (critical) in libexpat1 2.5.0-1, fixed in 2.5.0-1+deb12u1",
    ]);
    expect(result.unblock).toBe(
      "upgrade libexpat1 to 2.5.0-1+deb12u1 and rebuild the image; CVE-2023-45853 has no fix: remove the package or have an owner waive it with a reason and an expiry; then upload a new scan",
    );
  });

  it("blocks on high ones too when the policy says so", () => {
    const policy = EvidencePolicy.parse({ imageScan: { blockOn: "high" } });
    const result = evaluateGate("image-scan", [scan()], { now, policy });
    expect(result.reasons.map((r) => r.subject)).toEqual([
      "CVE-2023-45853",
      "CVE-2024-45491",
      "CVE-2023-33733",
      "CVE-2024-34069",
    ]);
  });

  it("is waived when active waivers cover every blocker; an expired waiver does not count and says so", () => {
    const waivers = [
      waiver("image-scan", "cve-2023-45853", "2025-12-31T00:00:00Z"),
      waiver("image-scan", "CVE-2024-45491", "2026-01-15T00:00:00Z", "bob"),
    ];
    const waived = evaluateGate("image-scan", [scan()], { now, waivers });
    expect(waived.status).toBe("waived");
    expect(waived.reasons.every((r) => !r.blocking && r.code === "waived")).toBe(true);
    expect(waived.reasons[1]?.message).toContain(
      "waived by bob until 2026-01-15T00:00:00Z: accepted by the security board",
    );

    const expired = [
      waivers[0] as Waiver,
      waiver("image-scan", "CVE-2024-45491", "2025-11-21T09:00:00Z", "bob"),
    ];
    const result = evaluateGate("image-scan", [scan()], { now, waivers: expired });
    expect(result.status).toBe("fail");
    expect(result.reasons.filter((r) => r.blocking).map((r) => r.code)).toEqual([
      "vulnerability",
      "waiver-expired",
    ]);
    expect(result.reasons[1]?.message).toBe(
      "CVE-2024-45491: the waiver by bob expired on 2025-11-21T09:00:00Z and no longer counts",
    );
  });

  it("ignores waivers of other gates and passes a clean image", () => {
    const waivers = [waiver("sast", "CVE-2024-45491", "2026-01-01T00:00:00Z")];
    expect(evaluateGate("image-scan", [scan()], { now, waivers }).reasons.map((r) => r.code)).toEqual([
      "vulnerability",
      "vulnerability",
    ]);
    expect(
      evaluateGate("image-scan", [sampleEvidence("trivy", "trivy/clean-image.json")], { now }).status,
    ).toBe("pass");
  });

  it("reads a SARIF log declared as an image scan", () => {
    const e = sampleEvidence("sarif", "sarif/codeql-odoo-addon.sarif", { gate: "image-scan" });
    const result = evaluateGate("image-scan", [e], { now });
    expect(result).toMatchObject({
      status: "fail",
      reasons: [{ code: "finding", subject: "py/code-injection" }],
    });
  });
});

describe("sast gate", () => {
  it("blocks on error-level and critical findings, with rule, place and message", () => {
    const result = evaluateGate("sast", [sampleEvidence("sarif", "sarif/eslint.sarif")], { now });
    expect(result.status).toBe("fail");
    expect(result.reasons.map((r) => r.message)).toEqual([
      "no-eval (error, high) at receipt-printer.js:3: `eval` can be harmful.",
      "no-implied-eval (error, high) at receipt-printer.js:5: Implied eval. Consider passing a function instead of a string.",
      "no-new-func (error, high) at receipt-printer.js:4: The Function constructor is eval.",
    ]);
  });

  it("passes warnings when error levels do not block; suppressed findings never block", () => {
    const policy = EvidencePolicy.parse({ sast: { blockOnErrors: false } });
    expect(
      evaluateGate("sast", [sampleEvidence("sarif", "sarif/eslint.sarif")], { now, policy }).status,
    ).toBe("pass");
    const codeql = evaluateGate("sast", [sampleEvidence("sarif", "sarif/codeql-odoo-addon.sarif")], {
      now,
      policy: EvidencePolicy.parse({ sast: { blockOn: "high" } }),
    });
    expect(codeql.reasons.map((r) => r.subject)).toEqual(["py/code-injection", "py/sql-injection"]);
  });

  it("waives by rule id", () => {
    const waivers = [
      waiver("sast", "no-eval", "2026-01-01T00:00:00Z"),
      waiver("sast", "no-new-func", "2026-01-01T00:00:00Z"),
      waiver("sast", "no-implied-eval", "2026-01-01T00:00:00Z"),
    ];
    expect(
      evaluateGate("sast", [sampleEvidence("sarif", "sarif/eslint.sarif")], { now, waivers }).status,
    ).toBe("waived");
  });
});

describe("sbom-license gate", () => {
  const addons = () => sampleEvidence("cyclonedx", "cyclonedx/odoo-addons.cdx.json");

  it("passes orc's own npm SBOM under the default policy", () => {
    expect(
      evaluateGate("sbom-license", [sampleEvidence("cyclonedx", "cyclonedx/orc-npm.cdx.json")], { now }),
    ).toMatchObject({
      status: "pass",
      summary: "112 components: licenses within policy",
    });
  });

  it("flags proprietary modules beside AGPL ones and a component without a license, naming them", () => {
    const result = evaluateGate("sbom-license", [addons()], { now });
    expect(result.status).toBe("fail");
    expect(result.reasons.map((r) => [r.code, r.subject])).toEqual([
      ["license-unknown", "northwind-label-fonts"],
      ["license-conflict", "proprietary-with-agpl"],
    ]);
    expect(result.reasons[1]?.message).toMatch(
      /^Other proprietary \(registry.example.com\/northwind\/odoo and odoo-addon\/northwind_pos_sync\), OPL-1 \(odoo-addon\/l10n_de_pos_fiskaly\) with AGPL-3.0-only \(odoo-addon\/pos_order_mgmt\): /,
    );
  });

  it("applies allow and deny lists with canonical ids, categories and OR choices", () => {
    const policy = EvidencePolicy.parse({
      licenses: { deny: ["@network-copyleft", "CDDL-1.0"], unknown: "pass", conflicts: [] },
    });
    const result = evaluateGate("sbom-license", [addons()], { now, policy });
    expect(result.reasons.map((r) => r.message)).toEqual([
      "odoo-addon/pos_order_mgmt 17.0.1.0.3 is licensed AGPL-3.0-only, which the policy denies",
      "ebaysdk 2.1.5 is licensed CDDL-1.0, which the policy denies",
    ]);
    const allow = EvidencePolicy.parse({
      licenses: { allow: ["@permissive", "@weak-copyleft", "OPL-1", "Other proprietary"], conflicts: [] },
    });
    const allowed = evaluateGate("sbom-license", [addons()], { now, policy: allow });
    expect(allowed.reasons.map((r) => r.subject)).toEqual([
      "odoo-addon/pos_order_mgmt",
      "northwind-label-fonts",
    ]);
  });

  it("a component waiver lifts its problems and takes it out of conflicts", () => {
    const waivers = [
      waiver("sbom-license", "odoo-addon/pos_order_mgmt", "2026-06-30T00:00:00Z", "legal"),
      waiver("sbom-license", "northwind-label-fonts@2023.1", "2026-06-30T00:00:00Z", "legal"),
    ];
    const result = evaluateGate("sbom-license", [addons()], { now, waivers });
    expect(result.status).toBe("waived");
    expect(result.reasons.map((r) => r.code)).toEqual(["waived", "waived"]);
  });
});

describe("rehearsal gate", () => {
  const ok = () => sampleEvidence("rehearsal", "rehearsal/staging-17-upgrade.json");

  it("passes a successful rehearsal that fits the window with its margin, saying by how much", () => {
    const result = evaluateGate("rehearsal", [ok()], {
      now,
      windowMinutes: 120,
      odooSeries: "17.0",
      modules: ["northwind_pos_sync"],
    });
    expect(result).toMatchObject({
      status: "pass",
      summary: "rehearsal on northwind-eu/staging succeeded in 48 min",
    });
    expect(result.reasons[0]?.message).toBe(
      "the rehearsal took 48 min; with the 25% safety margin it needs 1 h and fits the 2 h maintenance window with 1 h to spare",
    );
  });

  it("fails when the rehearsal does not fit the window, by how much", () => {
    const result = evaluateGate("rehearsal", [ok()], { now, windowMinutes: 45 });
    expect(result.status).toBe("fail");
    expect(result.reasons[0]?.message).toBe(
      "the rehearsal took 48 min; with the 25% safety margin it needs 1 h, 15 min more than the 45 min maintenance window",
    );
    expect(result.unblock).toBe(
      "schedule the release in a maintenance window of at least 1 h, or make the migration faster and rehearse again",
    );
    const noMargin = evaluateGate("rehearsal", [ok()], {
      now,
      windowMinutes: 50,
      policy: EvidencePolicy.parse({ rehearsal: { safetyMargin: 0 } }),
    });
    expect(noMargin.status).toBe("pass");
  });

  it("fails a failed rehearsal, one on another series, and one that missed modules", () => {
    const failed = evaluateGate(
      "rehearsal",
      [sampleEvidence("rehearsal", "rehearsal/failed-migration.json")],
      { now, windowMinutes: 120 },
    );
    expect(failed.reasons[0]).toMatchObject({ code: "rehearsal-failed", blocking: true });
    expect(failed.reasons[0]?.message).toContain(
      "exited with code 1 and logged 1 error: 2025-11-16 20:07:44,611 41 ERROR",
    );
    const other = evaluateGate("rehearsal", [ok()], {
      now,
      windowMinutes: 120,
      odooSeries: "18.0",
      modules: ["stock_landed_costs"],
    });
    expect(other.reasons.filter((r) => r.blocking).map((r) => r.message)).toEqual([
      "the rehearsal ran on Odoo 17.0, the release targets 18.0",
      "the rehearsal did not upgrade stock_landed_costs, which the release upgrades",
    ]);
  });

  it("notes when no window was given", () => {
    expect(evaluateGate("rehearsal", [ok()], { now })).toMatchObject({
      status: "pass",
      reasons: [{ code: "no-window", blocking: false }],
    });
  });
});

describe("properties", () => {
  const iso = fc.date({
    min: new Date("2024-01-01T00:00:00Z"),
    max: new Date("2027-01-01T00:00:00Z"),
    noInvalidDate: true,
  });

  it("a waiver never applies at or after its expiry, and always before it", () => {
    fc.assert(
      fc.property(iso, iso, (expiry, at) => {
        const w = waiver("image-scan", "CVE-2024-45491", expiry.toISOString());
        const outcome = applyWaivers("image-scan", ["CVE-2024-45491"], (b) => [b], [w], at);
        const active = at.getTime() < expiry.getTime();
        expect(isWaiverActive(w, at)).toBe(active);
        expect(outcome.waived.length).toBe(active ? 1 : 0);
        expect(outcome.expired.length).toBe(active ? 0 : 1);
        if (!active) {
          const evaluation = evaluateGate(
            "image-scan",
            [sampleEvidence("trivy", "trivy/odoo-17-image.json")],
            { now: at, waivers: [w] },
          );
          expect(evaluation.status).toBe("fail");
          expect(evaluation.reasons.some((r) => r.code === "waived" && r.subject === "CVE-2024-45491")).toBe(
            false,
          );
        }
      }),
    );
  });

  const pool: Evidence[] = [
    sampleEvidence("junit", "junit/pytest-mixed.xml", { id: "a", uploadedAt: "2025-11-20T08:00:00Z" }),
    sampleEvidence("junit", "junit/pytest-passing.xml", { id: "b", uploadedAt: "2025-11-20T08:00:00Z" }),
    sampleEvidence("junit", "junit/xmlrunner-single-suite.xml", {
      id: "c",
      uploadedAt: "2025-11-19T08:00:00Z",
    }),
    sampleEvidence("trivy", "trivy/odoo-17-image.json", { id: "d" }),
    sampleEvidence("trivy", "trivy/clean-image.json", { id: "e", uploadedAt: "2025-11-20T10:00:00+01:00" }),
    sampleEvidence("sarif", "sarif/eslint.sarif", { id: "f" }),
    sampleEvidence("sarif", "sarif/codeql-odoo-addon.sarif", { id: "g", uploadedAt: "2025-11-20T12:00:00Z" }),
    sampleEvidence("cyclonedx", "cyclonedx/odoo-addons.cdx.json", { id: "h" }),
    sampleEvidence("rehearsal", "rehearsal/staging-17-upgrade.json", { id: "i" }),
    sampleEvidence("rehearsal", "rehearsal/failed-migration.json", {
      id: "j",
      uploadedAt: "2025-11-20T10:00:00Z",
    }),
  ];
  const waivers = [
    waiver("image-scan", "CVE-2023-45853", "2025-12-01T00:00:00Z"),
    waiver("image-scan", "CVE-2023-45853", "2025-12-15T00:00:00Z", "bob"),
    waiver("sbom-license", "northwind-label-fonts", "2025-11-25T00:00:00Z"),
    waiver("sast", "py/sql-injection", "2025-11-22T00:00:00Z"),
  ];

  it("gate evaluation is deterministic and independent of the order of evidence and waivers", () => {
    fc.assert(
      fc.property(
        fc.subarray(pool),
        fc.subarray(waivers),
        iso,
        fc.integer({ min: 1, max: 300 }),
        (chosen, ws, at, windowMinutes) => {
          const context = { now: at, waivers: ws, windowMinutes };
          const expected = evaluateGates(EVIDENCE_GATES, chosen, context);
          expect(evaluateGates(EVIDENCE_GATES, chosen, context)).toEqual(expected);
          expect(
            evaluateGates(EVIDENCE_GATES, [...chosen].reverse(), { ...context, waivers: [...ws].reverse() }),
          ).toEqual(expected);
          for (const e of expected) {
            expect(e.status === "pass" || e.status === "waived").toBe(e.unblock === undefined);
            expect(e.reasons.some((r) => r.blocking)).toBe(e.status === "fail" || e.status === "missing");
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("ties in upload time are broken by id, so the same evidence always counts", () => {
    const [a, b] = pool;
    expect(evaluateGate("tests", [a as Evidence, b as Evidence], { now }).evidenceId).toBe("b");
    expect(evaluateGate("tests", [b as Evidence, a as Evidence], { now }).evidenceId).toBe("b");
  });
});

describe("license choices", () => {
  it("an OR lets the licensee pick the alternative the policy accepts", () => {
    const e = sampleEvidence("cyclonedx", "cyclonedx/odoo-addons.cdx.json");
    const policy = EvidencePolicy.parse({
      licenses: { deny: ["Apache-2.0"], unknown: "pass", conflicts: [] },
    });
    expect(evaluateGate("sbom-license", [e], { now, policy }).status).toBe("pass");
    const both = EvidencePolicy.parse({
      licenses: { deny: ["Apache-2.0", "BSD-3-Clause"], unknown: "pass", conflicts: [] },
    });
    expect(evaluateGate("sbom-license", [e], { now, policy: both }).reasons.map((r) => r.subject)).toEqual([
      "reportlab",
      "cryptography",
    ]);
  });
});
