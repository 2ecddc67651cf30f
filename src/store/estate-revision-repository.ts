import type { Queryable } from "./db.js";

/** Records that the server put an estate revision in force. */
export async function insertEstateRevision(
  tx: Queryable,
  r: {
    hash: string;
    source: string;
    loadedAt: string;
    loadedBy: string;
    summary: Readonly<Record<string, unknown>>;
  },
): Promise<void> {
  await tx.query(
    "INSERT INTO estate_revision (content_hash, source, loaded_at, loaded_by, summary) VALUES ($1, $2, $3, $4, $5::jsonb)",
    [r.hash, r.source, r.loadedAt, r.loadedBy, JSON.stringify(r.summary)],
  );
}

/**
 * When the server first put the estate with this content hash in force, whatever restarts and
 * reloads came after: a stable "last modified" for what is derived from that estate (feed DTSTAMPs).
 */
export async function firstLoadOfEstate(q: Queryable, hash: string): Promise<Date | undefined> {
  const { rows } = await q.query<{ first: Date | null }>(
    "SELECT min(loaded_at) AS first FROM estate_revision WHERE content_hash = $1",
    [hash],
  );
  return rows[0]?.first ?? undefined;
}
