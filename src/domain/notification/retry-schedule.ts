/** How deliveries are retried; every field has a default ({@link DEFAULT_RETRY_POLICY}). */
export interface RetryPolicy {
  /** Delay before the second attempt. @default 30 s */
  readonly baseDelayMs: number;
  /** Largest delay between two attempts of the schedule. @default 1 h */
  readonly maxDelayMs: number;
  /** Largest `Retry-After` honoured; a longer one is cut to this. @default 6 h */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  maxRetryAfterMs: 6 * 60 * 60_000,
};

/** Up to this share of the delay is added at random, so receivers that failed together are not hit together. */
export const JITTER_SHARE = 0.25;

/**
 * The delay before attempt `attempt + 1`, after `attempt` (≥ 1) failed attempts: exponential
 * (`base · 2^(attempt-1)`) plus up to 25% jitter, capped at `maxDelayMs`. The jitter never makes a later
 * delay shorter than an earlier one (the next doubling is larger than any jitter), so the schedule is
 * monotonic for any `random`. A `Retry-After` (ms) longer than the schedule wins, up to `maxRetryAfterMs`.
 *
 * `random` is a number in [0, 1): the caller's randomness (the domain has none of its own).
 */
export function retryDelayMs(
  attempt: number,
  random: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  retryAfterMs?: number,
): number {
  const n = Math.max(1, Math.floor(attempt));
  const exponential = policy.baseDelayMs * 2 ** Math.min(n - 1, 52);
  const jitter = Math.min(Math.max(random, 0), 1) * JITTER_SHARE;
  const scheduled = Math.min(policy.maxDelayMs, Math.round(exponential * (1 + jitter)));
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs) || retryAfterMs <= 0) return scheduled;
  return Math.max(scheduled, Math.min(Math.round(retryAfterMs), policy.maxRetryAfterMs));
}

/**
 * A `Retry-After` header in milliseconds from `now`: delay-seconds (`120`) or an HTTP date. Undefined
 * when absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (!/[a-z]/i.test(text) || Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** What an attempt's outcome means for the delivery. */
export type AttemptVerdict = "delivered" | "retry" | "give-up";

/**
 * Classifies one attempt: a 2xx is delivered; network errors, timeouts, 408, 429 and 5xx are retried;
 * any other status (other 4xx, redirects, which are not followed) is given up at once, because
 * sending the same request again would get the same answer.
 */
export function attemptVerdict(status: number | undefined): AttemptVerdict {
  if (status === undefined) return "retry";
  if (status >= 200 && status < 300) return "delivered";
  if (status === 408 || status === 429 || status >= 500) return "retry";
  return "give-up";
}
