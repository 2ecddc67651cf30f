import type { RehearsalReport } from "../rehearsal/report.js";
import {
  formatMinutes,
  listNames,
  type GateContext,
  type GateEvaluation,
  type GateReason,
} from "./gate-evaluation.js";

/**
 * `rehearsal`: the latest rehearsal must have succeeded (exit code 0, no errors logged), on the
 * release's Odoo series, upgrading the release's modules, and its duration plus the safety margin must
 * fit the maintenance window the release would run in; when it does not, by how much.
 */
export function evaluateRehearsalGate(
  report: RehearsalReport,
  evidenceId: string,
  context: GateContext,
  safetyMargin: number,
): GateEvaluation {
  const reasons: GateReason[] = [];
  const unblock: string[] = [];
  if (!report.succeeded) {
    const firstError = report.logExcerpt?.find((l) => /\b(ERROR|CRITICAL)\b/.test(l));
    reasons.push({
      code: "rehearsal-failed",
      message: `the rehearsal on ${report.database} exited with code ${report.exitCode} and logged ${report.errors} ${report.errors === 1 ? "error" : "errors"}${firstError ? `: ${firstError}` : ""}`,
      subject: report.environment,
      blocking: true,
    });
    unblock.push("fix the migration and upload a successful rehearsal");
  }
  if (context.odooSeries !== undefined && context.odooSeries !== report.odooSeries) {
    reasons.push({
      code: "rehearsal-series-mismatch",
      message: `the rehearsal ran on Odoo ${report.odooSeries}, the release targets ${context.odooSeries}`,
      blocking: true,
    });
    unblock.push(`rehearse on Odoo ${context.odooSeries}`);
  }
  if (context.modules !== undefined) {
    const done = new Set([...report.modules, ...report.upgraded.map((m) => m.module)]);
    const missing = [...new Set(context.modules)].filter((m) => !done.has(m)).sort();
    if (missing.length > 0) {
      reasons.push({
        code: "rehearsal-modules-missing",
        message: `the rehearsal did not upgrade ${listNames(missing)}, which the release upgrades`,
        blocking: true,
      });
      unblock.push(`rehearse the release's whole upgrade set (${listNames(missing)} missing)`);
    }
  }
  const took = formatMinutes(report.durationSeconds);
  const needed = report.durationSeconds * (1 + safetyMargin);
  const margin = `${Math.round(safetyMargin * 100)}% safety margin`;
  if (context.windowMinutes === undefined) {
    reasons.push({
      code: "no-window",
      message: `the rehearsal took ${took}; no maintenance window was given to compare it with`,
      blocking: false,
    });
  } else {
    const window = context.windowMinutes * 60;
    if (needed > window) {
      reasons.push({
        code: "rehearsal-too-long",
        message: `the rehearsal took ${took}; with the ${margin} it needs ${formatMinutes(needed)}, ${formatMinutes(needed - window)} more than the ${formatMinutes(window)} maintenance window`,
        blocking: true,
      });
      unblock.push(
        `schedule the release in a maintenance window of at least ${formatMinutes(needed)}, or make the migration faster and rehearse again`,
      );
    } else {
      reasons.push({
        code: "rehearsal-fits",
        message: `the rehearsal took ${took}; with the ${margin} it needs ${formatMinutes(needed)} and fits the ${formatMinutes(window)} maintenance window with ${formatMinutes(window - needed, "down")} to spare`,
        blocking: false,
      });
    }
  }
  const failed = reasons.some((r) => r.blocking);
  return {
    gate: "rehearsal",
    status: failed ? "fail" : "pass",
    summary: failed
      ? `rehearsal on ${report.environment}: ${reasons
          .filter((r) => r.blocking)
          .map((r) => r.code.replace("rehearsal-", "").replace(/-/g, " "))
          .join(", ")}`
      : `rehearsal on ${report.environment} succeeded in ${took}`,
    evidenceId,
    reasons,
    ...(failed ? { unblock: unblock.join("; ") } : {}),
  };
}
