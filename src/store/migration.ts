import { createHash } from "node:crypto";
import { OrcError } from "../domain/errors.js";
import type { Db } from "./db.js";

/** A versioned schema change: statements run in order, one per query call, in one transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/** What `migrate` did. */
export interface MigrationReport {
  readonly applied: readonly number[];
  readonly current: number;
}

// Arbitrary constant: every orc replica takes the same advisory lock, so only one migrates at a time.
const MIGRATION_LOCK_KEY = 7_215_442_001;

/** SHA-256 over the statements: an applied migration whose text changed afterwards is refused. */
export function migrationChecksum(m: Migration): string {
  return createHash("sha256").update(m.statements.join("\n;\n")).digest("hex");
}

/**
 * Applies pending migrations in version order, all in one transaction under an advisory lock (DDL is
 * transactional in PostgreSQL: a failure leaves the schema untouched). Refuses a database migrated by a
 * newer orc, or one whose applied migration differs from the code's.
 */
export async function migrate(db: Db, migrations: readonly Migration[], now: Date): Promise<MigrationReport> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL
    )`);
    const { rows } = await tx.query<{ version: number; name: string; checksum: string }>(
      "SELECT version, name, checksum FROM schema_migration ORDER BY version",
    );
    const known = new Map(migrations.map((m) => [m.version, m]));
    for (const row of rows) {
      const m = known.get(row.version);
      if (!m) {
        throw new OrcError(
          "config-invalid",
          `the database has schema version ${row.version} (${row.name}), newer than this orc knows; upgrade orc`,
        );
      }
      if (migrationChecksum(m) !== row.checksum) {
        throw new OrcError(
          "config-invalid",
          `applied migration ${row.version} (${row.name}) differs from this orc's copy`,
        );
      }
    }
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      for (const sql of m.statements) await tx.query(sql);
      await tx.query(
        "INSERT INTO schema_migration (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
        [m.version, m.name, migrationChecksum(m), now],
      );
      applied.push(m.version);
    }
    const current = Math.max(0, ...rows.map((r) => r.version), ...applied);
    return { applied, current };
  });
}
