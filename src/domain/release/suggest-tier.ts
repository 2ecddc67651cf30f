import type { Estate } from "../estate/estate.js";
import type { EnvironmentView } from "../estate/queries.js";
import type { PlanDocument } from "./plan-document.js";

/** The tier a release should have, and why. */
export interface TierSuggestion {
  /** A tier of the estate, or undefined when the estate has none of that name. */
  readonly tier: string | undefined;
  readonly why: readonly string[];
}

/**
 * Suggests a tier from the plan's impact and the environments' kinds, following ServiceNow's change
 * types and DORA (heavy approval only where the risk is):
 * - `major` when production is reached by a rehearsal-strategy change (migration scripts run, or
 *   models or fields are removed) or by an Odoo series upgrade;
 * - `standard` otherwise: a routine change, or any change that stops before production (that is where
 *   migrations are rehearsed);
 * - `emergency` is never suggested: it is declared for an incident.
 */
export function suggestTier(
  estate: Pick<Estate, "tiers">,
  plan: PlanDocument,
  environments: readonly EnvironmentView[],
): TierSuggestion {
  const prod = environments.filter((e) => e.environment.kind === "prod");
  const why: string[] = [];
  for (const e of prod) {
    if (plan.strategy.kind === "rehearsal") {
      const cause = plan.strategy.reasons.length
        ? plan.strategy.reasons.join("; ")
        : "the plan needs a rehearsal";
      why.push(`${e.id} is production and ${cause}`);
    }
    if (e.environment.odoo.series !== plan.series) {
      why.push(`${e.id} is upgraded from Odoo ${e.environment.odoo.series} to ${plan.series}`);
    }
  }
  let name: string;
  if (why.length > 0) {
    name = "major";
  } else {
    name = "standard";
    if (prod.length === 0) {
      const kinds = [...new Set(environments.map((e) => e.environment.kind))].join(", ");
      why.push(`no production environment (${kinds || "none"}): changes are proven here before production`);
    } else {
      why.push(
        `the plan's impact is ${plan.impact.overall} with a ${plan.strategy.kind} rollout: a routine change for ${prod.map((e) => e.id).join(", ")}`,
      );
    }
  }
  why.push("emergency is declared for an incident, never suggested");
  const known = estate.tiers.some((t) => t.name === name);
  if (!known) why.unshift(`the estate has no tier named ${name}`);
  return { tier: known ? name : undefined, why };
}
