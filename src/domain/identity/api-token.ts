import { createHash, timingSafeEqual } from "node:crypto";

/**
 * API tokens look like `orc_<id>_<secret>`: the id (12 hex) finds the row, the secret (43 base64url
 * characters, 256 bits) is compared by SHA-256. A slow hash is unnecessary for secrets this long; only
 * the hash is stored, and the token is shown once, at creation.
 */
const TOKEN_PATTERN = /^orc_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface TokenParts {
  readonly id: string;
  readonly secret: string;
}

/** Builds the token string from random bytes (6 for the id, 32 for the secret). */
export function formatApiToken(
  idBytes: Uint8Array,
  secretBytes: Uint8Array,
): { token: string; parts: TokenParts } {
  if (idBytes.length !== 6 || secretBytes.length !== 32)
    throw new TypeError("token needs 6 id bytes and 32 secret bytes");
  const id = Buffer.from(idBytes).toString("hex");
  const secret = Buffer.from(secretBytes).toString("base64url");
  return { token: `orc_${id}_${secret}`, parts: { id, secret } };
}

/** Splits a presented token; undefined when it is not shaped like one of ours. */
export function parseApiToken(token: string): TokenParts | undefined {
  const m = TOKEN_PATTERN.exec(token);
  return m ? { id: m[1] as string, secret: m[2] as string } : undefined;
}

/** SHA-256 of the secret, hex. */
export function hashTokenSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function tokenSecretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashTokenSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
