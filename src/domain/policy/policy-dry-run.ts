import type { Estate } from "../estate/estate.js";
import { findEnvironment, findTier, type EnvironmentView } from "../estate/queries.js";
import type { ApprovalRecord } from "../release/approval.js";
import type { Release } from "../release/release.js";
import { buildPolicyInput } from "./build-policy-input.js";
import type { CompiledPolicy } from "./compile-policies.js";
import { evaluatePolicies } from "./evaluate-policies.js";
import type { PolicySeverity } from "./policy-spec.js";

/** A stored release with what its policy input needs besides the estate. */
export interface PastRelease {
  readonly release: Release;
  readonly approvals?: readonly ApprovalRecord[];
  readonly evidenceGates?: readonly string[];
}

/** One failure of a rule on a past release. */
export interface PolicyTestFailure {
  readonly release: number;
  readonly environment: string;
  readonly at: string;
  readonly message: string;
  /** Set when the rule could not be evaluated. */
  readonly error?: string;
}

/** What one rule would have done to the past releases. */
export interface PolicyTestRule {
  readonly policy: string;
  readonly severity: PolicySeverity;
  /** Releases it would have blocked (severity block), ascending. */
  readonly blocked: readonly number[];
  /** Releases it would have warned about (severity warn), ascending. */
  readonly warned: readonly number[];
  /** Releases on which it could not be evaluated, ascending. */
  readonly errored: readonly number[];
  /** Every failure, by release, then environment in promotion order. */
  readonly failures: readonly PolicyTestFailure[];
}

/** The outcome of a dry run of rules over past releases. */
export interface PolicyTestReport {
  /** Releases evaluated. */
  readonly releases: readonly number[];
  /** Releases not evaluated, with why (their environments are not in the estate). */
  readonly skipped: readonly { readonly release: number; readonly reason: string }[];
  readonly rules: readonly PolicyTestRule[];
  /** Releases some rule would have blocked, ascending. */
  readonly blocked: readonly number[];
  /** True when no rule would have blocked a release and every rule could be evaluated. */
  readonly ok: boolean;
}

/**
 * When a past release is judged: when it was (or is) scheduled to start, else when it started, else the
 * start its requester asked for, else when it was submitted, else created.
 */
export function decisionTimeOf(release: Release): Date {
  return new Date(
    release.scheduledStart ??
      release.startedAt ??
      release.requestedStart ??
      release.submittedAt ??
      release.createdAt,
  );
}

const ascending = (ids: Iterable<number>) => [...new Set(ids)].sort((a, b) => a - b);

/**
 * A dry run: what `policies` would have said about each past release, judged on `estate` at its
 * decision time ({@link decisionTimeOf}) on each of its environments. Pure.
 */
export function testPolicies(
  estate: Estate,
  policies: readonly CompiledPolicy[],
  past: readonly PastRelease[],
): PolicyTestReport {
  const failures = new Map<string, PolicyTestFailure[]>(policies.map((p) => [p.name, []]));
  const evaluated: number[] = [];
  const skipped: { release: number; reason: string }[] = [];
  for (const { release, approvals, evidenceGates } of past) {
    const environments = release.environments
      .map((e) => findEnvironment(estate, e))
      .filter((v): v is EnvironmentView => v !== undefined);
    if (environments.length === 0) {
      skipped.push({
        release: release.id,
        reason: `its environments (${release.environments.join(", ")}) are not in this estate`,
      });
      continue;
    }
    evaluated.push(release.id);
    const at = decisionTimeOf(release);
    const input = buildPolicyInput({
      estate,
      release,
      tier: findTier(estate, release.tier),
      environments,
      at,
      ...(approvals ? { approvals } : {}),
      ...(evidenceGates ? { evidenceGates } : {}),
    });
    for (const v of evaluatePolicies(policies, input)) {
      if (v.passed) continue;
      failures.get(v.policy)?.push({
        release: release.id,
        environment: v.environment ?? "",
        at: at.toISOString(),
        message: v.message,
        ...(v.error !== undefined ? { error: v.error } : {}),
      });
    }
  }
  const rules = policies.map((p): PolicyTestRule => {
    // Stable: environments stay in promotion order within a release.
    const list = (failures.get(p.name) ?? []).sort((a, b) => a.release - b.release);
    const failed = list.filter((f) => f.error === undefined).map((f) => f.release);
    return {
      policy: p.name,
      severity: p.severity,
      blocked: p.severity === "block" ? ascending(failed) : [],
      warned: p.severity === "warn" ? ascending(failed) : [],
      errored: ascending(list.filter((f) => f.error !== undefined).map((f) => f.release)),
      failures: list,
    };
  });
  const blocked = ascending(rules.flatMap((r) => r.blocked));
  return {
    releases: ascending(evaluated),
    skipped: skipped.sort((a, b) => a.release - b.release),
    rules,
    blocked,
    ok: blocked.length === 0 && rules.every((r) => r.errored.length === 0),
  };
}

/** `41`, `41 and 57`, `3, 41 and 57`. */
export function listReleaseIds(ids: readonly number[]): string {
  if (ids.length <= 1) return ids.join("");
  return `${ids.slice(0, -1).join(", ")} and ${ids.at(-1)}`;
}
