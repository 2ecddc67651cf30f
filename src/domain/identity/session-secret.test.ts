import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  browserSecretRef,
  deriveFromSecret,
  formatBrowserSecret,
  hashBrowserSecret,
  isBrowserSecret,
  matchesDerived,
} from "./session-secret.js";

describe("browser secrets", () => {
  it("are 43 base64url characters, stored only as a SHA-256", () => {
    const s = formatBrowserSecret(randomBytes(32));
    expect(isBrowserSecret(s)).toBe(true);
    expect(hashBrowserSecret(s)).toMatch(/^[0-9a-f]{64}$/);
    expect(browserSecretRef(hashBrowserSecret(s))).toMatch(/^[0-9a-f]{12}$/);
    for (const bad of [undefined, "", "x".repeat(42), `${"x".repeat(42)}=`, 42])
      expect(isBrowserSecret(bad)).toBe(false);
  });

  it("derive a different, stable value per purpose; only the right one matches", () => {
    const s = formatBrowserSecret(Buffer.alloc(32, 7));
    const values = (["csrf", "state", "nonce", "pkce"] as const).map((p) => deriveFromSecret(s, p));
    expect(new Set(values).size).toBe(4);
    expect(deriveFromSecret(s, "csrf")).toBe(values[0]);
    for (const v of values) expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(matchesDerived(s, "csrf", values[0]!)).toBe(true);
    expect(matchesDerived(s, "csrf", values[1]!)).toBe(false);
    expect(matchesDerived(s, "csrf", "")).toBe(false);
    const other = formatBrowserSecret(Buffer.alloc(32, 8));
    expect(matchesDerived(other, "csrf", values[0]!)).toBe(false);
  });
});
