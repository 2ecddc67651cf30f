import type { Migration } from "../migration.js";

/**
 * Notifications: the outbox of webhook deliveries (one row per event and webhook, written in the
 * transaction of the release change) and the log of every delivery attempt. A row is claimed with a
 * lease (`lease_owner`, `lease_until`); a lease that expires makes the row due again, so a deliverer that
 * died mid-attempt is replaced (at-least-once; `message_id` stays the same so receivers can dedupe).
 */
export const notifications: Migration = {
  version: 5,
  name: "notifications",
  statements: [
    `CREATE TABLE notification_delivery (
      id bigserial PRIMARY KEY,
      message_id text NOT NULL UNIQUE,
      event_id text NOT NULL,
      webhook text NOT NULL,
      event_type text NOT NULL,
      release_id bigint REFERENCES release (id),
      payload jsonb NOT NULL,
      state text NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      max_attempts integer NOT NULL CHECK (max_attempts > 0),
      next_attempt_at timestamptz NOT NULL,
      lease_owner text,
      lease_until timestamptz,
      last_status integer,
      last_error text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      delivered_at timestamptz
    )`,
    // What the deliverers poll: due rows only.
    `CREATE INDEX notification_delivery_due ON notification_delivery (next_attempt_at, id) WHERE state = 'pending'`,
    `CREATE INDEX notification_delivery_webhook ON notification_delivery (webhook, id)`,
    `CREATE INDEX notification_delivery_release ON notification_delivery (release_id, id)`,
    `CREATE TABLE notification_attempt (
      id bigserial PRIMARY KEY,
      delivery_id bigint NOT NULL REFERENCES notification_delivery (id),
      attempt integer NOT NULL CHECK (attempt > 0),
      started_at timestamptz NOT NULL,
      duration_ms integer NOT NULL CHECK (duration_ms >= 0),
      status_code integer,
      outcome text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'dead', 'superseded')),
      error text,
      deliverer text NOT NULL
    )`,
    `CREATE INDEX notification_attempt_delivery ON notification_attempt (delivery_id, id)`,
  ],
};
