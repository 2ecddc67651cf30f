import { readFileSync } from "node:fs";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Notifications, validateEstateText, type Estate } from "../../src/domain/estate/index.js";
import { verifyWebhookSignature } from "../../src/domain/notification/index.js";
import type { LifecycleEvent } from "../../src/domain/release/index.js";
import { releaseOf } from "../../src/domain/release/test-support/fixtures.js";
import { recordNotification } from "../../src/services/notification-service.js";
import { WebhookDeliverer } from "../../src/services/webhook-deliverer.js";
import {
  claimDeliveries,
  insertRelease,
  listAttempts,
  listDeliveries,
  recordAttempt,
} from "../../src/store/index.js";
import { openTestStore, testBackends, type TestStore } from "../support/backends.js";
import { respond, startReceiver, type TestReceiver } from "../support/webhook-receivers.js";

const SECRET = "whsec_c2VjcmV0LW9mLXRoZS1vdXRib3gtdGVzdC0xMjM0NTY=";
const env = { OPS_SECRET: SECRET, AUDIT_SECRET: "plain-secret-value" };

function northwind(webhooks: unknown[]): Estate {
  const r = validateEstateText(readFileSync("examples/northwind/estate.yaml", "utf8"), "estate.yaml");
  if (!r.ok) throw new Error("demo estate invalid");
  return { ...r.estate, notifications: Notifications.parse({ webhooks }) };
}

describe.each(testBackends())("webhook outbox on %s", (backend) => {
  let store: TestStore;
  let receiver: TestReceiver;
  let releaseId: number;
  let estate: Estate;
  let n = 0;
  const newId = (p: "evt" | "msg") => `${p}_${backend}_${++n}`;

  beforeAll(async () => {
    store = await openTestStore(backend);
    receiver = await startReceiver((_r, _n, res) => respond(res, 204));
    estate = northwind([
      {
        name: "ops",
        url: receiver.url,
        events: ["release.*"],
        environments: ["prod"],
        secretEnv: "OPS_SECRET",
      },
      { name: "audit", url: receiver.url, events: ["release.approved"], secretEnv: "AUDIT_SECRET" },
      {
        name: "us-only",
        url: receiver.url,
        events: ["release.*"],
        tenants: ["northwind-us"],
        secretEnv: "OPS_SECRET",
      },
      { name: "no-secret", url: receiver.url, events: ["*"], secretEnv: "UNSET_SECRET" },
    ]);
    const { id: _id, ...draft } = releaseOf({});
    releaseId = await store.db.transaction((tx) => insertRelease(tx, draft));
  });
  afterAll(async () => {
    await receiver.close();
    await store.dispose();
  });

  const event = (over: Partial<LifecycleEvent> = {}): LifecycleEvent => ({
    releaseId,
    event: "approved",
    tier: "standard",
    environments: ["northwind-eu/staging", "northwind-eu/prod"],
    actor: "user:bruno (token 7)",
    at: "2026-11-02T09:00:00.000Z",
    ...over,
  });
  const source = () => ({ estate: () => estate, env, newId });

  it("writes one row per enabled webhook that hears about the event, in the change's transaction", async () => {
    const written = await store.db.transaction((tx) => recordNotification(tx, event(), source()));
    expect(written).toBe(2);
    const rows = await listDeliveries(store.db, { releaseId });
    expect(rows.map((r) => r.webhook).sort()).toEqual(["audit", "ops"]);
    const [first] = rows;
    expect(first).toMatchObject({
      state: "pending",
      attempts: 0,
      maxAttempts: 8,
      eventType: "release.approved",
    });
    expect(first?.payload).toEqual({
      id: expect.stringMatching(/^evt_/),
      type: "release.approved",
      occurredAt: "2026-11-02T09:00:00.000Z",
      tenant: "northwind-eu",
      environments: ["northwind-eu/staging", "northwind-eu/prod"],
      actor: "user:bruno (token 7)",
      release: expect.objectContaining({ id: releaseId, tier: "standard", state: "submitted" }),
    });
    expect(rows[0]?.eventId).toBe(rows[1]?.eventId);
    expect(JSON.stringify(rows)).not.toContain("plain-secret-value");
    expect(JSON.stringify(rows)).not.toContain(SECRET);
  });

  it("tells nobody about a change that rolls back", async () => {
    const before = (await listDeliveries(store.db, { releaseId, limit: 500 })).length;
    await expect(
      store.db.transaction(async (tx) => {
        expect(await recordNotification(tx, event({ event: "scheduled" }), source())).toBe(1);
        throw new Error("the release change failed after the listener ran");
      }),
    ).rejects.toThrow("the release change failed");
    expect((await listDeliveries(store.db, { releaseId, limit: 500 })).length).toBe(before);
  });

  it("never hands one row to two deliverers, and a lease that expired is delivered by another one", async () => {
    const t0 = Date.now() + 60_000; // later than every row's due time
    const a = await claimDeliveries(store.db, { owner: "a", now: new Date(t0), leaseMs: 1000, limit: 1 });
    expect(a).toHaveLength(1);
    const [claimed] = a;
    if (!claimed) return;
    expect(claimed).toMatchObject({ attempts: 1, leaseOwner: "a" });
    // Deliverer a "crashes" here: it never records its attempt.
    const [b1, c1] = await Promise.all([
      claimDeliveries(store.db, { owner: "b", now: new Date(t0 + 500), leaseMs: 1000, limit: 10 }),
      claimDeliveries(store.db, { owner: "c", now: new Date(t0 + 500), leaseMs: 1000, limit: 10 }),
    ]);
    expect([...b1, ...c1].map((d) => d.id)).not.toContain(claimed.id);
    expect(new Set([...b1, ...c1].map((d) => d.id)).size).toBe(b1.length + c1.length);
    for (const d of [...b1, ...c1]) {
      await recordAttempt(store.db, {
        deliveryId: d.id,
        owner: d.leaseOwner ?? "",
        attempt: d.attempts,
        startedAt: new Date(t0).toISOString(),
        durationMs: 1,
        statusCode: 200,
        outcome: "delivered",
        at: new Date(t0).toISOString(),
      });
    }

    const before = receiver.received.length;
    const deliverer = new WebhookDeliverer({
      db: store.db,
      estate: () => estate,
      log: pino({ level: "silent" }),
      env,
      now: () => new Date(t0 + 1500),
      owner: "b",
    });
    expect(await deliverer.runOnce()).toBe(1);
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(1);
    const req = got[0];
    expect(req?.headers["webhook-id"]).toBe(claimed.messageId);
    const secret = claimed.webhook === "ops" ? SECRET : env.AUDIT_SECRET;
    expect(
      verifyWebhookSignature(
        secret,
        {
          id: claimed.messageId,
          timestamp: Number(req?.headers["webhook-timestamp"]),
          body: req?.body ?? "",
        },
        String(req?.headers["webhook-signature"]),
      ),
    ).toBe(true);

    // The crashed deliverer comes back and records its stale attempt: it changes nothing.
    const late = await recordAttempt(store.db, {
      deliveryId: claimed.id,
      owner: "a",
      attempt: 1,
      startedAt: new Date(t0).toISOString(),
      durationMs: 5,
      outcome: "dead",
      error: "crashed",
      at: new Date(t0 + 2000).toISOString(),
    });
    expect(late).toBe("superseded");
    const [row] = (await listDeliveries(store.db, { releaseId, limit: 500 })).filter(
      (d) => d.id === claimed.id,
    );
    expect(row).toMatchObject({ state: "delivered", attempts: 2, lastStatus: 204 });
    expect(
      (await listAttempts(store.db, claimed.id)).map((x) => [x.attempt, x.outcome, x.deliverer]),
    ).toEqual([
      [2, "delivered", "b"],
      [1, "superseded", "a"],
    ]);
  });
});
