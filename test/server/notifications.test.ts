import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { OrcError } from "../../src/domain/errors.js";
import { verifyWebhookSignature } from "../../src/domain/notification/index.js";
import { recordNotification } from "../../src/services/notification-service.js";
import { testBackends } from "../support/backends.js";
import { releaseBody, tokensFor, type Person } from "../support/releases.js";
import { DEMO_ESTATE, startTestServer, type TestServer } from "../support/server.js";
import { respond, startReceiver, type TestReceiver } from "../support/webhook-receivers.js";

const SECRETS = {
  VERIFY_SECRET: "whsec_dGhlLXNpZ25pbmcta2V5LW9mLXRoZS10ZXN0LXJlY2VpdmVy",
  FLAKY_SECRET: "flaky-plain-secret-0123456789",
  GONE_SECRET: "gone-plain-secret-0123456789",
  HANG_SECRET: "hang-plain-secret-0123456789",
};

/** The demo estate with the test's webhooks after its own (its `ops-chat` is disabled: no secret). */
function estateWith(webhooks: unknown[]): { file: string; dispose: () => void } {
  const doc = parseDocument(readFileSync(DEMO_ESTATE, "utf8"));
  for (const w of webhooks) doc.addIn(["notifications", "webhooks"], w);
  const dir = mkdtempSync(join(tmpdir(), "orc-webhooks-"));
  const file = join(dir, "estate.yaml");
  writeFileSync(file, doc.toString());
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(testBackends())("outgoing webhooks on %s", (backend) => {
  let t: TestServer;
  let tok: Record<Person, string>;
  const receivers: Record<string, TestReceiver> = {};
  const logLines: string[] = [];
  let estate: { file: string; dispose: () => void };
  let releaseId: number;

  beforeAll(async () => {
    receivers.verify = await startReceiver((r, _n, res) => {
      const ok = verifyWebhookSignature(
        SECRETS.VERIFY_SECRET,
        {
          id: String(r.headers["webhook-id"]),
          timestamp: Number(r.headers["webhook-timestamp"]),
          body: r.body,
        },
        String(r.headers["webhook-signature"]),
      );
      const fresh = Math.abs(Date.now() / 1000 - Number(r.headers["webhook-timestamp"])) < 300;
      respond(res, ok && fresh ? 200 : 401);
    });
    receivers.flaky = await startReceiver((_r, n, res) =>
      n === 1 ? respond(res, 503) : n === 2 ? respond(res, 503, { "retry-after": "1" }) : respond(res, 200),
    );
    receivers.gone = await startReceiver((_r, _n, res) => respond(res, 410));
    receivers.hang = await startReceiver(() => undefined);
    const hook = (name: string, secretEnv: string, over: Record<string, unknown> = {}) => ({
      name,
      url: receivers[name]?.url ?? "http://127.0.0.1:9/never",
      events: ["release.submitted"],
      secretEnv,
      ...over,
    });
    estate = estateWith([
      hook("verify", "VERIFY_SECRET", { events: ["release.*"] }),
      hook("flaky", "FLAKY_SECRET"),
      hook("gone", "GONE_SECRET"),
      hook("hang", "HANG_SECRET", { timeout: "PT1S", maxAttempts: 2 }),
      hook("disabled", "ORC_TEST_UNSET_SECRET"),
      hook("other-tenant", "VERIFY_SECRET", { tenants: ["northwind-us"] }),
    ]);
    t = await startTestServer(backend, {
      estate: estate.file,
      deps: {
        env: SECRETS,
        // The webhook outbox as `orc serve` wires it, followed by a step that fails on cancellations:
        // the cancellation rolls back, and so must its notifications.
        lifecycleListener: {
          async onEvent(tx, event) {
            await recordNotification(tx, event, {
              estate: () => t.server.ctx.estate.current()?.estate,
              env: SECRETS,
            });
            if (event.event === "cancelled")
              throw new OrcError("infrastructure-unavailable", "the change failed");
          },
        },
        log: pino({ level: "debug" }, { write: (line: string) => void logLines.push(line) }),
        webhookDelivery: { pollMs: 25, retry: { baseDelayMs: 50, maxDelayMs: 200, maxRetryAfterMs: 1500 } },
      },
    });
    tok = await tokensFor(t);
    const created = await t.call("POST", "/api/v1/releases", tok.alice, releaseBody());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    releaseId = created.body.id;
    const submitted = await t.call("POST", `/api/v1/releases/${releaseId}/submit`, tok.alice);
    expect(submitted.status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    for (const r of Object.values(receivers)) await r.close();
    estate?.dispose();
  });

  const deliveries = async (query = "") =>
    (await t.call("GET", `/api/v1/notifications/deliveries${query}`, tok.hugo)).body.deliveries as any[];
  const settled = () =>
    until("every delivery to settle", async () => {
      const list = await deliveries(`?release=${releaseId}`);
      return list.length >= 4 && list.every((d) => d.state !== "pending") ? list : undefined;
    });
  const byWebhook = async () => Object.fromEntries((await settled()).map((d) => [d.webhook, d]));

  it("delivers a signed event to the receiver that verifies it", async () => {
    const d = (await byWebhook()).verify;
    expect(d).toMatchObject({
      state: "delivered",
      attempts: 1,
      lastStatus: 200,
      eventType: "release.submitted",
    });
    const [req] = receivers.verify?.received ?? [];
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers["webhook-id"]).toBe(d.messageId);
    expect(Object.keys(JSON.parse(req?.body ?? "{}"))).toEqual([
      "id",
      "type",
      "occurredAt",
      "tenant",
      "environments",
      "actor",
      "release",
    ]);
    expect(JSON.parse(req?.body ?? "{}")).toEqual({
      id: d.eventId,
      type: "release.submitted",
      occurredAt: expect.any(String),
      tenant: "northwind-eu",
      environments: ["northwind-eu/staging", "northwind-eu/prod"],
      actor: expect.stringMatching(/^user:alice/),
      release: expect.objectContaining({
        id: releaseId,
        state: "submitted",
        tier: "standard",
        requester: "alice",
      }),
    });
  });

  it("notifies nobody about a change that fails after the outbox row was written", async () => {
    await settled();
    const cancel = await t.call("POST", `/api/v1/releases/${releaseId}/cancel`, tok.alice);
    expect(cancel.status).toBe(503);
    expect((await t.call("GET", `/api/v1/releases/${releaseId}`, tok.vera)).body.release.state).toBe(
      "submitted",
    );
    const all = await deliveries(`?release=${releaseId}&limit=500`);
    expect(all.map((d) => d.eventType)).not.toContain("release.cancelled");
    expect(all.map((d) => d.eventType)).toContain("release.submitted");
  });

  it("retries 503 with backoff, honours Retry-After, keeps the webhook-id, and logs each attempt", async () => {
    const d = (await byWebhook()).flaky;
    expect(d).toMatchObject({ state: "delivered", attempts: 3, lastStatus: 200 });
    const got = receivers.flaky?.received ?? [];
    expect(got.map((r) => r.headers["webhook-id"])).toEqual([d.messageId, d.messageId, d.messageId]);
    expect((got[2]?.at ?? 0) - (got[1]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    const detail = await t.call("GET", `/api/v1/notifications/deliveries/${d.id}`, tok.hugo);
    expect(detail.body.attempts.map((a: any) => [a.attempt, a.statusCode, a.outcome, a.error])).toEqual([
      [1, 503, "retry", "HTTP 503"],
      [2, 503, "retry", "HTTP 503"],
      [3, 200, "delivered", undefined],
    ]);
    for (const a of detail.body.attempts) expect(a.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("gives up at once on 410 and after maxAttempts on a receiver that hangs past the timeout", async () => {
    const all = await byWebhook();
    expect(all.gone).toMatchObject({ state: "dead", attempts: 1, lastStatus: 410, lastError: "HTTP 410" });
    expect(receivers.gone?.received).toHaveLength(1);
    expect(all.hang).toMatchObject({ state: "dead", attempts: 2 });
    expect(all.hang.lastError).toMatch(/no response within 1000 ms \(timed out\)/);
    expect(all.disabled).toBeUndefined();
    expect(all["other-tenant"]).toBeUndefined();
  });

  it("counts attempts in the Prometheus metrics", async () => {
    await settled();
    const m = await t.call("GET", "/metrics", tok.vera);
    expect(m.body).toMatch(/orc_webhook_attempts_total\{webhook="flaky",outcome="retry"\} 2/);
    expect(m.body).toMatch(/orc_webhook_attempts_total\{webhook="gone",outcome="dead"\} [12]/);
  });

  it("warns once, at start, about the webhook whose secret is not set", () => {
    const warnings = logLines.filter((l) => l.includes("webhook disabled")).map((l) => JSON.parse(l));
    expect(warnings.map((w) => [w.level, w.webhook, w.secretEnv])).toEqual([
      [40, "ops-chat", "NORTHWIND_OPS_WEBHOOK_SECRET"],
      [40, "disabled", "ORC_TEST_UNSET_SECRET"],
    ]);
  });

  it("filters the delivery log and refuses bad filters with a problem, not a stack", async () => {
    await settled();
    expect((await deliveries("?webhook=flaky&state=delivered")).map((d) => d.webhook)).toEqual(["flaky"]);
    expect(await deliveries("?webhook=flaky&state=dead")).toEqual([]);
    expect(await deliveries("?limit=1")).toHaveLength(1);
    const bad = await t.call("GET", "/api/v1/notifications/deliveries?state=lost", tok.hugo);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.ts:\d+/);
    expect((await t.call("GET", "/api/v1/notifications/deliveries/abc", tok.hugo)).status).toBe(400);
    expect((await t.call("GET", "/api/v1/notifications/deliveries/999999", tok.hugo)).status).toBe(404);
    expect((await t.call("GET", "/api/v1/notifications/deliveries", tok.vera)).status).toBe(403);
  });

  it("retries a dead delivery on request (release managers only; audited; 409 while pending)", async () => {
    const gone = (await byWebhook()).gone;
    expect(
      (await t.call("POST", `/api/v1/notifications/deliveries/${gone.id}/retry`, tok.farid)).status,
    ).toBe(403);
    const r = await t.call("POST", `/api/v1/notifications/deliveries/${gone.id}/retry`, tok.bruno);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ state: "pending", messageId: gone.messageId, maxAttempts: 9 });
    const again = await t.call("POST", `/api/v1/notifications/deliveries/${gone.id}/retry`, tok.bruno);
    expect([409, 200]).toContain(again.status); // 409 unless the deliverer already gave up again
    await until("the retried delivery", async () =>
      (receivers.gone?.received.length ?? 0) >= 2 ? true : undefined,
    );
    expect(receivers.gone?.received[1]?.headers["webhook-id"]).toBe(gone.messageId);
    const audit = await t.call(
      "GET",
      `/api/v1/audit/events?action=notification.retried&subjectId=${gone.id}`,
      tok.hugo,
    );
    expect(audit.body.events[0]).toMatchObject({
      actor: expect.stringMatching(/^user:bruno/),
      subjectType: "notification-delivery",
    });
    expect((await t.call("POST", "/api/v1/notifications/deliveries/999999/retry", tok.bruno)).status).toBe(
      404,
    );
  });

  it("sends a test ping, and explains unknown or disabled webhooks", async () => {
    const before = receivers.verify?.received.length ?? 0;
    const ping = await t.call("POST", "/api/v1/notifications/webhooks/verify/test", tok.bruno);
    expect(ping.status, JSON.stringify(ping.body)).toBe(202);
    await until("the ping", async () =>
      (receivers.verify?.received.length ?? 0) > before ? true : undefined,
    );
    const body = JSON.parse(receivers.verify?.received.at(-1)?.body ?? "{}");
    expect(body).toMatchObject({
      type: "ping",
      webhook: "verify",
      actor: expect.stringMatching(/^user:bruno/),
    });
    const pinged = await until("the ping delivered", async () => {
      const d = (await deliveries("?webhook=verify&state=delivered")).find((x) => x.id === ping.body.id);
      return d ?? undefined;
    });
    expect(pinged.lastStatus).toBe(200);
    const unknown = await t.call("POST", "/api/v1/notifications/webhooks/verfy/test", tok.bruno);
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain("did you mean `verify`?");
    const disabled = await t.call("POST", "/api/v1/notifications/webhooks/disabled/test", tok.bruno);
    expect(disabled.status).toBe(409);
    expect(disabled.body.detail).toContain("ORC_TEST_UNSET_SECRET");
    const hooks = await t.call("GET", "/api/v1/notifications/webhooks", tok.alice);
    expect(hooks.body.webhooks.map((h: any) => [h.name, h.enabled])).toContainEqual(["disabled", false]);
  });

  it("never writes a secret into the delivery log, the audit trail, the logs or an answer", async () => {
    await settled();
    const seen = [
      JSON.stringify(await deliveries("?limit=500")),
      JSON.stringify((await t.call("GET", "/api/v1/notifications/webhooks", tok.alice)).body),
      JSON.stringify((await t.call("GET", "/api/v1/audit/events?limit=1000", tok.hugo)).body),
      ...(await Promise.all(
        (await deliveries("?limit=500")).map(async (d) =>
          JSON.stringify((await t.call("GET", `/api/v1/notifications/deliveries/${d.id}`, tok.hugo)).body),
        ),
      )),
      logLines.join("\n"),
    ].join("\n");
    for (const secret of Object.values(SECRETS)) {
      expect(seen).not.toContain(secret);
      expect(seen).not.toContain(secret.replace(/^whsec_/, ""));
    }
  });
});
