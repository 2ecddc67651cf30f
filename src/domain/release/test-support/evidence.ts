// Test support only: evidence that passes each gate, and approvals bound to a release.
import type { Evidence } from "../../evidence/evidence.js";
import { parseEvidence } from "../../evidence/parsers.js";
import { sampleEvidence } from "../../evidence/test-support/samples.js";
import type { ApprovalRecord } from "../approval.js";
import type { Release } from "../release.js";

/** A SARIF log with a clean run: what ESLint writes when it finds nothing. */
export const CLEAN_SARIF = JSON.stringify({
  version: "2.1.0",
  $schema: "https://json.schemastore.org/sarif-2.1.0.json",
  runs: [
    { tool: { driver: { name: "ESLint", informationUri: "https://eslint.org", rules: [] } }, results: [] },
  ],
});

/** Evidence that passes every gate of the demo tiers, uploaded at `uploadedAt`. */
export function passingEvidence(uploadedAt = "2026-11-02T10:00:00Z"): Evidence[] {
  const sarif = parseEvidence("sarif", CLEAN_SARIF, "eslint.sarif");
  if (!sarif.ok) throw new Error("clean SARIF refused");
  return [
    sampleEvidence("junit", "junit/pytest-passing.xml", { id: "1", uploadedAt }),
    sampleEvidence("trivy", "trivy/clean-image.json", { id: "2", uploadedAt }),
    {
      id: "3",
      type: "sarif",
      sha256: "b".repeat(64),
      uploadedBy: "ci-bot",
      uploadedAt,
      fileName: "eslint.sarif",
      report: sarif.report,
    },
    sampleEvidence("cyclonedx", "cyclonedx/orc-npm.cdx.json", { id: "4", uploadedAt }),
    sampleEvidence("rehearsal", "rehearsal/staging-17-upgrade.json", { id: "5", uploadedAt }),
  ];
}

let nextId = 1;

/** An approval by `approver` in `role`, bound to the release as it is (or to what `overrides` say). */
export function approvalOf(
  release: Pick<Release, "id" | "planHash" | "imageDigest">,
  approver: string,
  role: string,
  overrides: Partial<ApprovalRecord> = {},
): ApprovalRecord {
  return {
    id: nextId++,
    releaseId: release.id,
    approver,
    role,
    decision: "approve",
    comment: "",
    planHash: release.planHash,
    imageDigest: release.imageDigest,
    createdAt: "2026-11-03T10:00:00.000Z",
    ...overrides,
  };
}
