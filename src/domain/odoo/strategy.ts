import type { ImpactLevel } from "./impact.js";

/** How a release has to be rolled out, as a consequence of its impact. */
export type StrategyKind = "none" | "rolling" | "maintenance-window" | "rehearsal";

export interface ReleaseStrategy {
  readonly kind: StrategyKind;
  /** Rolling restarts and canaries are safe (no `-u` on the shared database). */
  readonly canaryAllowed: boolean;
  /** An `odoo -u` run is needed (the upgrade or install set is not empty). */
  readonly moduleUpdate: boolean;
  readonly backupFirst: boolean;
  readonly rehearsalFirst: boolean;
  readonly reasons: readonly string[];
}

/**
 * assets-only / code-only → rolling restart, canary allowed; data / schema → `-u` in a maintenance
 * window with a backup; migration or any removal of models/fields → rehearsal on a production copy
 * and a verified backup first.
 */
export function decideStrategy(input: {
  readonly impact: ImpactLevel;
  readonly removals: readonly string[];
  readonly upgradeCount: number;
  readonly installCount: number;
}): ReleaseStrategy {
  const reasons: string[] = [];
  const moduleUpdate = input.upgradeCount + input.installCount > 0;
  if (input.impact === "migration" || input.removals.length > 0) {
    if (input.impact === "migration") reasons.push("migration scripts will run");
    if (input.removals.length > 0) reasons.push(`models or fields are removed: ${input.removals.join(", ")}`);
    return {
      kind: "rehearsal",
      canaryAllowed: false,
      moduleUpdate,
      backupFirst: true,
      rehearsalFirst: true,
      reasons,
    };
  }
  if (input.impact === "schema" || input.impact === "data" || input.installCount > 0) {
    if (input.impact === "schema") reasons.push("models or fields change: the schema is updated by -u");
    if (input.impact === "data") reasons.push("data files change: they are reloaded by -u");
    if (input.installCount > 0) reasons.push(`${input.installCount} module(s) will be installed`);
    return {
      kind: "maintenance-window",
      canaryAllowed: false,
      moduleUpdate: true,
      backupFirst: true,
      rehearsalFirst: false,
      reasons,
    };
  }
  if (input.impact === "assets-only" || input.impact === "code-only") {
    reasons.push(
      input.impact === "assets-only"
        ? "only static assets change"
        : "only Python logic changes: a restart is enough",
    );
    if (moduleUpdate) reasons.push("the policy still selects modules for -u; it can run after the rollout");
    return {
      kind: "rolling",
      canaryAllowed: true,
      moduleUpdate,
      backupFirst: false,
      rehearsalFirst: false,
      reasons,
    };
  }
  if (moduleUpdate) {
    reasons.push("modules are selected for -u without a detected impact");
    return {
      kind: "maintenance-window",
      canaryAllowed: false,
      moduleUpdate,
      backupFirst: true,
      rehearsalFirst: false,
      reasons,
    };
  }
  return {
    kind: "none",
    canaryAllowed: true,
    moduleUpdate,
    backupFirst: false,
    rehearsalFirst: false,
    reasons: ["nothing to release"],
  };
}
