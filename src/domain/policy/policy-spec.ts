import { z } from "zod";
import { EnvironmentKind } from "../estate/environment.js";
import { Name } from "../estate/names.js";

/** How much text one CEL expression of a policy may hold. */
export const MAX_EXPRESSION_LENGTH = 4000;
/** How many policies an estate may declare. */
export const MAX_POLICIES = 500;

/** What a failing policy does to a decision. */
export const POLICY_SEVERITIES = ["block", "warn"] as const;
/** `block` (the decision is "no", reason `policy-failed`) or `warn` (a note, reason `policy-warning`). */
export const PolicySeverity = z.enum(POLICY_SEVERITIES);
export type PolicySeverity = z.infer<typeof PolicySeverity>;

const names = z.array(Name).min(1);

/**
 * Which releases and environments a policy applies to. Each selector given must match (AND); a list
 * matches when it holds the value (OR). Absent: every release on every environment.
 */
export const PolicyScope = z
  .strictObject({
    tenants: names.optional(),
    /** Environment ids `tenant/env`. */
    environments: z
      .array(z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'expected an environment id "tenant/env"'))
      .min(1)
      .optional(),
    kinds: z.array(EnvironmentKind).min(1).optional(),
    regions: names.optional(),
    /** Release tiers. */
    tiers: names.optional(),
  })
  .refine((s) => Object.keys(s).length > 0, {
    message: "an empty scope matches nothing; omit scope to apply the policy everywhere",
  });
export type PolicyScope = z.infer<typeof PolicyScope>;

const expression = z
  .string()
  .max(MAX_EXPRESSION_LENGTH)
  .regex(/\S/, { error: "an expression cannot be empty" });

/**
 * An organization rule (policy as code): a CEL expression over the release, its tier, one environment
 * and calendar facts at the start, that must be true. Evaluated once per environment of a decision.
 */
export const PolicySpec = z
  .strictObject({
    name: Name,
    description: z.string().max(2000).optional(),
    /** Where it applies. @default everywhere */
    scope: PolicyScope.optional(),
    /** A CEL precondition: the rule is checked only when this is true. @default always */
    when: expression.optional(),
    /** The CEL expression that must be true. */
    rule: expression,
    /** Shown when the rule fails; `{{ expr }}` inserts the value of a CEL expression. */
    message: z.string().min(1).max(2000),
    /** What would make the rule pass, shown with the message. */
    unblock: z.string().min(1).max(2000).optional(),
    /** @default block */
    severity: PolicySeverity.default("block"),
  })
  .meta({
    description:
      "An organization rule: a CEL expression (rule) that must hold for a release on an environment, with a message shown when it fails.",
  });
export type PolicySpec = z.infer<typeof PolicySpec>;
