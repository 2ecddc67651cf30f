import { describe, expect, it } from "vitest";
import { Evidence, gateOfEvidence, latestEvidenceFor } from "./evidence.js";
import { sampleEvidence } from "./test-support/samples.js";

describe("Evidence", () => {
  it("validates stored evidence, and refuses a gate its type cannot answer", () => {
    const junit = sampleEvidence("junit", "junit/pytest-mixed.xml");
    expect(Evidence.safeParse(junit).success).toBe(true);
    const wrong = Evidence.safeParse({ ...junit, gate: "image-scan" });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.message).toBe(
      "junit evidence cannot answer the image-scan gate (it can answer tests)",
    );
    expect(Evidence.safeParse({ ...junit, sha256: "nope" }).success).toBe(false);
  });

  it("derives the gate: SARIF from an image scanner answers image-scan, other SARIF sast", () => {
    const eslint = sampleEvidence("sarif", "sarif/eslint.sarif");
    expect(gateOfEvidence(eslint)).toBe("sast");
    if (eslint.type !== "sarif") throw new Error("sarif expected");
    expect(gateOfEvidence({ ...eslint, report: { ...eslint.report, tools: ["Trivy"] } })).toBe("image-scan");
    expect(gateOfEvidence({ ...eslint, gate: "image-scan" })).toBe("image-scan");
  });

  it("takes the latest upload, comparing instants across offsets", () => {
    const early = sampleEvidence("trivy", "trivy/clean-image.json", {
      id: "x",
      uploadedAt: "2025-11-20T10:30:00+01:00",
    });
    const late = sampleEvidence("trivy", "trivy/odoo-17-image.json", {
      id: "a",
      uploadedAt: "2025-11-20T10:00:00Z",
    });
    expect(latestEvidenceFor("image-scan", [early, late])?.id).toBe("a");
    expect(latestEvidenceFor("tests", [early, late])).toBeUndefined();
  });
});
