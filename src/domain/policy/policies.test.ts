import { describe, expect, it } from "vitest";
import { findEnvironment, findTier, type EnvironmentView } from "../estate/index.js";
import { decideRelease } from "../release/decide-release.js";
import { northwindEstate, releaseOf } from "../release/test-support/fixtures.js";
import type { Release } from "../release/release.js";
import { buildPolicyInput, type PolicyContext } from "./build-policy-input.js";
import { checkPolicyExpressions, compilePolicy } from "./compile-policies.js";
import { compiledPoliciesOf } from "./estate-policies.js";
import { evaluatePolicies } from "./evaluate-policies.js";
import { listReleaseIds, testPolicies } from "./policy-dry-run.js";
import { PolicySpec } from "./policy-spec.js";
import { POLICY_VARIABLES, type PolicyVariable } from "./policy-variables.js";

const estate = northwindEstate();
const views = (ids: readonly string[]): EnvironmentView[] =>
  ids.map((id) => findEnvironment(estate, id)).filter((v): v is EnvironmentView => v !== undefined);

function context(release: Release = releaseOf(), at = "2026-11-10T10:00:00Z"): PolicyContext {
  return {
    estate,
    release,
    tier: findTier(estate, release.tier),
    environments: views(release.environments),
    at: new Date(at),
  };
}

const policy = (spec: Partial<PolicySpec> & { rule: string }) =>
  compilePolicy(PolicySpec.parse({ name: "p", message: "no", ...spec }));

describe("checkPolicyExpressions", () => {
  it("accepts well-typed boolean rules, preconditions and message placeholders", () => {
    expect(
      checkPolicyExpressions({
        when: 'env.kind == "prod"',
        rule: '!(release.impact in ["migration", "schema"]) || release.tier != "standard"',
        message: "release {{ release.id }} ({{ release.changedModules }}) may not be {{ release.tier }}",
      }),
    ).toEqual([]);
  });

  it("reports a syntax error at its offset", () => {
    expect(checkPolicyExpressions({ rule: 'release.tier == "standard" &&' })).toEqual([
      {
        code: "policy-syntax",
        field: "rule",
        offset: 29,
        message: "CEL syntax error: Unexpected token: EOF",
      },
    ]);
  });

  it("reports unknown variables and fields with a suggestion", () => {
    expect(checkPolicyExpressions({ rule: 'relase.tier == "x"' })).toEqual([
      {
        code: "policy-unknown-name",
        field: "rule",
        offset: 0,
        message: "unknown variable `relase` in the policy input",
        hint: "did you mean `release`?",
      },
    ]);
    expect(checkPolicyExpressions({ rule: 'env.kind == "prod" && release.impakt == "x"' })).toEqual([
      {
        code: "policy-unknown-name",
        field: "rule",
        offset: 30,
        message: "unknown field `impakt` in the policy input",
        hint: "did you mean `impact`?",
      },
    ]);
  });

  it("refuses rules that are not boolean and expressions that do not type-check", () => {
    expect(checkPolicyExpressions({ rule: "release.tier" })[0]).toMatchObject({
      code: "policy-type",
      message: "a rule must be a boolean expression; this one is of type string",
    });
    expect(checkPolicyExpressions({ when: "calendar.localHour + 1" })[0]).toMatchObject({
      code: "policy-type",
      field: "when",
      message: "a precondition must be a boolean expression; this one is of type int",
    });
    expect(checkPolicyExpressions({ rule: 'release.tier + 1 == "x"' })[0]).toMatchObject({
      code: "policy-type",
      offset: 0,
    });
  });

  it("places errors inside message placeholders at their offset in the message", () => {
    expect(checkPolicyExpressions({ message: "tier {{ release.tierr }} refused" })).toEqual([
      {
        code: "policy-unknown-name",
        field: "message",
        offset: 16,
        message: "unknown field `tierr` in the policy input",
        hint: "did you mean `tier`?",
      },
    ]);
    expect(checkPolicyExpressions({ message: "tier {{ release.tier refused" })[0]).toMatchObject({
      code: "policy-syntax",
      offset: 5,
    });
  });

  it("bounds the size of an expression", () => {
    const huge = Array.from({ length: 600 }, () => "true").join(" && ");
    expect(checkPolicyExpressions({ rule: huge })[0]).toMatchObject({ code: "policy-too-complex" });
  });
});

describe("buildPolicyInput", () => {
  it("computes calendar facts in the environment's zone: Black Friday in Berlin and New York", () => {
    const input = buildPolicyInput(context(releaseOf(), "2026-11-27T10:30:00Z"));
    const prod = input.activations.find((a) => a.env.id === "northwind-eu/prod");
    expect(prod?.calendar).toMatchObject({
      localDate: "2026-11-27",
      localTime: "11:30",
      localHour: 11n,
      localWeekday: "friday",
      localIsoWeekday: 5n,
      inFreeze: true,
      daysToNextFreeze: 0n,
    });
    expect(prod?.calendar.freezes).toContain("retail-global/black-friday-cyber-monday");
    const us = buildPolicyInput({
      ...context(
        releaseOf({ tenant: "northwind-us", environments: ["northwind-us/prod"] }),
        "2026-11-27T03:30:00Z",
      ),
    }).activations[0];
    // 03:30 UTC is still Thursday evening in New York.
    expect(us?.calendar).toMatchObject({ localDate: "2026-11-26", localHour: 22n, localWeekday: "thursday" });
  });

  it("gives the release, tier and environment facts with CEL's types", () => {
    const release = releaseOf({ planKind: "rehearsal" });
    const [staging, prod] = buildPolicyInput(context(release)).activations;
    expect(prod?.release).toMatchObject({
      id: 42n,
      tier: "standard",
      suggestedTier: "major",
      impact: release.plan.impact.overall,
      strategy: "rehearsal",
      approvals: 0n,
      leadTimeHours: 217n,
      durationMinutes: 60n,
    });
    expect(prod?.release.changedModules).toEqual(["pos_order_mgmt"]);
    expect(prod?.tier).toMatchObject({ name: "standard", known: true, approvalsRequired: 1n });
    expect(prod?.env).toMatchObject({
      id: "northwind-eu/prod",
      kind: "prod",
      isLast: true,
      timezone: "Europe/Berlin",
    });
    expect(staging?.env).toMatchObject({ kind: "staging", isLast: false, promotesFrom: "northwind-eu/dev" });
    expect(prod?.calendar.daysToNextFreeze).toBeGreaterThan(0n);
  });

  it("matches the declared types of every field (the typed CEL environment checks them)", () => {
    const vars = POLICY_VARIABLES as Readonly<Record<string, PolicyVariable>>;
    const input = buildPolicyInput(context());
    for (const [name, v] of Object.entries(vars)) {
      const fields = "fields" in v ? Object.keys(v.fields).map((k) => `${name}.${k}`) : [name];
      for (const path of fields) {
        const p = policy({ rule: `${path} == ${path}` });
        expect(
          evaluatePolicies([p], input).every((x) => x.passed),
          path,
        ).toBe(true);
      }
    }
  });
});

describe("evaluatePolicies", () => {
  const input = buildPolicyInput(context(releaseOf({ planKind: "rehearsal" })));

  it("fails a false rule on each environment with its message, interpolated", () => {
    const p = policy({
      name: "no-standard-schema-changes",
      rule: 'release.tier != "standard" || release.impact == "code"',
      message:
        "{{ env.id }}: a {{ release.impact }} change to {{ release.changedModules }} cannot be standard",
      unblock: "file it as major",
    });
    expect(evaluatePolicies([p], input)).toEqual([
      {
        policy: "no-standard-schema-changes",
        environment: "northwind-eu/staging",
        severity: "block",
        passed: false,
        message: "northwind-eu/staging: a schema change to pos_order_mgmt cannot be standard",
        unblock: "file it as major",
      },
      {
        policy: "no-standard-schema-changes",
        environment: "northwind-eu/prod",
        severity: "block",
        passed: false,
        message: "northwind-eu/prod: a schema change to pos_order_mgmt cannot be standard",
        unblock: "file it as major",
      },
    ]);
  });

  it("passes when the precondition is false or the environment is out of scope", () => {
    const when = policy({ when: 'env.kind == "prod"', rule: "false" });
    expect(evaluatePolicies([when], input).map((v) => [v.environment, v.passed])).toEqual([
      ["northwind-eu/staging", true],
      ["northwind-eu/prod", false],
    ]);
    const scoped = policy({ rule: "false", scope: { kinds: ["prod"], tiers: ["standard"] } });
    expect(evaluatePolicies([scoped], input).map((v) => v.environment)).toEqual(["northwind-eu/prod"]);
    const otherTier = policy({ rule: "false", scope: { tiers: ["major"] } });
    expect(evaluatePolicies([otherTier], input)).toEqual([]);
  });

  it("turns a runtime error into a failing verdict naming the policy and the error", () => {
    const p = policy({ name: "needs-key", rule: 'release.moduleImpacts["point_of_sale"] == "code"' });
    const [v] = evaluatePolicies([p], input);
    expect(v).toMatchObject({
      policy: "needs-key",
      passed: false,
      severity: "block",
      message: "policy needs-key could not be evaluated: No such key: point_of_sale",
      error: "No such key: point_of_sale",
    });
  });

  it("keeps warnings apart from blocks in a decision", () => {
    const release = releaseOf({ state: "scheduled", scheduledStart: "2026-11-10T10:00:00Z" });
    const warn = policy({ name: "w", rule: "false", message: "heads up", severity: "warn" });
    const ctx = context(release);
    const verdicts = evaluatePolicies([warn], buildPolicyInput(ctx));
    const decision = decideRelease({
      estate,
      release,
      approvals: [],
      evidence: [],
      waivers: [],
      otherReleases: [],
      overdueReviews: [],
      policyResults: verdicts,
      at: ctx.at,
    });
    const reasons = decision.reasons.filter((r) => r.details?.policy === "w");
    expect(reasons.map((r) => [r.code, r.blocking, r.message])).toEqual([
      ["policy-warning", false, "rule w: heads up"],
      ["policy-warning", false, "rule w: heads up"],
    ]);
  });

  it("fails a policy that does not compile instead of throwing", () => {
    const broken = compilePolicy({
      name: "b",
      rule: "release.nope",
      message: "m",
      severity: "block",
    } as PolicySpec);
    expect(evaluatePolicies([broken], input)[0]).toMatchObject({
      passed: false,
      message: "policy b does not compile (rule: unknown field `nope` in the policy input)",
    });
  });
});

describe("compiledPoliciesOf", () => {
  it("compiles an estate's policies once", () => {
    expect(compiledPoliciesOf(estate)).toBe(compiledPoliciesOf(estate));
  });
});

describe("testPolicies (dry run)", () => {
  it("lists the releases each rule would have blocked, warned about or failed on, and skips unknown ones", () => {
    const policies = [
      policy({ name: "no-schema", rule: 'release.impact != "schema"', message: "schema" }),
      policy({
        name: "warn-friday",
        rule: 'calendar.localWeekday != "friday"',
        message: "fri",
        severity: "warn",
      }),
      policy({ name: "broken", rule: 'release.moduleImpacts["stock"] == "code"', message: "x" }),
    ];
    const past = [
      { release: releaseOf({ id: 57, planKind: "rehearsal", scheduledStart: "2026-11-10T10:00:00Z" }) },
      { release: releaseOf({ id: 41, requestedStart: "2026-11-13T10:00:00Z" }) },
      { release: releaseOf({ id: 9, tenant: "gone", environments: ["gone/prod"] }) },
    ];
    const report = testPolicies(estate, policies, past);
    expect(report.releases).toEqual([41, 57]);
    expect(report.skipped).toEqual([
      { release: 9, reason: "its environments (gone/prod) are not in this estate" },
    ]);
    expect(report.rules.map((r) => [r.policy, r.blocked, r.warned, r.errored])).toEqual([
      ["no-schema", [57], [], []],
      ["warn-friday", [], [41], []],
      ["broken", [], [], [41, 57]],
    ]);
    expect(report.blocked).toEqual([57]);
    expect(report.ok).toBe(false);
    expect(listReleaseIds([41, 57])).toBe("41 and 57");
    expect(listReleaseIds([3, 41, 57])).toBe("3, 41 and 57");
  });
});
