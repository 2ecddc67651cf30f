import type { Migration } from "../migration.js";

/**
 * Business calendars beyond the estate file: windows added through the API and by ICS imports (an
 * overlay on the estate's calendars), the last run of each import, and calendar feed subscriptions.
 */
export const calendarOverlay: Migration = {
  version: 3,
  name: "calendar-overlay",
  statements: [
    // Bumped in every transaction that changes calendar_window, so that each replica knows when to
    // rebuild its calendars (one row read per request) and feeds get a new ETag. Writers lock it
    // FOR UPDATE first: overlay changes are serialized.
    `CREATE TABLE calendar_overlay (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      revision bigint NOT NULL,
      updated_at timestamptz
    )`,
    `INSERT INTO calendar_overlay (singleton, revision, updated_at) VALUES (true, 0, NULL)`,
    // A window on top of an estate calendar. The estate file stays the source of truth for what it
    // declares: the server ignores a row whose calendar or import the estate no longer has. `spec` is
    // the window as the calendar schema validated it (re-validated when read).
    `CREATE TABLE calendar_window (
      calendar text NOT NULL,
      name text NOT NULL,
      origin text NOT NULL CHECK (origin IN ('api', 'import')),
      import_name text,
      uid text,
      spec jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (calendar, name),
      CHECK ((origin = 'import') = (import_name IS NOT NULL))
    )`,
    `CREATE INDEX calendar_window_import ON calendar_window (import_name) WHERE import_name IS NOT NULL`,
    // The last successful run of each ICS import.
    `CREATE TABLE calendar_import (
      name text PRIMARY KEY,
      calendar text NOT NULL,
      source text NOT NULL,
      content_hash text NOT NULL,
      windows integer NOT NULL,
      skipped integer NOT NULL,
      imported_at timestamptz NOT NULL,
      imported_by text NOT NULL
    )`,
    // A subscription to one environment's ICS feed. The URL carries the secret (calendar clients
    // cannot send headers); only its SHA-256 is stored.
    `CREATE TABLE calendar_feed (
      id text PRIMARY KEY,
      secret_hash text NOT NULL,
      environment text NOT NULL,
      description text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      revoked_at timestamptz,
      last_used_at timestamptz
    )`,
  ],
};
