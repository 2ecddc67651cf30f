import type { TokenParts } from "./api-token.js";

/**
 * Calendar feed tokens look like `orcfeed_<id>_<secret>` (12 hex, 43 base64url characters): a
 * capability that opens one environment's ICS feed and nothing else. They travel in the feed URL's
 * query string because calendar clients (Outlook, Google Calendar) cannot send headers. The prefix
 * keeps them apart from API tokens: neither is accepted where the other is expected. Like API
 * tokens, only the SHA-256 of the secret is stored (`hashTokenSecret`).
 */
const FEED_TOKEN_PATTERN = /^orcfeed_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** Builds a feed token from random bytes (6 for the id, 32 for the secret). */
export function formatFeedToken(
  idBytes: Uint8Array,
  secretBytes: Uint8Array,
): { token: string; parts: TokenParts } {
  if (idBytes.length !== 6 || secretBytes.length !== 32)
    throw new TypeError("a feed token needs 6 id bytes and 32 secret bytes");
  const id = Buffer.from(idBytes).toString("hex");
  const secret = Buffer.from(secretBytes).toString("base64url");
  return { token: `orcfeed_${id}_${secret}`, parts: { id, secret } };
}

/** Splits a presented feed token; undefined when it is not shaped like one. */
export function parseFeedToken(token: string): TokenParts | undefined {
  const m = FEED_TOKEN_PATTERN.exec(token);
  return m ? { id: m[1] as string, secret: m[2] as string } : undefined;
}
