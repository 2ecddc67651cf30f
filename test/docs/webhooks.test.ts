import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { signWebhook } from "../../src/domain/notification/index.js";

/** The Node snippet of docs/webhooks.md, as a function. */
function documentedVerifier(): (secret: string, headers: Record<string, string>, rawBody: string) => boolean {
  const doc = readFileSync("docs/webhooks.md", "utf8");
  const code = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!code) throw new Error("no js snippet in docs/webhooks.md");
  const body = code
    .replace(/^import \{ createHmac, timingSafeEqual \} from "node:crypto";\n/m, "")
    .replace("export function", "function");
  // Runs the documented snippet as written (test code; the snippet is the project's own docs).
  return new Function("createHmac", "timingSafeEqual", `${body}\nreturn verifyOrcWebhook;`)(
    createHmac,
    timingSafeEqual,
  ) as never;
}

describe("docs/webhooks.md", () => {
  it("shows a Node verifier that accepts orc's signatures and refuses tampered or stale requests", () => {
    const verify = documentedVerifier();
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"id":"evt_1","type":"ping"}';
    const headers = (ts: number, b = body) => ({
      "webhook-id": "msg_1",
      "webhook-timestamp": String(ts),
      "webhook-signature": signWebhook(secret, { id: "msg_1", timestamp: ts, body: b }),
    });
    expect(verify(secret, headers(timestamp), body)).toBe(true);
    expect(verify(secret, headers(timestamp), `${body} `)).toBe(false);
    expect(verify("whsec_b3RoZXIta2V5LW9mLTI0LWJ5dGVzLWxvbmc=", headers(timestamp), body)).toBe(false);
    expect(verify(secret, headers(timestamp - 3600), body)).toBe(false);
    expect(
      verify(
        "a plain secret",
        {
          ...headers(timestamp),
          "webhook-signature": signWebhook("a plain secret", { id: "msg_1", timestamp, body }),
        },
        body,
      ),
    ).toBe(true);
  });
});
