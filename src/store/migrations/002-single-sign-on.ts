import type { Migration } from "../migration.js";

/** Single sign-on: server-side sessions and sign-ins in progress, both keyed by the hash of a browser secret. */
export const singleSignOn: Migration = {
  version: 2,
  name: "single-sign-on",
  statements: [
    // A signed-in person. The cookie holds the secret; only its SHA-256 is stored. Roles are recomputed
    // from the estate on every request (user and groups are kept for that); `roles` records the grant at
    // sign-in.
    `CREATE TABLE sso_session (
      id_hash text PRIMARY KEY,
      user_name text NOT NULL,
      subject text NOT NULL,
      issuer text NOT NULL,
      roles jsonb NOT NULL,
      groups jsonb NOT NULL,
      amr jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    )`,
    `CREATE INDEX sso_session_expires ON sso_session (expires_at)`,
    // A sign-in between /auth/login and /auth/callback, bound to the browser by a cookie whose hash is the
    // key. state, nonce and the PKCE verifier are derived from that cookie, so none is stored. Deleted
    // when the callback uses it: a replayed callback finds nothing.
    `CREATE TABLE sso_login (
      id_hash text PRIMARY KEY,
      return_to text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`,
    `CREATE INDEX sso_login_expires ON sso_login (expires_at)`,
  ],
};
