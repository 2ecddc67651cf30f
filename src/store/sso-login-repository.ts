import type { Queryable } from "./db.js";

/** A sign-in in progress: keyed by the hash of the browser's login cookie. */
export interface StoredSsoLogin {
  readonly idHash: string;
  /** A path on this server, already checked. */
  readonly returnTo: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

interface LoginRow {
  id_hash: string;
  return_to: string;
  created_at: Date;
  expires_at: Date;
}

export async function insertSsoLogin(q: Queryable, l: StoredSsoLogin): Promise<void> {
  await q.query(
    "INSERT INTO sso_login (id_hash, return_to, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    [l.idHash, l.returnTo, l.createdAt, l.expiresAt],
  );
}

/**
 * Removes and returns the sign-in, in one statement: of two callbacks racing with the same cookie, exactly
 * one gets it. Expired ones are returned too, so the caller can say "expired" rather than "unknown".
 */
export async function takeSsoLogin(q: Queryable, idHash: string): Promise<StoredSsoLogin | undefined> {
  const { rows } = await q.query<LoginRow>(
    "DELETE FROM sso_login WHERE id_hash = $1 RETURNING id_hash, return_to, created_at, expires_at",
    [idHash],
  );
  const r = rows[0];
  return r
    ? {
        idHash: r.id_hash,
        returnTo: r.return_to,
        createdAt: r.created_at.toISOString(),
        expiresAt: r.expires_at.toISOString(),
      }
    : undefined;
}

/** Deletes sign-ins abandoned before `now` (the browser never came back). */
export async function deleteExpiredSsoLogins(q: Queryable, now: Date): Promise<number> {
  const r = await q.query("DELETE FROM sso_login WHERE expires_at < $1", [now]);
  return r.rowCount;
}
