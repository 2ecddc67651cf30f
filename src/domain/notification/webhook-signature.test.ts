import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature, webhookSigningKey } from "./webhook-signature.js";

const content = fc.record({
  id: fc.string({ minLength: 1, maxLength: 40 }).map((s) => `msg_${s}`),
  timestamp: fc.integer({ min: 0, max: 4_102_444_800 }),
  body: fc.json(),
});
const secret = fc.oneof(
  fc.string({ minLength: 1, maxLength: 64 }),
  fc.uint8Array({ minLength: 24, maxLength: 64 }).map((b) => `whsec_${Buffer.from(b).toString("base64")}`),
);

describe("webhook signatures (Standard Webhooks v1)", () => {
  it("verifies what it signs", () => {
    fc.assert(
      fc.property(secret, content, (s, c) => {
        expect(verifyWebhookSignature(s, c, signWebhook(s, c))).toBe(true);
      }),
    );
  });

  it("fails when the body, the timestamp, the id or the secret changes", () => {
    fc.assert(
      fc.property(secret, secret, content, fc.json(), fc.integer(), (s, other, c, body, ts) => {
        const sig = signWebhook(s, c);
        if (body !== c.body) expect(verifyWebhookSignature(s, { ...c, body }, sig)).toBe(false);
        if (ts !== c.timestamp) expect(verifyWebhookSignature(s, { ...c, timestamp: ts }, sig)).toBe(false);
        expect(verifyWebhookSignature(s, { ...c, id: `${c.id}x` }, sig)).toBe(false);
        if (!webhookSigningKey(other).equals(webhookSigningKey(s)))
          expect(verifyWebhookSignature(other, c, sig)).toBe(false);
      }),
    );
  });

  it("matches the reference construction: base64 HMAC-SHA256 of id.timestamp.body with the decoded whsec key", () => {
    // The example of the Standard Webhooks specification.
    const key = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const c = { id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330, body: '{"test": 2432232314}' };
    expect(signWebhook(key, c)).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    const plain = createHmac("sha256", "plain secret").update(`${c.id}.${c.timestamp}.${c.body}`);
    expect(signWebhook("plain secret", c)).toBe(`v1,${plain.digest("base64")}`);
  });

  it("accepts any of several space-separated signatures (secret rotation) and rejects other versions", () => {
    const c = { id: "msg_1", timestamp: 1, body: "{}" };
    const sig = signWebhook("s1", c);
    expect(verifyWebhookSignature("s1", c, `v1,bm9wZQ== ${sig}`)).toBe(true);
    expect(verifyWebhookSignature("s1", c, sig.replace("v1,", "v1a,"))).toBe(false);
    expect(verifyWebhookSignature("s1", c, "")).toBe(false);
  });
});
