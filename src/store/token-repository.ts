import type { Role } from "../domain/identity/role.js";
import type { Queryable } from "./db.js";

/** An API token as stored: never the secret, only its hash. */
export interface StoredToken {
  readonly id: string;
  readonly secretHash: string;
  readonly user: string;
  readonly roles: readonly Role[];
  readonly description: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly expiresAt?: string;
  readonly revokedAt?: string;
  readonly lastUsedAt?: string;
}

interface TokenRow {
  id: string;
  secret_hash: string;
  user_name: string;
  roles: Role[];
  description: string;
  created_at: Date;
  created_by: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const COLUMNS =
  "id, secret_hash, user_name, roles, description, created_at, created_by, expires_at, revoked_at, last_used_at";

function toToken(r: TokenRow): StoredToken {
  return {
    id: r.id,
    secretHash: r.secret_hash,
    user: r.user_name,
    roles: r.roles,
    description: r.description,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    ...(r.expires_at ? { expiresAt: r.expires_at.toISOString() } : {}),
    ...(r.revoked_at ? { revokedAt: r.revoked_at.toISOString() } : {}),
    ...(r.last_used_at ? { lastUsedAt: r.last_used_at.toISOString() } : {}),
  };
}

export async function insertToken(
  tx: Queryable,
  t: Omit<StoredToken, "lastUsedAt" | "revokedAt">,
): Promise<void> {
  await tx.query(
    `INSERT INTO api_token (id, secret_hash, user_name, roles, description, created_at, created_by, expires_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)`,
    [
      t.id,
      t.secretHash,
      t.user,
      JSON.stringify(t.roles),
      t.description,
      t.createdAt,
      t.createdBy,
      t.expiresAt ?? null,
    ],
  );
}

export async function findToken(q: Queryable, id: string): Promise<StoredToken | undefined> {
  const { rows } = await q.query<TokenRow>(`SELECT ${COLUMNS} FROM api_token WHERE id = $1`, [id]);
  return rows[0] ? toToken(rows[0]) : undefined;
}

export async function listTokens(q: Queryable): Promise<StoredToken[]> {
  const { rows } = await q.query<TokenRow>(`SELECT ${COLUMNS} FROM api_token ORDER BY created_at, id`);
  return rows.map(toToken);
}

/** Marks a token revoked; false when it does not exist or was already revoked. */
export async function revokeToken(tx: Queryable, id: string, at: Date): Promise<boolean> {
  const r = await tx.query("UPDATE api_token SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", [
    id,
    at,
  ]);
  return r.rowCount === 1;
}

/** Records the last use, at most once a minute per token to keep writes off the hot path. */
export async function touchToken(q: Queryable, id: string, at: Date): Promise<void> {
  await q.query(
    `UPDATE api_token SET last_used_at = $2
     WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`,
    [id, at],
  );
}

export async function countTokens(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>("SELECT count(*)::int8 AS n FROM api_token");
  return rows[0]?.n ?? 0;
}
