import type { ReleaseState } from "../api/types.js";

const stateTone: Record<ReleaseState, string> = {
  draft: "muted",
  submitted: "info",
  approved: "ok",
  scheduled: "info",
  running: "warn",
  succeeded: "ok",
  failed: "bad",
  "rolled-back": "bad",
  rejected: "bad",
  cancelled: "muted",
};

export function StateBadge({ state }: { state: ReleaseState }) {
  return <span className={`badge tone-${stateTone[state] ?? "muted"}`}>{state}</span>;
}

const impactTone: Record<string, string> = {
  "assets-only": "ok",
  "code-only": "ok",
  data: "info",
  schema: "warn",
  migration: "bad",
};

/** The planner's impact level of a module or a plan. */
export function ImpactBadge({ impact }: { impact: string | undefined }) {
  if (!impact) return null;
  return <span className={`badge tone-${impactTone[impact] ?? "muted"}`}>{impact}</span>;
}

export type EnvironmentCondition = "frozen" | "maintenance" | "open";

const conditionLabel: Record<EnvironmentCondition, string> = {
  frozen: "Frozen",
  maintenance: "In maintenance window",
  open: "Open",
};

export function ConditionBadge({ condition }: { condition: EnvironmentCondition }) {
  const tone = condition === "frozen" ? "bad" : condition === "maintenance" ? "warn" : "ok";
  return <span className={`badge badge-lg tone-${tone}`}>{conditionLabel[condition]}</span>;
}
