import { createHash } from "node:crypto";
import { z } from "zod";
import { IMPACT_LEVELS } from "../odoo/impact.js";
import { UPGRADE_POLICIES } from "../odoo/plan-input.js";
import { ODOO_SERIES } from "../odoo/series.js";
import { stableJson } from "../odoo/stable-json.js";
import { UPGRADE_PLAN_SCHEMA } from "../odoo/upgrade-plan.js";

// The planner's document (`orc plan --json`, `orc.odoo.upgrade-plan/1`) as a release carries it. The
// fields governance reads are checked precisely; objects stay loose so that additions the planner makes
// within the same format version survive storage and hashing unchanged.

const ImpactLevel = z.enum(IMPACT_LEVELS);
const StrategyKind = z.enum(["none", "rolling", "maintenance-window", "rehearsal"]);
const count = z.int().min(0);

const PlanFinding = z.looseObject({
  code: z.string().min(1),
  severity: z.enum(["error", "warning", "info"]),
  message: z.string(),
  module: z.string().optional(),
});

/** An Odoo upgrade plan document as `orc plan --json` prints it (format `orc.odoo.upgrade-plan/1`). */
export const PlanDocument = z.looseObject({
  schema: z.literal(UPGRADE_PLAN_SCHEMA, {
    error: `not an orc plan document: \`schema\` must be "${UPGRADE_PLAN_SCHEMA}" (the output of \`orc plan --json\`)`,
  }),
  series: z.enum(ODOO_SERIES),
  policy: z.enum(UPGRADE_POLICIES),
  input: z.looseObject({
    addonsPaths: z.array(z.string()),
    changes: z.looseObject({ kind: z.enum(["revisions", "explicit"]) }),
  }),
  changed: z.array(
    z.looseObject({
      module: z.string().min(1),
      status: z.string(),
      needsUpgrade: z.boolean(),
      impact: ImpactLevel,
    }),
  ),
  upgrade: z.looseObject({
    command: z.string(),
    order: z.array(z.looseObject({ module: z.string().min(1), position: count })),
    notInstalled: z.array(z.string()),
  }),
  install: z.array(z.looseObject({ module: z.string().min(1) })),
  migrations: z.array(
    z.looseObject({
      module: z.string().min(1),
      pre: z.array(z.string()),
      post: z.array(z.string()),
      end: z.array(z.string()),
    }),
  ),
  impact: z.looseObject({
    overall: ImpactLevel,
    removals: z.array(z.string()),
    modules: z.record(z.string(), z.looseObject({ level: ImpactLevel })),
  }),
  strategy: z.looseObject({
    kind: StrategyKind,
    canaryAllowed: z.boolean(),
    moduleUpdate: z.boolean(),
    backupFirst: z.boolean(),
    rehearsalFirst: z.boolean(),
    reasons: z.array(z.string()),
  }),
  dependencySources: z.record(z.string(), z.string()),
  findings: z.array(PlanFinding),
  summary: z.looseObject({
    changed: count,
    upgrade: count,
    install: count,
    migrationScripts: count,
    errors: count,
    warnings: count,
    infos: count,
  }),
});
export type PlanDocument = z.infer<typeof PlanDocument>;

/**
 * SHA-256 (lower-case hex) of the plan's canonical JSON (keys sorted at every level, as `orc plan
 * --json` writes it): approvals bind to this value, so any change to the plan voids them.
 */
export function planHash(plan: PlanDocument): string {
  return createHash("sha256").update(stableJson(plan)).digest("hex");
}

/** True for the rollout strategies that are disruptive: `-u` in a maintenance window, or a rehearsed migration. */
export function isDisruptiveStrategy(kind: string): boolean {
  return kind === "maintenance-window" || kind === "rehearsal";
}

/** True when the plan's rollout is disruptive (see {@link isDisruptiveStrategy}). */
export function isDisruptivePlan(plan: PlanDocument): boolean {
  return isDisruptiveStrategy(plan.strategy.kind);
}

/** The modules `odoo -u` upgrades, in the plan's order. */
export function upgradedModules(plan: PlanDocument): string[] {
  return plan.upgrade.order.map((e) => e.module);
}
