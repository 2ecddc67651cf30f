import { formatDiagnostic } from "../domain/diagnostic.js";
import { OrcError } from "../domain/errors.js";
import {
  parseSeries,
  UPGRADE_POLICIES,
  type Finding,
  type OdooSeries,
  type UpgradePlan,
  type UpgradePolicy,
} from "../domain/odoo/index.js";

/** `--series`: one of the known series, or a usage error. */
export function seriesOption(text: string): OdooSeries {
  const s = parseSeries(text);
  if (!s)
    throw new OrcError(
      "bad-request",
      `--series '${text}' is not a supported Odoo series (16.0, 17.0, 18.0, 19.0)`,
    );
  return s;
}

export function policyOption(text: string): UpgradePolicy {
  if (!(UPGRADE_POLICIES as readonly string[]).includes(text)) {
    throw new OrcError("bad-request", `--policy '${text}' is not one of ${UPGRADE_POLICIES.join(", ")}`);
  }
  return text as UpgradePolicy;
}

export function listOption(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ")}`.trimEnd(),
  );
}

export function formatFindings(findings: readonly Finding[]): string[] {
  return findings.map(
    (f) =>
      `  ${formatDiagnostic({ ...f, message: f.module && !f.file ? `${f.module}: ${f.message}` : f.message })}`,
  );
}

/** A compact table and a short summary of a plan, for terminals and CI logs. */
export function formatPlan(plan: UpgradePlan): string {
  const out: string[] = [];
  const s = plan.summary;
  out.push(
    `Odoo ${plan.series} release plan (policy: ${plan.policy}): ${s.changed} changed, ${s.upgrade} to upgrade, ${s.install} to install, ${s.migrationScripts} migration script(s)`,
  );
  if (plan.changed.length > 0) {
    out.push("", "Changed modules:");
    out.push(
      ...table([
        ["module", "status", "files", "version", "-u", "why"],
        ...plan.changed.map((c) => [
          c.module,
          c.installed ? c.status : `${c.status}, not installed`,
          String(c.files.length),
          `${c.version.installed ?? c.version.before ?? "-"} → ${c.version.after ?? "-"}${c.version.bumped ? " (bumped)" : ""}`,
          c.needsUpgrade ? "yes" : "no",
          c.reason,
        ]),
      ]),
    );
  }
  out.push(
    "",
    plan.upgrade.order.length > 0
      ? `Upgrade order (odoo -u ${plan.upgrade.command}):`
      : "Upgrade order: nothing to upgrade",
  );
  if (plan.upgrade.order.length > 0) {
    out.push(
      ...table([
        ["#", "module", "reason", "installed → target", "impact", "dependencies from"],
        ...plan.upgrade.order.map((e, i) => [
          String(i + 1),
          e.module,
          e.reason,
          `${e.installedVersion ?? "?"} → ${e.targetVersion ?? "?"}`,
          plan.impact.modules[e.module]?.level ?? "-",
          e.dependsSource,
        ]),
      ]),
    );
  }
  if (plan.upgrade.notInstalled.length > 0)
    out.push("", `Changed but not installed (odoo -u ignores them): ${plan.upgrade.notInstalled.join(", ")}`);
  if (plan.install.length > 0) {
    out.push("", "Will be installed:");
    out.push(...table([["module", "reason"], ...plan.install.map((e) => [e.module, e.reason])]));
  }
  if (plan.migrations.length > 0) {
    out.push("", "Migration scripts:");
    for (const m of plan.migrations) {
      out.push(`  ${m.module} ${m.installedVersion ?? "?"} → ${m.targetVersion}`);
      for (const stage of ["pre", "post", "end"] as const)
        for (const f of m[stage]) out.push(`    ${stage.padEnd(4)} ${f}`);
    }
  }
  out.push(
    "",
    `Impact: ${plan.impact.overall}${plan.impact.removals.length > 0 ? ` (removes ${plan.impact.removals.join(", ")})` : ""}`,
  );
  out.push(
    `Strategy: ${plan.strategy.kind}${plan.strategy.reasons.length > 0 ? ` — ${plan.strategy.reasons.join("; ")}` : ""}`,
  );
  if (plan.findings.length > 0) out.push("", "Findings:", ...formatFindings(plan.findings));
  out.push("", `Summary: ${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info(s)`);
  return `${out.join("\n")}\n`;
}
