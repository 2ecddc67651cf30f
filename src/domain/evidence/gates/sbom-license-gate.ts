import type { CycloneDxReport, SbomComponent } from "../cyclonedx/report.js";
import {
  assessComponentLicenses,
  findLicenseConflicts,
  type ComponentLicenseAssessment,
  type ComponentLicenseProblem,
  type LicenseConflictFinding,
} from "../license/assess-licenses.js";
import type { LicensePolicy } from "../license/license-policy.js";
import { capReasons, listNames, plural, type GateEvaluation, type GateReason } from "./gate-evaluation.js";
import {
  applyWaivers,
  describeExpiredWaiver,
  describeWaiver,
  isWaiverActive,
  type Waiver,
} from "./waiver.js";

/** `odoo-addon/pos_order_mgmt 17.0.1.0.3`. */
function label(c: SbomComponent): string {
  return c.version ? `${c.name} ${c.version}` : c.name;
}

/** The keys a waiver may name a component by: name, name@version, purl. */
export function componentWaiverKeys(c: SbomComponent): string[] {
  return [c.name, ...(c.version ? [`${c.name}@${c.version}`] : []), ...(c.purl ? [c.purl] : [])];
}

function describeProblem(c: SbomComponent, p: ComponentLicenseProblem): string {
  switch (p.kind) {
    case "denied":
      return `${label(c)} is licensed ${p.license ?? "?"}, which the policy denies`;
    case "not-allowed":
      return `${label(c)} is licensed ${p.license ?? "?"}, which is not on the allow list`;
    case "unknown":
      if (p.license === undefined) return `${label(c)} states no license`;
      return p.detail
        ? `${label(c)} has a license expression orc cannot read (${p.detail}): ${p.license}`
        : `${label(c)} is licensed ${p.license}, which orc does not recognize`;
  }
}

const PROBLEM_CODES = {
  denied: "license-denied",
  "not-allowed": "license-not-allowed",
  unknown: "license-unknown",
} as const;

function describeConflict(conflict: LicenseConflictFinding): string {
  const side = (holders: LicenseConflictFinding["sides"][0]) => {
    const byLicense = new Map<string, string[]>();
    for (const h of holders)
      byLicense.set(h.license, [...(byLicense.get(h.license) ?? []), h.component.name]);
    return [...byLicense].map(([license, names]) => `${license} (${listNames(names, 3)})`).join(", ");
  };
  return `${side(conflict.sides[0])} with ${side(conflict.sides[1])}: ${conflict.reason}`;
}

/**
 * `sbom-license`: every component's licenses against the policy (deny list, allow list, unknown
 * licenses) and the policy's conflicts across the whole SBOM, subject included (e.g. proprietary
 * OPL-1 modules beside AGPL-3.0 ones). A waiver for a component (by name, name@version or purl)
 * lets its problems through and takes it out of conflicts.
 */
export function evaluateSbomLicenseGate(
  report: CycloneDxReport,
  evidenceId: string,
  policy: LicensePolicy,
  waivers: readonly Waiver[],
  now: Date,
): GateEvaluation {
  const assessments = report.components.map((c) => assessComponentLicenses(c, policy));
  // The subject is the retailer's own product: it takes part in conflicts, not in allow/deny checks.
  const subject: ComponentLicenseAssessment[] = report.subject
    ? [{ ...assessComponentLicenses(report.subject, { ...policy, deny: [], unknown: "pass" }), problems: [] }]
    : [];
  const withProblems = assessments.filter((a) => a.problems.length > 0);
  const outcome = applyWaivers(
    "sbom-license",
    withProblems,
    (a) => componentWaiverKeys(a.component),
    waivers,
    now,
  );

  const waivedComponent = (c: SbomComponent) => {
    const keys = new Set(componentWaiverKeys(c).map((k) => k.toLowerCase()));
    return waivers.find(
      (w) => w.gate === "sbom-license" && keys.has(w.subject.toLowerCase()) && isWaiverActive(w, now),
    );
  };
  const all = [...subject, ...assessments];
  const conflicts = findLicenseConflicts(
    all.filter((a) => !waivedComponent(a.component)),
    policy,
  );
  const open = new Set(conflicts.map((c) => c.name));
  const waivedConflicts = findLicenseConflicts(all, policy).filter((c) => !open.has(c.name));

  const problemReasons: GateReason[] = outcome.open.flatMap((a) =>
    a.problems.map((p) => ({
      code: PROBLEM_CODES[p.kind],
      message: describeProblem(a.component, p),
      subject: a.component.name,
      blocking: true,
    })),
  );
  const reasons: GateReason[] = [
    ...capReasons(problemReasons, "license problems"),
    ...conflicts.map((c) => ({
      code: "license-conflict" as const,
      message: describeConflict(c),
      subject: c.name,
      blocking: true,
    })),
  ];
  for (const { blocker, waiver } of outcome.expired) {
    reasons.push({
      code: "waiver-expired",
      message: `${blocker.component.name}: ${describeExpiredWaiver(waiver)}`,
      subject: blocker.component.name,
      blocking: true,
    });
  }
  for (const { blocker, waiver } of outcome.waived) {
    reasons.push({
      code: "waived",
      message: `${blocker.problems.map((p) => describeProblem(blocker.component, p)).join("; ")}: ${describeWaiver(waiver)}`,
      subject: blocker.component.name,
      blocking: false,
    });
  }
  for (const c of waivedConflicts) {
    reasons.push({
      code: "waived",
      message: `conflict ${c.name} resolved by component waivers: ${describeConflict(c)}`,
      subject: c.name,
      blocking: false,
    });
  }
  const counted = plural(report.components.length, "component");
  const blocking = outcome.open.length + conflicts.length;
  if (blocking === 0) {
    const waived = outcome.waived.length + waivedConflicts.length;
    return {
      gate: "sbom-license",
      status: waived > 0 ? "waived" : "pass",
      summary: `${counted}: licenses within policy${waived > 0 ? ` (${waived} waived)` : ""}`,
      evidenceId,
      reasons,
    };
  }
  const parts = [
    outcome.open.length > 0 ? plural(outcome.open.length, "component") + " outside the license policy" : "",
    conflicts.length > 0 ? plural(conflicts.length, "license conflict") : "",
  ].filter(Boolean);
  const culprits = [
    ...outcome.open.map((a) => a.component.name),
    ...conflicts.flatMap((c) => c.sides[1].map((h) => h.component.name)),
  ];
  return {
    gate: "sbom-license",
    status: "fail",
    summary: `${counted}: ${parts.join(" and ")}`,
    evidenceId,
    reasons,
    unblock: `replace or remove ${listNames([...new Set(culprits)])}, or record the legal review as a waiver (owner, reason, expiry) for each component; then upload a new SBOM`,
  };
}
