import type { Db } from "./db.js";
import { openEmbedded } from "./backends/embedded.js";
import { openPostgres } from "./backends/postgres.js";
import { migrate, type MigrationReport } from "./migration.js";
import { migrations } from "./migrations/index.js";

/** Where the store lives: a PostgreSQL server URL, or else the embedded database in `dataDir`. */
export interface StoreLocation {
  /** `postgres://…`; when absent the embedded database is used. */
  readonly databaseUrl?: string;
  /** Data directory for the embedded database (`memory://` for a throwaway one). */
  readonly dataDir: string;
}

/** Opens the store and applies pending migrations. */
export async function openDb(
  location: StoreLocation,
  now: () => Date = () => new Date(),
): Promise<{ db: Db; migrations: MigrationReport }> {
  const db = location.databaseUrl
    ? await openPostgres({ connectionString: location.databaseUrl })
    : await openEmbedded({ dataDir: location.dataDir });
  try {
    const report = await migrate(db, migrations, now());
    return { db, migrations: report };
  } catch (e) {
    await db.close();
    throw e;
  }
}
