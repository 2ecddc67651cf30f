import type { Migration } from "../migration.js";

const states = `('draft', 'submitted', 'approved', 'scheduled', 'running', 'succeeded', 'failed', 'rolled-back', 'rejected', 'cancelled')`;

/**
 * Release governance: releases (with a version for optimistic concurrency, the plan and its hash),
 * approvals bound to a plan hash and image digest, evidence (the parsed report, never the raw file),
 * waivers and the lifecycle history.
 */
export const releases: Migration = {
  version: 4,
  name: "releases",
  statements: [
    `CREATE TABLE release (
      id bigserial PRIMARY KEY,
      version integer NOT NULL CHECK (version > 0),
      tenant text NOT NULL,
      environments text[] NOT NULL CHECK (cardinality(environments) > 0),
      addons jsonb NOT NULL,
      image_digest text NOT NULL,
      plan jsonb NOT NULL,
      plan_hash text NOT NULL,
      plan_strategy text NOT NULL,
      plan_impact text NOT NULL,
      tier text NOT NULL,
      summary text NOT NULL,
      rollback_intent jsonb NOT NULL,
      requested_start timestamptz,
      duration text NOT NULL,
      scheduled_start timestamptz,
      requester text NOT NULL,
      authors jsonb NOT NULL,
      state text NOT NULL CHECK (state IN ${states}),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      submitted_at timestamptz,
      approved_at timestamptz,
      started_at timestamptz,
      completed_at timestamptz,
      review_due_at timestamptz,
      review_filed_at timestamptz,
      review jsonb
    )`,
    `CREATE INDEX release_state ON release (state, id)`,
    `CREATE INDEX release_tenant ON release (tenant, id)`,
    `CREATE INDEX release_environments ON release USING gin (environments)`,
    // The schedule: what a decision checks for conflicts.
    `CREATE INDEX release_on_schedule ON release USING gin (environments) WHERE state IN ('scheduled', 'running')`,
    `CREATE INDEX release_review_open ON release (review_due_at) WHERE review_due_at IS NOT NULL AND review_filed_at IS NULL`,
    `CREATE TABLE release_approval (
      id bigserial PRIMARY KEY,
      release_id bigint NOT NULL REFERENCES release (id),
      approver text NOT NULL,
      role text NOT NULL,
      decision text NOT NULL CHECK (decision IN ('approve', 'reject')),
      comment text NOT NULL,
      plan_hash text NOT NULL,
      image_digest text NOT NULL,
      created_at timestamptz NOT NULL,
      voided_at timestamptz,
      void_reason text
    )`,
    // One active (not voided) vote per person per release.
    `CREATE UNIQUE INDEX release_approval_active ON release_approval (release_id, approver) WHERE voided_at IS NULL`,
    `CREATE INDEX release_approval_release ON release_approval (release_id, id)`,
    `CREATE TABLE release_evidence (
      id bigserial PRIMARY KEY,
      release_id bigint NOT NULL REFERENCES release (id),
      type text NOT NULL,
      gate text NOT NULL,
      sha256 text NOT NULL,
      size_bytes integer NOT NULL,
      uploaded_by text NOT NULL,
      uploaded_at timestamptz NOT NULL,
      file_name text NOT NULL,
      report jsonb NOT NULL,
      warnings jsonb NOT NULL
    )`,
    // The latest evidence per gate is what a decision reads.
    `CREATE INDEX release_evidence_latest ON release_evidence (release_id, gate, uploaded_at DESC, id DESC)`,
    `CREATE TABLE release_waiver (
      id bigserial PRIMARY KEY,
      release_id bigint NOT NULL REFERENCES release (id),
      gate text NOT NULL,
      subject text NOT NULL,
      owner text NOT NULL,
      reason text NOT NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL
    )`,
    `CREATE INDEX release_waiver_release ON release_waiver (release_id)`,
    `CREATE TABLE release_transition (
      id bigserial PRIMARY KEY,
      release_id bigint NOT NULL REFERENCES release (id),
      action text NOT NULL,
      from_state text NOT NULL,
      to_state text NOT NULL,
      actor text NOT NULL,
      at timestamptz NOT NULL,
      details jsonb NOT NULL
    )`,
    `CREATE INDEX release_transition_release ON release_transition (release_id, id)`,
  ],
};
