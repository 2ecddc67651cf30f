import { findingSeverityRank, type SarifFinding, type SarifReport } from "../sarif/report.js";
import type { EvidencePolicy } from "./evidence-policy.js";
import { capReasons, listNames, plural, type GateEvaluation, type GateReason } from "./gate-evaluation.js";
import { applyWaivers, describeExpiredWaiver, describeWaiver, type Waiver } from "./waiver.js";

/** `rule (severity) at file:line: message`. */
export function describeFinding(f: SarifFinding): string {
  const where = f.uri ? ` at ${f.uri}${f.line ? `:${f.line}` : ""}` : "";
  return `${f.ruleId} (${f.level}, ${f.severity})${where}: ${f.message.split("\n")[0] ?? ""}`;
}

/**
 * `image-scan` or `sast` from a SARIF log: unsuppressed findings that `blocks` selects block unless an
 * active waiver names their rule id.
 */
export function evaluateSarifGate(
  gate: "image-scan" | "sast",
  report: SarifReport,
  evidenceId: string,
  blocks: (f: SarifFinding) => boolean,
  threshold: string,
  waivers: readonly Waiver[],
  now: Date,
): GateEvaluation {
  const blockers = report.findings.filter((f) => !f.suppressed && blocks(f));
  const outcome = applyWaivers(gate, blockers, (f) => [f.ruleId], waivers, now);
  const reasons: GateReason[] = capReasons(
    outcome.open.map((f) => ({
      code: "finding",
      message: describeFinding(f),
      subject: f.ruleId,
      blocking: true,
    })),
    "blocking findings",
  );
  for (const { blocker, waiver } of outcome.expired) {
    reasons.push({
      code: "waiver-expired",
      message: `${blocker.ruleId}: ${describeExpiredWaiver(waiver)}`,
      subject: blocker.ruleId,
      blocking: true,
    });
  }
  for (const { blocker, waiver } of outcome.waived) {
    reasons.push({
      code: "waived",
      message: `${describeFinding(blocker)}: ${describeWaiver(waiver)}`,
      subject: blocker.ruleId,
      blocking: false,
    });
  }
  const tools = listNames(report.tools);
  if (outcome.open.length === 0) {
    return {
      gate,
      status: outcome.waived.length > 0 ? "waived" : "pass",
      summary: `${tools}: no ${threshold} finding blocks${outcome.waived.length > 0 ? ` (${outcome.waived.length} waived)` : ""}${report.suppressed > 0 ? `; ${report.suppressed} suppressed` : ""}`,
      evidenceId,
      reasons,
    };
  }
  const rules = [...new Set(outcome.open.map((f) => f.ruleId))];
  return {
    gate,
    status: "fail",
    summary: `${tools}: ${plural(outcome.open.length, `${threshold} finding`)} ${outcome.open.length === 1 ? "blocks" : "block"} (${listNames(rules)})`,
    evidenceId,
    reasons,
    unblock: `fix the code flagged by ${listNames(rules)}, or have an owner waive the rule with a reason and an expiry; then upload a new analysis`,
  };
}

/** The SARIF selection for `image-scan`: findings at or above the policy's severity. */
export function imageScanBlocks(policy: EvidencePolicy): (f: SarifFinding) => boolean {
  const limit = findingSeverityRank(policy.imageScan.blockOn);
  return (f) => findingSeverityRank(f.severity) <= limit;
}

/** The SARIF selection for `sast`: findings at or above the policy's severity, and level errors. */
export function sastBlocks(policy: EvidencePolicy): (f: SarifFinding) => boolean {
  const limit = findingSeverityRank(policy.sast.blockOn);
  return (f) =>
    findingSeverityRank(f.severity) <= limit || (policy.sast.blockOnErrors && f.level === "error");
}
