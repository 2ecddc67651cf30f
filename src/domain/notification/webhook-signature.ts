import { createHmac, timingSafeEqual } from "node:crypto";

// Standard Webhooks (https://www.standardwebhooks.com/): the signed content is
// `${webhook-id}.${webhook-timestamp}.${body}`, signed with HMAC-SHA256 and sent base64-encoded as
// `webhook-signature: v1,<signature>` (several space-separated signatures during a secret rotation).
// Hashing is deterministic, so it belongs to the domain: no clock, no randomness here.

/** The prefix of secrets in the Standard Webhooks format: `whsec_<base64 key>`. */
export const STANDARD_SECRET_PREFIX = "whsec_";

/**
 * The HMAC key of a secret: the decoded bytes of a `whsec_<base64>` secret (as the Standard Webhooks
 * libraries do), otherwise the secret's UTF-8 bytes.
 */
export function webhookSigningKey(secret: string): Buffer {
  if (secret.startsWith(STANDARD_SECRET_PREFIX)) {
    const key = Buffer.from(secret.slice(STANDARD_SECRET_PREFIX.length), "base64");
    if (key.length > 0) return key;
  }
  return Buffer.from(secret, "utf8");
}

/** What is signed: the message id, the timestamp (Unix seconds) and the exact body sent. */
export interface SignedContent {
  readonly id: string;
  readonly timestamp: number;
  readonly body: string;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function signWebhook(secret: string, content: SignedContent): string {
  const mac = createHmac("sha256", webhookSigningKey(secret))
    .update(`${content.id}.${content.timestamp}.${content.body}`)
    .digest("base64");
  return `v1,${mac}`;
}

/**
 * True when one of the space-separated signatures of a `webhook-signature` header is the `v1`
 * signature of `content` under `secret` (compared in constant time). Receivers also check that the
 * timestamp is recent (see docs/webhooks.md); that needs a clock and is left to them.
 */
export function verifyWebhookSignature(secret: string, content: SignedContent, header: string): boolean {
  const expected = Buffer.from(signWebhook(secret, content));
  return header
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .some((s) => {
      const got = Buffer.from(s);
      return got.length === expected.length && timingSafeEqual(got, expected);
    });
}
