import type { EvidencePolicy } from "./evidence-policy.js";
import type { TrivyReport, Vulnerability } from "../trivy/report.js";
import { severityRank } from "../trivy/report.js";
import { capReasons, listNames, plural, type GateEvaluation, type GateReason } from "./gate-evaluation.js";
import { applyWaivers, describeExpiredWaiver, describeWaiver, type Waiver } from "./waiver.js";

function describeVulnerability(v: Vulnerability): string {
  const fix = v.fixedVersion
    ? `fixed in ${v.fixedVersion}`
    : `no fix available${v.status && v.status !== "affected" ? ` (${v.status.replace(/_/g, " ")})` : ""}`;
  return `${v.id} (${v.severity}) in ${v.pkgName} ${v.installedVersion}, ${fix}`;
}

/**
 * `image-scan` from a Trivy report: no vulnerability at or above the policy's severity (`critical` by
 * default, or `high`) unless an active waiver names its id. Expired waivers do not count and say so.
 */
export function evaluateTrivyImageScan(
  report: TrivyReport,
  evidenceId: string,
  policy: EvidencePolicy,
  waivers: readonly Waiver[],
  now: Date,
): GateEvaluation {
  const limit = severityRank(policy.imageScan.blockOn);
  const blockers = report.vulnerabilities.filter((v) => severityRank(v.severity) <= limit);
  const outcome = applyWaivers("image-scan", blockers, (v) => [v.id], waivers, now);
  const reasons: GateReason[] = capReasons(
    outcome.open.map((v) => ({
      code: "vulnerability",
      message: describeVulnerability(v),
      subject: v.id,
      blocking: true,
    })),
    "blocking vulnerabilities",
  );
  for (const { blocker, waiver } of outcome.expired) {
    reasons.push({
      code: "waiver-expired",
      message: `${blocker.id}: ${describeExpiredWaiver(waiver)}`,
      subject: blocker.id,
      blocking: true,
    });
  }
  for (const { blocker, waiver } of outcome.waived) {
    reasons.push({
      code: "waived",
      message: `${describeVulnerability(blocker)}: ${describeWaiver(waiver)}`,
      subject: blocker.id,
      blocking: false,
    });
  }
  const counted = `${report.counts.critical} critical, ${report.counts.high} high`;
  const threshold = policy.imageScan.blockOn === "critical" ? "critical" : "high or critical";
  if (outcome.open.length === 0) {
    return {
      gate: "image-scan",
      status: outcome.waived.length > 0 ? "waived" : "pass",
      summary: `${report.artifactName}: ${counted}; no ${threshold} vulnerability blocks${outcome.waived.length > 0 ? ` (${outcome.waived.length} waived)` : ""}`,
      evidenceId,
      reasons,
    };
  }
  const fixable = outcome.open.filter((v) => v.fixedVersion);
  const unfixable = outcome.open.filter((v) => !v.fixedVersion);
  const steps = [
    fixable.length > 0
      ? `upgrade ${listNames(unique(fixable.map((v) => `${v.pkgName} to ${v.fixedVersion ?? ""}`)))} and rebuild the image`
      : "",
    unfixable.length > 0
      ? `${listNames(unique(unfixable.map((v) => v.id)))} ${unfixable.length === 1 ? "has" : "have"} no fix: remove the package or have an owner waive ${unfixable.length === 1 ? "it" : "them"} with a reason and an expiry`
      : "",
  ].filter(Boolean);
  return {
    gate: "image-scan",
    status: "fail",
    summary: `${report.artifactName}: ${plural(outcome.open.length, `${threshold} vulnerability`, `${threshold} vulnerabilities`)} ${outcome.open.length === 1 ? "blocks" : "block"} (${listNames(unique(outcome.open.map((v) => v.id)))})`,
    evidenceId,
    reasons,
    unblock: `${steps.join("; ")}; then upload a new scan`,
  };
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}
