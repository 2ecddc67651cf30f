import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  attemptVerdict,
  DEFAULT_RETRY_POLICY,
  JITTER_SHARE,
  parseRetryAfter,
  retryDelayMs,
  type RetryPolicy,
} from "./retry-schedule.js";

const policy = fc
  .record({
    baseDelayMs: fc.integer({ min: 1, max: 120_000 }),
    factor: fc.integer({ min: 1, max: 10_000 }),
    maxRetryAfterMs: fc.integer({ min: 1, max: 86_400_000 }),
  })
  .map(({ baseDelayMs, factor, maxRetryAfterMs }): RetryPolicy => ({
    baseDelayMs,
    maxDelayMs: baseDelayMs * factor,
    maxRetryAfterMs,
  }));
const random = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const attempt = fc.integer({ min: 1, max: 60 });

describe("retryDelayMs", () => {
  it("is monotonic in the attempt number whatever the jitter", () => {
    fc.assert(
      fc.property(policy, attempt, random, random, (p, n, r1, r2) => {
        expect(retryDelayMs(n + 1, r2, p)).toBeGreaterThanOrEqual(retryDelayMs(n, r1, p));
      }),
    );
  });

  it("is bounded: at least the exponential delay (or the cap), at most 25% more, never above the cap", () => {
    fc.assert(
      fc.property(policy, attempt, random, (p, n, r) => {
        const d = retryDelayMs(n, r, p);
        const exponential = p.baseDelayMs * 2 ** (n - 1);
        expect(d).toBeLessThanOrEqual(p.maxDelayMs);
        expect(d).toBeGreaterThanOrEqual(Math.min(p.maxDelayMs, Math.floor(exponential)));
        expect(d).toBeLessThanOrEqual(Math.ceil(exponential * (1 + JITTER_SHARE)));
      }),
    );
  });

  it("honours Retry-After: never sooner than asked (up to its cap), never later than the larger cap", () => {
    fc.assert(
      fc.property(policy, attempt, random, fc.integer({ min: 1, max: 172_800_000 }), (p, n, r, after) => {
        const d = retryDelayMs(n, r, p, after);
        expect(d).toBeGreaterThanOrEqual(Math.min(after, p.maxRetryAfterMs));
        expect(d).toBeGreaterThanOrEqual(retryDelayMs(n, r, p));
        expect(d).toBeLessThanOrEqual(Math.max(p.maxDelayMs, p.maxRetryAfterMs));
      }),
    );
  });

  it("gives the documented default schedule", () => {
    const minutes = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, 0) / 60_000);
    expect(minutes).toEqual([0.5, 1, 2, 4, 8, 16, 32, 60]);
    expect(retryDelayMs(1, 0.999_999, DEFAULT_RETRY_POLICY)).toBe(37_500);
  });
});

describe("parseRetryAfter", () => {
  const now = new Date("2026-11-02T09:00:00Z");
  it("reads delay-seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Mon, 02 Nov 2026 09:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Mon, 02 Nov 2026 08:00:00 GMT", now)).toBe(0);
  });
  it("ignores what it cannot read", () => {
    for (const v of [undefined, null, "", "soon", "-5", "1.5", "99999999999"])
      expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});

describe("attemptVerdict", () => {
  it("delivers 2xx, retries network errors, 408, 429 and 5xx, gives up on other statuses", () => {
    expect([200, 202, 204, 299].map(attemptVerdict)).toEqual(Array(4).fill("delivered"));
    expect([undefined, 408, 429, 500, 503, 599].map(attemptVerdict)).toEqual(Array(6).fill("retry"));
    expect([301, 302, 400, 401, 403, 404, 410, 413, 422].map(attemptVerdict)).toEqual(
      Array(9).fill("give-up"),
    );
  });
});
