import type { Queryable } from "./db.js";

/** A calendar feed subscription as stored: never the secret, only its hash. */
export interface StoredCalendarFeed {
  readonly id: string;
  readonly secretHash: string;
  /** `tenant/environment`: the only feed the secret opens. */
  readonly environment: string;
  readonly description: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt?: string;
  readonly lastUsedAt?: string;
}

interface FeedRow {
  id: string;
  secret_hash: string;
  environment: string;
  description: string;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const COLUMNS = "id, secret_hash, environment, description, created_at, created_by, revoked_at, last_used_at";

function toFeed(r: FeedRow): StoredCalendarFeed {
  return {
    id: r.id,
    secretHash: r.secret_hash,
    environment: r.environment,
    description: r.description,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    ...(r.revoked_at ? { revokedAt: r.revoked_at.toISOString() } : {}),
    ...(r.last_used_at ? { lastUsedAt: r.last_used_at.toISOString() } : {}),
  };
}

export async function insertCalendarFeed(
  tx: Queryable,
  f: Omit<StoredCalendarFeed, "revokedAt" | "lastUsedAt">,
): Promise<void> {
  await tx.query(
    `INSERT INTO calendar_feed (id, secret_hash, environment, description, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [f.id, f.secretHash, f.environment, f.description, f.createdAt, f.createdBy],
  );
}

export async function findCalendarFeed(q: Queryable, id: string): Promise<StoredCalendarFeed | undefined> {
  const { rows } = await q.query<FeedRow>(`SELECT ${COLUMNS} FROM calendar_feed WHERE id = $1`, [id]);
  return rows[0] ? toFeed(rows[0]) : undefined;
}

export async function listCalendarFeeds(q: Queryable): Promise<StoredCalendarFeed[]> {
  const { rows } = await q.query<FeedRow>(`SELECT ${COLUMNS} FROM calendar_feed ORDER BY created_at, id`);
  return rows.map(toFeed);
}

/** Marks a feed revoked; false when it does not exist or was already revoked. */
export async function revokeCalendarFeed(tx: Queryable, id: string, at: Date): Promise<boolean> {
  const r = await tx.query("UPDATE calendar_feed SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", [
    id,
    at,
  ]);
  return r.rowCount === 1;
}

/** Records the last fetch, at most once a minute per feed (calendar clients poll). */
export async function touchCalendarFeed(q: Queryable, id: string, at: Date): Promise<void> {
  await q.query(
    `UPDATE calendar_feed SET last_used_at = $2
     WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`,
    [id, at],
  );
}
