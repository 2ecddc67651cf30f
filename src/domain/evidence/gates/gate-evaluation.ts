import type { EvidenceGate } from "../../estate/index.js";
import type { EvidencePolicy } from "./evidence-policy.js";
import type { Waiver } from "./waiver.js";

/** The outcome of one gate. */
export const GATE_STATUSES = ["pass", "fail", "missing", "waived"] as const;
/**
 * `pass`: the latest evidence satisfies the gate; `fail`: it does not; `missing`: no evidence for the
 * gate yet; `waived`: it would fail, but every blocker is covered by an active waiver.
 */
export type GateStatus = (typeof GATE_STATUSES)[number];

/** Stable codes of gate reasons; tools match on these, never on message text. */
export type GateReasonCode =
  | "evidence-missing"
  | "no-tests"
  | "test-failed"
  | "test-errored"
  | "tests-skipped"
  | "vulnerability"
  | "finding"
  | "license-denied"
  | "license-not-allowed"
  | "license-unknown"
  | "license-conflict"
  | "waived"
  | "waiver-expired"
  | "rehearsal-failed"
  | "rehearsal-series-mismatch"
  | "rehearsal-modules-missing"
  | "rehearsal-too-long"
  | "rehearsal-fits"
  | "no-window"
  | "more";

/** One reason behind a gate's status. Non-blocking reasons are notes (a waiver used, skipped tests). */
export interface GateReason {
  readonly code: GateReasonCode;
  readonly message: string;
  /** What it is about: a test, a CVE, a rule, a component, a conflict. */
  readonly subject?: string;
  readonly blocking: boolean;
}

/** A gate's verdict on a release's evidence, with every reason and what would unblock it. */
export interface GateEvaluation {
  readonly gate: EvidenceGate;
  readonly status: GateStatus;
  /** One line: "2 of 10 tests failed", "2 critical vulnerabilities (1 waived)". */
  readonly summary: string;
  /** The evidence that was evaluated (the latest for the gate). */
  readonly evidenceId?: string;
  readonly reasons: readonly GateReason[];
  /** What would unblock it; absent when the gate passes or is waived. */
  readonly unblock?: string;
}

/** What gate evaluation needs besides the evidence. Time is an argument, never the clock. */
export interface GateContext {
  readonly now: Date;
  /** @default [] */
  readonly waivers?: readonly Waiver[];
  /** @default DEFAULT_EVIDENCE_POLICY */
  readonly policy?: EvidencePolicy;
  /** Length of the maintenance window the release would run in, in minutes. */
  readonly windowMinutes?: number;
  /** The Odoo series the release targets; a rehearsal on another series does not count. */
  readonly odooSeries?: string;
  /** The modules the release upgrades (the plan's upgrade set); the rehearsal must have upgraded them. */
  readonly modules?: readonly string[];
}

/** Blocking items named in reasons at most; the rest are counted in one reason. */
export const MAX_REASONS_PER_KIND = 25;

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`. */
export function listNames(names: readonly string[], max = 5): string {
  if (names.length === 0) return "";
  if (names.length === 1) return names[0] as string;
  if (names.length <= max) return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1] ?? ""}`;
  return `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

/** `1 test`, `3 tests`. */
export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** Keeps the first {@link MAX_REASONS_PER_KIND} reasons and counts the rest in a last one. */
export function capReasons(reasons: readonly GateReason[], what: string): GateReason[] {
  if (reasons.length <= MAX_REASONS_PER_KIND) return [...reasons];
  const rest = reasons.length - MAX_REASONS_PER_KIND;
  return [
    ...reasons.slice(0, MAX_REASONS_PER_KIND),
    { code: "more", message: `${rest} more ${what} not listed`, blocking: reasons.some((r) => r.blocking) },
  ];
}

/**
 * Minutes for sentences: `47 min`, `2 h`, `2 h 5 min`. Needs round up and spare time rounds down, so a
 * sentence never promises more room than there is.
 */
export function formatMinutes(seconds: number, round: "up" | "down" = "up"): string {
  const minutes = round === "up" ? Math.ceil(seconds / 60) : Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
