import { z } from "zod";

/**
 * Every state of a release. `draft → submitted → approved → scheduled → running → succeeded | failed |
 * rolled-back`, plus `rejected` and `cancelled`. The running states are driven by the execution engine.
 */
export const RELEASE_STATES = [
  "draft",
  "submitted",
  "approved",
  "scheduled",
  "running",
  "succeeded",
  "failed",
  "rolled-back",
  "rejected",
  "cancelled",
] as const;

/** One of {@link RELEASE_STATES}. */
export const ReleaseState = z.enum(RELEASE_STATES);
export type ReleaseState = z.infer<typeof ReleaseState>;

/** How a run ended: the states a release reaches from `running`. */
export const RUN_OUTCOMES = ["succeeded", "failed", "rolled-back"] as const;
/** One of {@link RUN_OUTCOMES}. */
export const RunOutcome = z.enum(RUN_OUTCOMES);
export type RunOutcome = z.infer<typeof RunOutcome>;

/** States before the release runs, in which it can still be changed, approved or cancelled. */
export const OPEN_STATES: readonly ReleaseState[] = ["draft", "submitted", "approved", "scheduled"];

/** States a release never leaves. */
export const FINAL_STATES: readonly ReleaseState[] = [...RUN_OUTCOMES, "rejected", "cancelled"];

/** True when the release has ended (ran to an outcome, or was rejected or cancelled). */
export function isFinal(state: ReleaseState): boolean {
  return FINAL_STATES.includes(state);
}
