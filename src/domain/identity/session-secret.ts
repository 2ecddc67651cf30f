import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Browser credentials: a session cookie, or the cookie binding a sign-in in progress to the browser that
 * started it. Each is 32 random bytes as base64url (43 characters). The server stores only the SHA-256 of
 * it; everything else a sign-in needs (OAuth `state`, `nonce`, the PKCE verifier, the CSRF token) is
 * derived from the secret with HMAC, so nothing in the database lets anyone finish a sign-in or forge a
 * request.
 */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** What a value is derived for; each purpose gives an unrelated value. */
export type SecretPurpose = "csrf" | "state" | "nonce" | "pkce";

/** The secret as sent in a cookie, from 32 random bytes. */
export function formatBrowserSecret(bytes: Uint8Array): string {
  if (bytes.length !== 32) throw new TypeError("a browser secret needs 32 random bytes");
  return Buffer.from(bytes).toString("base64url");
}

/** True when `value` is shaped like one of our browser secrets (checked before any lookup). */
export function isBrowserSecret(value: unknown): value is string {
  return typeof value === "string" && SECRET_PATTERN.test(value);
}

/** SHA-256 of the secret, hex: the only form stored. */
export function hashBrowserSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A short, non-secret reference to a stored secret (audit actor, `credentialId`): its hash's first 12 hex. */
export function browserSecretRef(hash: string): string {
  return hash.slice(0, 12);
}

/** A value bound to the secret: HMAC-SHA256 keyed by it, base64url (43 characters, a valid PKCE verifier). */
export function deriveFromSecret(secret: string, purpose: SecretPurpose): string {
  return createHmac("sha256", secret).update(`orc-${purpose}`).digest("base64url");
}

/** Constant-time check of a presented value against the one derived from the secret. */
export function matchesDerived(secret: string, purpose: SecretPurpose, presented: string): boolean {
  const a = Buffer.from(deriveFromSecret(secret, purpose));
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
