/**
 * Audit trail benchmark (`npm run bench:audit`): appends per second with 8 concurrent writers on
 * PostgreSQL and on the embedded backend (each append is its own transaction, as a state change would
 * be), a check that the chain did not fork, and verification throughput over 1,000,000 events.
 * Prints figures; it is not a test and never fails on timing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { GENESIS_HASH, chainAuditEvent, type AuditEvent } from "../src/domain/audit/index.js";
import { AuditLog } from "../src/services/audit-log.js";
import { auditHead, openDb, recordAuditEvent, type Db } from "../src/store/index.js";
import { createTestDatabase } from "../test/support/backends.js";

const WRITERS = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const VERIFY_EVENTS = Number(process.env.BENCH_VERIFY_EVENTS ?? 1_000_000);
const now = () => new Date();

async function appendLoad(
  db: Db,
): Promise<{ appends: number; perSecond: number; chainOk: boolean; p99ms: number }> {
  const before = (await auditHead(db)).seq;
  const audit = new AuditLog({ db, now });
  audit.start();
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: WRITERS }, (_, w) =>
      (async () => {
        let i = 0;
        while (performance.now() < deadline) {
          const t0 = performance.now();
          await db.transaction((tx) =>
            recordAuditEvent(
              tx,
              {
                actor: `user:writer${w}`,
                action: "bench.appended",
                subjectType: "bench",
                subjectId: `w${w}`,
                payload: { i: i++ },
              },
              now,
            ),
          );
          latencies.push(performance.now() - t0);
        }
      })(),
    ),
  );
  // Appended means sealed into the chain: the clock stops when the last recorded event is chained.
  await audit.stop();
  const elapsed = (performance.now() - started) / 1000;
  const appends = (await auditHead(db)).seq - before;
  const v = await audit.verify();
  latencies.sort((a, b) => a - b);
  return {
    appends,
    perSecond: Math.round(appends / elapsed),
    chainOk: v.ok && v.eventsChecked === appends + before,
    p99ms: Number((latencies[Math.floor(latencies.length * 0.99)] ?? 0).toFixed(2)),
  };
}

async function bulkLoad(db: Db, n: number): Promise<void> {
  let head = { seq: 0, hash: GENESIS_HASH };
  const batch = 5000;
  const base = Date.UTC(2026, 0, 1);
  for (let start = 0; start < n; start += batch) {
    const events: AuditEvent[] = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const e = chainAuditEvent(
        {
          actor: `user:u${i % 17}`,
          action: i % 3 ? "release.approved" : "release.submitted",
          subjectType: "release",
          subjectId: `r${i % 1000}`,
          payload: { release: i % 1000, env: "northwind-eu/prod", tier: "standard", note: "bench" },
        },
        head,
        new Date(base + i * 1000),
      );
      events.push(e);
      head = e;
    }
    await db.query(
      `INSERT INTO audit_event (seq, ts, actor, action, subject_type, subject_id, payload, prev_hash, hash)
       SELECT * FROM unnest($1::int8[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::text[])`,
      [
        events.map((e) => e.seq),
        events.map((e) => e.ts),
        events.map((e) => e.actor),
        events.map((e) => e.action),
        events.map((e) => e.subjectType),
        events.map((e) => e.subjectId),
        events.map((e) => JSON.stringify(e.payload)),
        events.map((e) => e.prevHash),
        events.map((e) => e.hash),
      ],
    );
  }
  await db.query("UPDATE audit_head SET seq = $1, hash = $2 WHERE singleton", [head.seq, head.hash]);
}

async function main(): Promise<void> {
  console.log(
    `audit benchmark: ${WRITERS} concurrent writers for ${SECONDS} s per backend; verification over ${VERIFY_EVENTS} events`,
  );

  const pgDb1 = await createTestDatabase();
  {
    const { db } = await openDb({ databaseUrl: pgDb1.url, dataDir: "unused" });
    const r = await appendLoad(db);
    console.log(
      `postgres  appends: ${r.appends} in ${SECONDS} s (+ sealing tail) = ${r.perSecond}/s (p99 ${r.p99ms} ms per append), chain intact without fork: ${r.chainOk}`,
    );
    await db.close();
  }
  await pgDb1.drop();

  const dir = mkdtempSync(join(tmpdir(), "orc-bench-audit-"));
  {
    const { db } = await openDb({ dataDir: dir });
    const r = await appendLoad(db);
    console.log(
      `embedded  appends: ${r.appends} in ${SECONDS} s (+ sealing tail) = ${r.perSecond}/s (p99 ${r.p99ms} ms per append), chain intact without fork: ${r.chainOk}`,
    );
    await db.close();
  }
  rmSync(dir, { recursive: true, force: true });

  const pgDb2 = await createTestDatabase();
  {
    const { db } = await openDb({ databaseUrl: pgDb2.url, dataDir: "unused" });
    const t0 = performance.now();
    await bulkLoad(db, VERIFY_EVENTS);
    console.log(
      `loaded ${VERIFY_EVENTS} chained events in ${((performance.now() - t0) / 1000).toFixed(1)} s (bulk insert, setup only)`,
    );
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const audit = new AuditLog({
      db,
      now,
      signer: { name: "bench", privateKey },
      verifier: { name: "bench", publicKey },
    });
    const c0 = performance.now();
    await audit.checkpoint();
    console.log(
      `first checkpoint over ${VERIFY_EVENTS} events: ${((performance.now() - c0) / 1000).toFixed(2)} s`,
    );
    const v = await audit.verify();
    console.log(
      `postgres  verify: ${v.eventsChecked} events + ${v.checkpointsVerified} checkpoint in ${(v.durationMs / 1000).toFixed(2)} s = ` +
        `${Math.round(v.eventsChecked / (v.durationMs / 1000))} events/s, ok: ${v.ok}`,
    );
    await db.close();
  }
  await pgDb2.drop();
}

await main();
