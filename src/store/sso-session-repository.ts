import type { Role } from "../domain/identity/role.js";
import type { Queryable } from "./db.js";

/** A single sign-on session as stored: never the cookie secret, only its hash. */
export interface StoredSsoSession {
  readonly idHash: string;
  readonly user: string;
  readonly subject: string;
  readonly issuer: string;
  /** Roles granted at sign-in (a record; requests recompute them from the estate). */
  readonly roles: readonly Role[];
  readonly groups: readonly string[];
  readonly amr: readonly string[];
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt?: string;
}

interface SessionRow {
  id_hash: string;
  user_name: string;
  subject: string;
  issuer: string;
  roles: Role[];
  groups: string[];
  amr: string[];
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = "id_hash, user_name, subject, issuer, roles, groups, amr, created_at, expires_at, revoked_at";

function toSession(r: SessionRow): StoredSsoSession {
  return {
    idHash: r.id_hash,
    user: r.user_name,
    subject: r.subject,
    issuer: r.issuer,
    roles: r.roles,
    groups: r.groups,
    amr: r.amr,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    ...(r.revoked_at ? { revokedAt: r.revoked_at.toISOString() } : {}),
  };
}

export async function insertSsoSession(tx: Queryable, s: Omit<StoredSsoSession, "revokedAt">): Promise<void> {
  await tx.query(
    `INSERT INTO sso_session (id_hash, user_name, subject, issuer, roles, groups, amr, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9)`,
    [
      s.idHash,
      s.user,
      s.subject,
      s.issuer,
      JSON.stringify(s.roles),
      JSON.stringify(s.groups),
      JSON.stringify(s.amr),
      s.createdAt,
      s.expiresAt,
    ],
  );
}

export async function findSsoSession(q: Queryable, idHash: string): Promise<StoredSsoSession | undefined> {
  const { rows } = await q.query<SessionRow>(`SELECT ${COLUMNS} FROM sso_session WHERE id_hash = $1`, [
    idHash,
  ]);
  return rows[0] ? toSession(rows[0]) : undefined;
}

/** Marks a session revoked; false when it does not exist or was already revoked. */
export async function revokeSsoSession(tx: Queryable, idHash: string, at: Date): Promise<boolean> {
  const r = await tx.query(
    "UPDATE sso_session SET revoked_at = $2 WHERE id_hash = $1 AND revoked_at IS NULL",
    [idHash, at],
  );
  return r.rowCount === 1;
}

/** Deletes sessions that ended before `before` (their sign-in and sign-out stay in the audit trail). */
export async function deleteSsoSessionsEndedBefore(q: Queryable, before: Date): Promise<number> {
  const r = await q.query("DELETE FROM sso_session WHERE expires_at < $1", [before]);
  return r.rowCount;
}
