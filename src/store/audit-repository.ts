import {
  chainAuditEvent,
  type AuditEvent,
  type AuditEventInput,
  type Checkpoint,
  type MerkleFrontierState,
} from "../domain/audit/index.js";
import { OrcError } from "../domain/errors.js";
import type { Db, Queryable } from "./db.js";

/** Filters for listing audit events; all optional, combined with AND. */
export interface AuditFilter {
  /** Events at or after this instant. */
  readonly since?: Date;
  readonly until?: Date;
  readonly actor?: string;
  /** Exact action, or a prefix ending in `.` or `*` (`token.` matches `token.created`). */
  readonly action?: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
  /** Keyset cursor: events with seq greater than this (ascending) or less than this (descending). */
  readonly after?: number;
  /** @default "asc" */
  readonly order?: "asc" | "desc";
  /** @default 100, at most 1000 */
  readonly limit?: number;
}

interface AuditRow {
  seq: number;
  /** A Date, or already the ISO 8601 text when the query formats it (the verification stream does). */
  ts: Date | string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  payload: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const COLUMNS = "seq, ts, actor, action, subject_type, subject_id, payload, prev_hash, hash";
/**
 * The same columns with `ts` formatted by PostgreSQL exactly as `Date.prototype.toISOString` does
 * (events carry millisecond times), which spares parsing a Date per row when a whole chain is read.
 */
const STREAM_COLUMNS = COLUMNS.replace(
  "ts,",
  `to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts,`,
);

function toEvent(r: AuditRow): AuditEvent {
  return {
    seq: r.seq,
    ts: typeof r.ts === "string" ? r.ts : r.ts.toISOString(),
    actor: r.actor,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    payload: r.payload,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * Records an audit event. Call it with the transaction handle of the state change it records, so both
 * commit or neither does. The event waits in `audit_pending` until {@link sealAuditEvents} chains it.
 */
export async function recordAuditEvent(
  tx: Queryable,
  input: AuditEventInput,
  now: () => Date,
): Promise<void> {
  const payload = normalizePayload(input.payload);
  await tx.query(
    `INSERT INTO audit_pending (ts, actor, action, subject_type, subject_id, payload) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [
      now().toISOString(),
      input.actor,
      input.action,
      input.subjectType,
      input.subjectId,
      JSON.stringify(payload),
    ],
  );
}

interface PendingRow {
  id: number;
  ts: Date;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  payload: Record<string, unknown>;
}

/**
 * Moves committed pending events into the hash chain, oldest first, in one transaction. The chain head
 * row is locked FOR UPDATE first, so sealers on several replicas queue: the chain never forks and
 * sequence numbers have no gaps. Returns the sealed events.
 */
export async function sealAuditEvents(db: Db, max = 5000): Promise<AuditEvent[]> {
  return db.transaction(async (tx) => {
    const { rows: heads } = await tx.query<{ seq: number; hash: string }>(
      "SELECT seq, hash FROM audit_head WHERE singleton FOR UPDATE",
    );
    let head = heads[0];
    if (!head) throw new OrcError("internal", "audit_head row is missing");
    const { rows } = await tx.query<PendingRow>(
      "SELECT id, ts, actor, action, subject_type, subject_id, payload FROM audit_pending ORDER BY id LIMIT $1",
      [max],
    );
    if (rows.length === 0) return [];
    const sealed: AuditEvent[] = [];
    for (const r of rows) {
      const event = chainAuditEvent(
        {
          actor: r.actor,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          payload: r.payload,
        },
        head,
        r.ts,
      );
      sealed.push(event);
      head = event;
    }
    await tx.query(
      `INSERT INTO audit_event (${COLUMNS})
       SELECT * FROM unnest($1::int8[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::text[])`,
      [
        sealed.map((e) => e.seq),
        sealed.map((e) => e.ts),
        sealed.map((e) => e.actor),
        sealed.map((e) => e.action),
        sealed.map((e) => e.subjectType),
        sealed.map((e) => e.subjectId),
        sealed.map((e) => JSON.stringify(e.payload)),
        sealed.map((e) => e.prevHash),
        sealed.map((e) => e.hash),
      ],
    );
    await tx.query("DELETE FROM audit_pending WHERE id = ANY($1::int8[])", [rows.map((r) => r.id)]);
    await tx.query("UPDATE audit_head SET seq = $1, hash = $2 WHERE singleton", [head.seq, head.hash]);
    return sealed;
  });
}

/** Number of recorded events not yet sealed into the chain. */
export async function pendingAuditCount(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>("SELECT count(*)::int8 AS n FROM audit_pending");
  return rows[0]?.n ?? 0;
}

// The payload must read back from jsonb exactly as hashed: a JSON round trip drops undefined and
// normalizes numbers; NUL characters are refused because jsonb cannot store them.
function normalizePayload(payload: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const text = JSON.stringify(payload);
  if (text.includes("\\u0000")) throw new OrcError("bad-request", "audit payload contains a NUL character");
  return JSON.parse(text) as Record<string, unknown>;
}

/** Lists events matching a filter, in sequence order. */
export async function listAuditEvents(q: Queryable, filter: AuditFilter = {}): Promise<AuditEvent[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace("?", `$${params.length}`));
  };
  const desc = filter.order === "desc";
  if (filter.since) add("ts >= ?", filter.since);
  if (filter.until) add("ts < ?", filter.until);
  if (filter.actor) add("actor = ?", filter.actor);
  if (filter.action) {
    if (filter.action.endsWith("*") || filter.action.endsWith(".")) {
      add("starts_with(action, ?)", filter.action.replace(/\*$/, ""));
    } else add("action = ?", filter.action);
  }
  if (filter.subjectType) add("subject_type = ?", filter.subjectType);
  if (filter.subjectId) add("subject_id = ?", filter.subjectId);
  if (filter.after !== undefined) add(desc ? "seq < ?" : "seq > ?", filter.after);
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  params.push(limit);
  const sql =
    `SELECT ${COLUMNS} FROM audit_event` +
    (where.length ? ` WHERE ${where.join(" AND ")}` : "") +
    ` ORDER BY seq ${desc ? "DESC" : "ASC"} LIMIT $${params.length}`;
  const { rows } = await q.query<AuditRow>(sql, params);
  return rows.map(toEvent);
}

/** Reads the chain in sequence order from `afterSeq`, in batches, without holding it all in memory. */
export async function* streamAuditEvents(
  q: Queryable,
  batchSize = 5000,
  afterSeq = 0,
): AsyncGenerator<AuditEvent> {
  let after = afterSeq;
  for (;;) {
    const { rows } = await q.query<AuditRow>(
      `SELECT ${STREAM_COLUMNS} FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, batchSize],
    );
    for (const r of rows) yield toEvent(r);
    const last = rows[rows.length - 1];
    if (!last || rows.length < batchSize) return;
    after = last.seq;
  }
}

/** The chain head: last sequence number and hash (0 and the genesis hash when empty). */
export async function auditHead(q: Queryable): Promise<{ seq: number; hash: string }> {
  const { rows } = await q.query<{ seq: number; hash: string }>(
    "SELECT seq, hash FROM audit_head WHERE singleton",
  );
  const head = rows[0];
  if (!head) throw new OrcError("internal", "audit_head row is missing");
  return head;
}

/**
 * Stores a signed checkpoint (idempotent per size) with the Merkle frontier at that size, so the next
 * checkpoint continues from it instead of re-reading the whole chain. The frontier is a cache: verification
 * never trusts it and recomputes from the events.
 */
export async function saveCheckpoint(
  tx: Queryable,
  cp: Checkpoint,
  frontier: MerkleFrontierState,
  createdAt: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO audit_checkpoint (size, root, note, frontier, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)
     ON CONFLICT (size) DO NOTHING`,
    [cp.size, cp.root, cp.note, JSON.stringify(frontier), createdAt],
  );
}

/** The newest checkpoint's frontier, to continue the tree from. */
export async function latestCheckpointFrontier(q: Queryable): Promise<MerkleFrontierState | undefined> {
  const { rows } = await q.query<{ frontier: MerkleFrontierState }>(
    "SELECT frontier FROM audit_checkpoint ORDER BY size DESC LIMIT 1",
  );
  return rows[0]?.frontier;
}

/** Stored checkpoints, smallest first. */
export async function listCheckpoints(q: Queryable): Promise<(Checkpoint & { createdAt: string })[]> {
  const { rows } = await q.query<{ size: number; root: string; note: string; created_at: Date }>(
    "SELECT size, root, note, created_at FROM audit_checkpoint ORDER BY size",
  );
  return rows.map((r) => ({
    origin: r.note.split("\n")[0] ?? "",
    size: r.size,
    root: r.root,
    note: r.note,
    createdAt: r.created_at.toISOString(),
  }));
}
