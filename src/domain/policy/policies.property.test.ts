import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findEnvironment, findTier, type EnvironmentView } from "../estate/index.js";
import { northwindEstate, releaseOf, type PlanKind } from "../release/test-support/fixtures.js";
import { buildPolicyInput } from "./build-policy-input.js";
import { checkPolicyExpressions, compilePolicy } from "./compile-policies.js";
import { evaluatePolicies } from "./evaluate-policies.js";
import { PolicySpec } from "./policy-spec.js";

const estate = northwindEstate();
const ENVIRONMENTS = [
  ["northwind-eu/staging", "northwind-eu/prod"],
  ["northwind-us/prod"],
  ["northwind-apac/staging"],
] as const;

const contextArb = fc.record({
  envs: fc.constantFrom(...ENVIRONMENTS),
  tier: fc.constantFrom("standard", "major", "emergency", "retired"),
  planKind: fc.constantFrom<PlanKind>("rolling", "maintenance-window", "rehearsal", "errors"),
  at: fc.date({
    min: new Date("2026-01-01T00:00:00Z"),
    max: new Date("2027-12-31T00:00:00Z"),
    noInvalidDate: true,
  }),
});

type Ctx = typeof contextArb extends fc.Arbitrary<infer T> ? T : never;

function inputOf(c: Ctx) {
  const release = releaseOf({
    planKind: c.planKind,
    tier: c.tier,
    tenant: c.envs[0].split("/")[0] as string,
    environments: [...c.envs],
  });
  return buildPolicyInput({
    estate,
    release,
    tier: findTier(estate, c.tier),
    environments: c.envs
      .map((e: string) => findEnvironment(estate, e))
      .filter((v): v is EnvironmentView => !!v),
    at: c.at,
  });
}

// Rules built from the input's fields; some may fail at run time (a missing key), which is fine.
const atomArb = fc.constantFrom(
  'release.tier == "standard"',
  'env.kind == "prod"',
  "calendar.localHour >= 18",
  'calendar.localWeekday in ["friday", "saturday"]',
  "calendar.inFreeze",
  'release.impact in ["schema", "migration"]',
  'release.changedModules.exists(m, m.startsWith("pos"))',
  'release.moduleImpacts["pos_order_mgmt"] == "schema"',
  "release.approvals >= tier.approvalsRequired",
  "calendar.daysToNextFreeze < 3",
);
const ruleArb = fc
  .array(fc.tuple(atomArb, fc.constantFrom("&&", "||"), fc.boolean()), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.map(([a, op, neg], i) => `${i ? ` ${op} ` : ""}${neg ? "!" : ""}(${a})`).join(""));

const policyOf = (name: string, rule: string, message = `${name} fails`) =>
  compilePolicy(PolicySpec.parse({ name, rule, message }));

describe("evaluatePolicies (properties)", () => {
  it("is deterministic, `true` never fails, `false` always fails with its message, never throws", () => {
    fc.assert(
      fc.property(contextArb, fc.array(ruleArb, { maxLength: 6 }), (c, rules) => {
        const input = inputOf(c);
        const policies = [
          policyOf("always", "true"),
          policyOf("never", "false", "never on {{ env.id }}"),
          ...rules.map((r, i) => policyOf(`r${i}`, r)),
        ];
        const first = evaluatePolicies(policies, input);
        expect(evaluatePolicies(policies, inputOf(c))).toEqual(first);
        const n = input.activations.length;
        expect(first).toHaveLength(policies.length * n);
        expect(first.filter((v) => v.policy === "always").every((v) => v.passed)).toBe(true);
        const never = first.filter((v) => v.policy === "never");
        expect(never.map((v) => [v.passed, v.message])).toEqual(
          input.activations.map((a) => [false, `never on ${a.env.id}`]),
        );
        for (const v of first) if (!v.passed) expect(v.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });

  it("places every compile error inside the expression", () => {
    const source = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc
        .tuple(ruleArb, fc.nat(80), fc.constantFrom("(", ")", "&&", "'", '"', "@", ".", "[", "relase", "x."))
        .map(([r, i, junk]) => `${r.slice(0, i)}${junk}${r.slice(i)}`),
    );
    fc.assert(
      fc.property(source, (rule) => {
        for (const p of checkPolicyExpressions({ rule })) {
          expect(p.field).toBe("rule");
          expect(p.offset).toBeGreaterThanOrEqual(0);
          expect(p.offset).toBeLessThanOrEqual(rule.length);
          expect(p.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
