import type { Db, Queryable } from "./db.js";

/** Where a delivery is: waiting (maybe leased by a deliverer), delivered, or given up. */
export type DeliveryState = "pending" | "delivered" | "dead";
export const DELIVERY_STATES: readonly DeliveryState[] = ["pending", "delivered", "dead"];

/** What an attempt did to its delivery; `superseded` when the deliverer had lost its lease meanwhile. */
export type AttemptOutcome = "delivered" | "retry" | "dead" | "superseded";

/** A delivery to write into the outbox. */
export interface NewDelivery {
  /** The `webhook-id` header: stable across retries. */
  readonly messageId: string;
  readonly eventId: string;
  readonly webhook: string;
  readonly eventType: string;
  readonly releaseId?: number;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly maxAttempts: number;
  /** ISO 8601: creation time, and the first attempt's due time. */
  readonly at: string;
}

/** A delivery of the outbox, as stored. */
export interface StoredDelivery {
  readonly id: number;
  readonly messageId: string;
  readonly eventId: string;
  readonly webhook: string;
  readonly eventType: string;
  readonly releaseId?: number;
  readonly payload: Record<string, unknown>;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly nextAttemptAt: string;
  readonly leaseOwner?: string;
  readonly leaseUntil?: string;
  readonly lastStatus?: number;
  readonly lastError?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deliveredAt?: string;
}

/** One attempt of the delivery log. */
export interface DeliveryAttempt {
  readonly id: number;
  readonly deliveryId: number;
  readonly attempt: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly statusCode?: number;
  readonly outcome: AttemptOutcome;
  readonly error?: string;
  readonly deliverer: string;
}

interface DeliveryRow {
  id: number;
  message_id: string;
  event_id: string;
  webhook: string;
  event_type: string;
  release_id: number | null;
  payload: Record<string, unknown>;
  state: DeliveryState;
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date;
  lease_owner: string | null;
  lease_until: Date | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}

const COLUMNS = `id, message_id, event_id, webhook, event_type, release_id, payload, state, attempts, max_attempts,
  next_attempt_at, lease_owner, lease_until, last_status, last_error, created_at, updated_at, delivered_at`;

function toDelivery(r: DeliveryRow): StoredDelivery {
  return {
    id: r.id,
    messageId: r.message_id,
    eventId: r.event_id,
    webhook: r.webhook,
    eventType: r.event_type,
    ...(r.release_id !== null ? { releaseId: r.release_id } : {}),
    payload: r.payload,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    nextAttemptAt: r.next_attempt_at.toISOString(),
    ...(r.lease_owner !== null ? { leaseOwner: r.lease_owner } : {}),
    ...(r.lease_until !== null ? { leaseUntil: r.lease_until.toISOString() } : {}),
    ...(r.last_status !== null ? { lastStatus: r.last_status } : {}),
    ...(r.last_error !== null ? { lastError: r.last_error } : {}),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    ...(r.delivered_at !== null ? { deliveredAt: r.delivered_at.toISOString() } : {}),
  };
}

/** Writes a delivery into the outbox. Call it with the transaction of the change it tells about. */
export async function insertDelivery(tx: Queryable, d: NewDelivery): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO notification_delivery (message_id, event_id, webhook, event_type, release_id, payload, state,
       max_attempts, next_attempt_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'pending', $7, $8, $8, $8) RETURNING id`,
    [
      d.messageId,
      d.eventId,
      d.webhook,
      d.eventType,
      d.releaseId ?? null,
      JSON.stringify(d.payload),
      d.maxAttempts,
      d.at,
    ],
  );
  return (rows[0] as { id: number }).id;
}

/** What a deliverer asks for when it claims work. */
export interface ClaimRequest {
  /** The deliverer's id (recorded in the log; completing needs it). */
  readonly owner: string;
  readonly now: Date;
  /** How long the claim holds; past it, another deliverer may claim the row again. */
  readonly leaseMs: number;
  readonly limit: number;
}

/**
 * Claims up to `limit` due deliveries (pending, due, not leased or lease expired), oldest due first,
 * counting the attempt now: a deliverer that dies mid-attempt has used it up. `FOR UPDATE SKIP LOCKED`
 * lets deliverers on several replicas claim side by side without waiting on or double-claiming rows;
 * the embedded backend has one session, where it is simply a lock.
 */
export async function claimDeliveries(db: Db, c: ClaimRequest): Promise<StoredDelivery[]> {
  const now = c.now.toISOString();
  const until = new Date(c.now.getTime() + c.leaseMs).toISOString();
  const { rows } = await db.query<DeliveryRow>(
    `UPDATE notification_delivery
        SET lease_owner = $1, lease_until = $2, attempts = attempts + 1, updated_at = $3
      WHERE id IN (
        SELECT id FROM notification_delivery
         WHERE state = 'pending' AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until <= $3)
         ORDER BY next_attempt_at, id
         LIMIT $4
         FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
    [c.owner, until, now, c.limit],
  );
  return rows.map(toDelivery).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.id - b.id);
}

/** The result of one attempt, to record. */
export interface AttemptResult {
  readonly deliveryId: number;
  readonly owner: string;
  /** The attempt number the claim gave (the row's `attempts` after claiming). */
  readonly attempt: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly statusCode?: number;
  /** Already stripped of secrets and truncated. */
  readonly error?: string;
  readonly outcome: Exclude<AttemptOutcome, "superseded">;
  /** For `retry`: when the next attempt is due. */
  readonly nextAttemptAt?: string;
  readonly at: string;
}

/**
 * Records an attempt in the log and moves its delivery on (delivered, due again, or dead), releasing the
 * lease. When the deliverer lost its lease meanwhile (it expired and another deliverer claimed the row),
 * the attempt is logged as `superseded` and the delivery is left to its new owner. Returns the outcome.
 */
export async function recordAttempt(db: Db, r: AttemptResult): Promise<AttemptOutcome> {
  return db.transaction(async (tx) => {
    const moved = await tx.query(
      `UPDATE notification_delivery
          SET state = $4, next_attempt_at = COALESCE($5::timestamptz, next_attempt_at),
              lease_owner = NULL, lease_until = NULL, last_status = $6, last_error = $7, updated_at = $8,
              delivered_at = CASE WHEN $4 = 'delivered' THEN $8::timestamptz ELSE delivered_at END
        WHERE id = $1 AND lease_owner = $2 AND attempts = $3`,
      [
        r.deliveryId,
        r.owner,
        r.attempt,
        r.outcome === "retry" ? "pending" : r.outcome,
        r.nextAttemptAt ?? null,
        r.statusCode ?? null,
        r.error ?? null,
        r.at,
      ],
    );
    const outcome: AttemptOutcome = moved.rowCount === 1 ? r.outcome : "superseded";
    await tx.query(
      `INSERT INTO notification_attempt (delivery_id, attempt, started_at, duration_ms, status_code, outcome, error, deliverer)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        r.deliveryId,
        r.attempt,
        r.startedAt,
        Math.max(0, Math.round(r.durationMs)),
        r.statusCode ?? null,
        outcome,
        r.error ?? null,
        r.owner,
      ],
    );
    return outcome;
  });
}

/** Filters of the delivery log, combined with AND. */
export interface DeliveryFilter {
  readonly webhook?: string;
  readonly state?: DeliveryState;
  readonly releaseId?: number;
  /** Keyset cursor: deliveries with a smaller id (newest first). */
  readonly before?: number;
  /** @default 50 */
  readonly limit?: number;
}

/** Deliveries matching the filter, newest first. */
export async function listDeliveries(q: Queryable, f: DeliveryFilter = {}): Promise<StoredDelivery[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace("?", `$${params.length}`));
  };
  if (f.webhook !== undefined) add("webhook = ?", f.webhook);
  if (f.state !== undefined) add("state = ?", f.state);
  if (f.releaseId !== undefined) add("release_id = ?", f.releaseId);
  if (f.before !== undefined) add("id < ?", f.before);
  params.push(f.limit ?? 50);
  const { rows } = await q.query<DeliveryRow>(
    `SELECT ${COLUMNS} FROM notification_delivery ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(toDelivery);
}

export async function findDelivery(q: Queryable, id: number): Promise<StoredDelivery | undefined> {
  const { rows } = await q.query<DeliveryRow>(`SELECT ${COLUMNS} FROM notification_delivery WHERE id = $1`, [
    id,
  ]);
  return rows[0] ? toDelivery(rows[0]) : undefined;
}

interface AttemptRow {
  id: number;
  delivery_id: number;
  attempt: number;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  outcome: AttemptOutcome;
  error: string | null;
  deliverer: string;
}

/** The attempts of a delivery, first first. */
export async function listAttempts(q: Queryable, deliveryId: number): Promise<DeliveryAttempt[]> {
  const { rows } = await q.query<AttemptRow>(
    `SELECT id, delivery_id, attempt, started_at, duration_ms, status_code, outcome, error, deliverer
       FROM notification_attempt WHERE delivery_id = $1 ORDER BY id`,
    [deliveryId],
  );
  return rows.map((r) => ({
    id: r.id,
    deliveryId: r.delivery_id,
    attempt: r.attempt,
    startedAt: r.started_at.toISOString(),
    durationMs: r.duration_ms,
    ...(r.status_code !== null ? { statusCode: r.status_code } : {}),
    outcome: r.outcome,
    ...(r.error !== null ? { error: r.error } : {}),
    deliverer: r.deliverer,
  }));
}

/**
 * Puts a delivered or dead delivery back in the queue, due at `at`, with `moreAttempts` attempts
 * beyond those already made. Undefined when there is no such delivery or it is still pending.
 */
export async function requeueDelivery(
  tx: Queryable,
  id: number,
  at: string,
  moreAttempts: number,
): Promise<StoredDelivery | undefined> {
  const { rows } = await tx.query<DeliveryRow>(
    `UPDATE notification_delivery
        SET state = 'pending', next_attempt_at = $2, max_attempts = attempts + $3, lease_owner = NULL,
            lease_until = NULL, updated_at = $2
      WHERE id = $1 AND state <> 'pending'
      RETURNING ${COLUMNS}`,
    [id, at, moreAttempts],
  );
  return rows[0] ? toDelivery(rows[0]) : undefined;
}
