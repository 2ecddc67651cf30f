import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditChainVerifier } from "../../src/domain/audit/index.js";
import {
  auditHead,
  listAuditEvents,
  pendingAuditCount,
  recordAuditEvent,
  sealAuditEvents,
  streamAuditEvents,
  type Db,
} from "../../src/store/index.js";
import { openTestStore, testBackends, type TestStore } from "../support/backends.js";

const now = () => new Date();
const event = (i: number, actor = "user:alice") => ({
  actor,
  action: i % 2 ? "thing.created" : "thing.updated",
  subjectType: "thing",
  subjectId: `t${i % 5}`,
  payload: { i, nested: { list: [1, 2.5, "x"], flag: true, none: null } },
});

async function verifyAll(db: Db) {
  const v = new AuditChainVerifier();
  for await (const e of streamAuditEvents(db, 7)) v.push(e);
  return v.finish();
}

describe.each(testBackends())("audit repository on %s", (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => {
    await store.dispose();
  });

  it("records events in the caller's transaction and seals them into a chain that verifies", async () => {
    for (let i = 0; i < 20; i++) await store.db.transaction((tx) => recordAuditEvent(tx, event(i), now));
    expect(await pendingAuditCount(store.db)).toBe(20);
    expect((await auditHead(store.db)).seq).toBe(0);
    const sealed = await sealAuditEvents(store.db);
    expect(sealed.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(sealed.map((e) => e.payload.i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await pendingAuditCount(store.db)).toBe(0);
    expect(await sealAuditEvents(store.db)).toEqual([]);
    const head = await auditHead(store.db);
    expect(head.seq).toBe(20);
    expect(typeof head.seq).toBe("number");
    const r = await verifyAll(store.db);
    expect(r).toMatchObject({ ok: true, eventsChecked: 20, headHash: head.hash });
  });

  it("never forks or leaves gaps with 8 concurrent writers and 2 concurrent sealers", async () => {
    const before = (await auditHead(store.db)).seq;
    let writing = true;
    const sealer = async () => {
      while (writing) await sealAuditEvents(store.db, 7);
    };
    const sealers = [sealer(), sealer()];
    await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 25; i++) {
            await store.db.transaction((tx) => recordAuditEvent(tx, event(i, `user:w${w}`), now));
          }
        })(),
      ),
    );
    writing = false;
    await Promise.all(sealers);
    await sealAuditEvents(store.db);
    const head = await auditHead(store.db);
    expect(head.seq).toBe(before + 200);
    const r = await verifyAll(store.db);
    expect(r.ok).toBe(true);
    expect(r.eventsChecked).toBe(head.seq);
  });

  it("drops the event when the state change it records rolls back", async () => {
    const before = await auditHead(store.db);
    await expect(
      store.db.transaction(async (tx) => {
        await recordAuditEvent(tx, event(99), now);
        throw new Error("business change failed");
      }),
    ).rejects.toThrow("business change failed");
    await sealAuditEvents(store.db);
    expect(await auditHead(store.db)).toEqual(before);
    expect((await verifyAll(store.db)).ok).toBe(true);
  });

  it("refuses UPDATE, DELETE and TRUNCATE at the database level", async () => {
    await expect(store.db.query("UPDATE audit_event SET actor = 'mallory' WHERE seq = 1")).rejects.toThrow(
      /append-only/,
    );
    await expect(store.db.query("DELETE FROM audit_event WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(store.db.query("TRUNCATE audit_event")).rejects.toThrow(/append-only/);
    expect((await listAuditEvents(store.db, { limit: 1 }))[0]?.actor).toBe("user:alice");
  });

  it("filters by actor, action prefix, subject and time, with a keyset cursor", async () => {
    const w3 = await listAuditEvents(store.db, { actor: "user:w3", limit: 1000 });
    expect(w3).toHaveLength(25);
    expect(w3.every((e) => e.actor === "user:w3")).toBe(true);
    const created = await listAuditEvents(store.db, { action: "thing.c*", subjectId: "t1", limit: 1000 });
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((e) => e.action === "thing.created" && e.subjectId === "t1")).toBe(true);
    const page1 = await listAuditEvents(store.db, { limit: 10 });
    const page2 = await listAuditEvents(store.db, { limit: 10, after: page1[9]?.seq });
    expect(page2[0]?.seq).toBe((page1[9]?.seq ?? 0) + 1);
    const latest = await listAuditEvents(store.db, { order: "desc", limit: 1 });
    expect(latest[0]?.seq).toBe((await auditHead(store.db)).seq);
    expect(await listAuditEvents(store.db, { since: new Date(Date.now() + 60_000) })).toEqual([]);
  });

  it("names the row that was tampered with in SQL", async () => {
    // An attacker with database access disables the trigger and edits one row.
    await store.db.query("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
    await store.db.query(`UPDATE audit_event SET payload = '{"i": 12345}'::jsonb WHERE seq = 17`);
    await store.db.query("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only");
    const r = await verifyAll(store.db);
    expect(r.ok).toBe(false);
    expect(r.firstBreak).toEqual({ kind: "hash-mismatch", seq: 17 });
  });
});
