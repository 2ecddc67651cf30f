import type { Queryable } from "./db.js";

/** A window kept on top of an estate calendar, as stored. `spec` is re-validated by the caller. */
export interface StoredCalendarWindow {
  readonly calendar: string;
  readonly name: string;
  readonly origin: "api" | "import";
  readonly importName?: string;
  readonly uid?: string;
  readonly spec: unknown;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
}

/** The overlay's revision: bumped by every change of its windows. */
export interface OverlayRevision {
  readonly revision: number;
  /** When the overlay last changed; absent when it never did. */
  readonly updatedAt?: string;
}

/** The last successful run of an ICS import. */
export interface StoredImportRun {
  readonly name: string;
  readonly calendar: string;
  /** The URL fetched, or `upload`. */
  readonly source: string;
  readonly contentHash: string;
  readonly windows: number;
  readonly skipped: number;
  readonly importedAt: string;
  readonly importedBy: string;
}

interface WindowRow {
  calendar: string;
  name: string;
  origin: "api" | "import";
  import_name: string | null;
  uid: string | null;
  spec: unknown;
  created_at: Date;
  created_by: string;
  updated_at: Date;
}

const WINDOW_COLUMNS = "calendar, name, origin, import_name, uid, spec, created_at, created_by, updated_at";

function toWindow(r: WindowRow): StoredCalendarWindow {
  return {
    calendar: r.calendar,
    name: r.name,
    origin: r.origin,
    ...(r.import_name !== null ? { importName: r.import_name } : {}),
    ...(r.uid !== null ? { uid: r.uid } : {}),
    spec: r.spec,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The current overlay revision (one row; read on every calendar request). */
export async function overlayRevision(q: Queryable): Promise<OverlayRevision> {
  const { rows } = await q.query<{ revision: number; updated_at: Date | null }>(
    "SELECT revision, updated_at FROM calendar_overlay",
  );
  const row = rows[0];
  return row
    ? { revision: row.revision, ...(row.updated_at ? { updatedAt: row.updated_at.toISOString() } : {}) }
    : { revision: 0 };
}

/** Locks the overlay for a change: writers of calendar windows take turns. */
export async function lockOverlay(tx: Queryable): Promise<void> {
  await tx.query("SELECT revision FROM calendar_overlay FOR UPDATE");
}

/** Records that the overlay changed; returns the new revision. */
export async function bumpOverlay(tx: Queryable, at: Date): Promise<number> {
  const { rows } = await tx.query<{ revision: number }>(
    "UPDATE calendar_overlay SET revision = revision + 1, updated_at = $1 RETURNING revision",
    [at],
  );
  return rows[0]?.revision ?? 0;
}

/** Every overlay window, by calendar and name. */
export async function listCalendarWindows(q: Queryable): Promise<StoredCalendarWindow[]> {
  const { rows } = await q.query<WindowRow>(
    `SELECT ${WINDOW_COLUMNS} FROM calendar_window ORDER BY calendar, name`,
  );
  return rows.map(toWindow);
}

/** The overlay window `calendar/name`, if any. */
export async function findCalendarWindow(
  q: Queryable,
  calendar: string,
  name: string,
): Promise<StoredCalendarWindow | undefined> {
  const { rows } = await q.query<WindowRow>(
    `SELECT ${WINDOW_COLUMNS} FROM calendar_window WHERE calendar = $1 AND name = $2`,
    [calendar, name],
  );
  return rows[0] ? toWindow(rows[0]) : undefined;
}

/** Adds a window through the API; false when `calendar/name` is taken. */
export async function insertApiWindow(
  tx: Queryable,
  w: { calendar: string; name: string; spec: unknown; at: Date; by: string },
): Promise<boolean> {
  const r = await tx.query(
    `INSERT INTO calendar_window (calendar, name, origin, spec, created_at, created_by, updated_at)
     VALUES ($1, $2, 'api', $3::jsonb, $4, $5, $4)
     ON CONFLICT (calendar, name) DO NOTHING`,
    [w.calendar, w.name, JSON.stringify(w.spec), w.at, w.by],
  );
  return r.rowCount === 1;
}

/** Deletes a window added through the API; false when there is none. */
export async function deleteApiWindow(tx: Queryable, calendar: string, name: string): Promise<boolean> {
  const r = await tx.query(
    "DELETE FROM calendar_window WHERE calendar = $1 AND name = $2 AND origin = 'api'",
    [calendar, name],
  );
  return r.rowCount === 1;
}

/** The windows an import produced, by calendar and name. */
export async function listImportWindows(q: Queryable, importName: string): Promise<StoredCalendarWindow[]> {
  const { rows } = await q.query<WindowRow>(
    `SELECT ${WINDOW_COLUMNS} FROM calendar_window WHERE import_name = $1 ORDER BY calendar, name`,
    [importName],
  );
  return rows.map(toWindow);
}

/** Deletes some windows of an import, given as `{ calendar, name }` keys; returns how many went. */
export async function deleteImportWindows(
  tx: Queryable,
  importName: string,
  keys: readonly { readonly calendar: string; readonly name: string }[],
): Promise<number> {
  if (keys.length === 0) return 0;
  const r = await tx.query(
    `DELETE FROM calendar_window
     WHERE import_name = $1
       AND (calendar, name) IN (SELECT k.calendar, k.name FROM jsonb_to_recordset($2::jsonb) AS k(calendar text, name text))`,
    [importName, JSON.stringify(keys)],
  );
  return r.rowCount;
}

/** Inserts or replaces windows of an import, in one statement. */
export async function upsertImportWindows(
  tx: Queryable,
  importName: string,
  windows: readonly {
    readonly calendar: string;
    readonly name: string;
    readonly uid: string;
    readonly spec: unknown;
  }[],
  at: Date,
  by: string,
): Promise<void> {
  if (windows.length === 0) return;
  await tx.query(
    `INSERT INTO calendar_window (calendar, name, origin, import_name, uid, spec, created_at, created_by, updated_at)
     SELECT w.calendar, w.name, 'import', $1, w.uid, w.spec, $2::timestamptz, $3, $2::timestamptz
     FROM jsonb_to_recordset($4::jsonb) AS w(calendar text, name text, uid text, spec jsonb)
     ON CONFLICT (calendar, name) DO UPDATE
       SET uid = EXCLUDED.uid, spec = EXCLUDED.spec, updated_at = EXCLUDED.updated_at
       WHERE calendar_window.import_name = EXCLUDED.import_name`,
    [importName, at, by, JSON.stringify(windows)],
  );
}

interface ImportRow {
  name: string;
  calendar: string;
  source: string;
  content_hash: string;
  windows: number;
  skipped: number;
  imported_at: Date;
  imported_by: string;
}

/** Records the last successful run of an import. */
export async function saveImportRun(tx: Queryable, run: StoredImportRun): Promise<void> {
  await tx.query(
    `INSERT INTO calendar_import (name, calendar, source, content_hash, windows, skipped, imported_at, imported_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (name) DO UPDATE SET calendar = EXCLUDED.calendar, source = EXCLUDED.source,
       content_hash = EXCLUDED.content_hash, windows = EXCLUDED.windows, skipped = EXCLUDED.skipped,
       imported_at = EXCLUDED.imported_at, imported_by = EXCLUDED.imported_by`,
    [
      run.name,
      run.calendar,
      run.source,
      run.contentHash,
      run.windows,
      run.skipped,
      run.importedAt,
      run.importedBy,
    ],
  );
}

/** The last run of every import. */
export async function listImportRuns(q: Queryable): Promise<StoredImportRun[]> {
  const { rows } = await q.query<ImportRow>(
    "SELECT name, calendar, source, content_hash, windows, skipped, imported_at, imported_by FROM calendar_import ORDER BY name",
  );
  return rows.map((r) => ({
    name: r.name,
    calendar: r.calendar,
    source: r.source,
    contentHash: r.content_hash,
    windows: r.windows,
    skipped: r.skipped,
    importedAt: r.imported_at.toISOString(),
    importedBy: r.imported_by,
  }));
}
