import type { Migration } from "../migration.js";

const refuseChange = `CREATE FUNCTION orc_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END
$$`;

/** Audit chain, signed checkpoints, API tokens and the estate revisions the server has loaded. */
export const foundation: Migration = {
  version: 1,
  name: "foundation",
  statements: [
    `CREATE TABLE audit_event (
      seq bigint PRIMARY KEY CHECK (seq > 0),
      ts timestamptz NOT NULL,
      actor text NOT NULL,
      action text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      payload jsonb NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL UNIQUE
    )`,
    `CREATE INDEX audit_event_ts ON audit_event (ts)`,
    // Events recorded by state changes, in the same transaction as the change, waiting to be sealed into
    // the chain. Only the sealer (holding the chain head lock) moves them into audit_event, in batches:
    // one chain writer and one fsync per batch instead of a chain-wide lock held across every commit.
    `CREATE TABLE audit_pending (
      id bigserial PRIMARY KEY,
      ts timestamptz NOT NULL,
      actor text NOT NULL,
      action text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      payload jsonb NOT NULL
    )`,
    `CREATE INDEX audit_event_subject ON audit_event (subject_type, subject_id)`,
    `CREATE INDEX audit_event_action ON audit_event (action)`,
    // The chain head, locked FOR UPDATE by every appender: one writer at a time, no fork, no gap.
    `CREATE TABLE audit_head (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      seq bigint NOT NULL,
      hash text NOT NULL
    )`,
    `INSERT INTO audit_head (singleton, seq, hash) VALUES (true, 0, '${"0".repeat(64)}')`,
    refuseChange,
    `CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION orc_refuse_change()`,
    `CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION orc_refuse_change()`,
    `CREATE TABLE audit_checkpoint (
      size bigint PRIMARY KEY CHECK (size > 0),
      root text NOT NULL,
      note text NOT NULL,
      frontier jsonb NOT NULL,
      created_at timestamptz NOT NULL
    )`,
    `CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
      FOR EACH ROW EXECUTE FUNCTION orc_refuse_change()`,
    `CREATE TABLE api_token (
      id text PRIMARY KEY,
      secret_hash text NOT NULL,
      user_name text NOT NULL,
      roles jsonb NOT NULL,
      description text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    )`,
    `CREATE TABLE estate_revision (
      id bigserial PRIMARY KEY,
      content_hash text NOT NULL,
      source text NOT NULL,
      loaded_at timestamptz NOT NULL,
      loaded_by text NOT NULL,
      summary jsonb NOT NULL
    )`,
  ],
};
