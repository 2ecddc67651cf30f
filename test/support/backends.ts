import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { Backend, Db } from "../../src/store/index.js";
import { migrationChecksum } from "../../src/store/migration.js";
import { migrations, openDb } from "../../src/store/index.js";

/** Backends the repository suites run against: `ORC_TEST_BACKENDS=embedded,postgres` (the default). */
export function testBackends(): Backend[] {
  const raw = process.env.ORC_TEST_BACKENDS ?? "embedded,postgres";
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s): s is Backend => s === "embedded" || s === "postgres");
}

/** The PostgreSQL server the `postgres` backend tests use (a fresh database is created per store). */
export function testServerUrl(): string {
  return process.env.ORC_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

/** A fresh, migrated store on a backend, and a function that closes and deletes it. */
export interface TestStore {
  readonly db: Db;
  readonly backend: Backend;
  /** For the postgres backend: the URL of the fresh database. */
  readonly databaseUrl?: string;
  /** For the embedded backend: its data directory. */
  readonly dataDir: string;
  dispose(): Promise<void>;
}

export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `orc_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: testServerUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function openTestStore(backend: Backend, now?: () => Date): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), "orc-test-"));
  if (backend === "embedded") {
    await prepareEmbeddedDataDir(dataDir);
    const { db } = await openDb({ dataDir }, now);
    return {
      db,
      backend,
      dataDir,
      dispose: async () => {
        await db.close().catch(() => undefined);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const database = await createTestDatabase();
  const { db } = await openDb({ databaseUrl: database.url, dataDir }, now);
  return {
    db,
    backend,
    databaseUrl: database.url,
    dataDir,
    dispose: async () => {
      await db.close().catch(() => undefined);
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Fills `dataDir` with a copy of a migrated embedded database (fast: no initdb). */
export async function prepareEmbeddedDataDir(dataDir: string): Promise<void> {
  cpSync(await embeddedTemplate(), dataDir, { recursive: true });
}

/**
 * A migrated embedded data directory, created once per schema version and copied for each test store:
 * initializing PGlite takes seconds, copying its files a few milliseconds.
 */
async function embeddedTemplate(): Promise<string> {
  const key = migrationChecksum({
    version: 0,
    name: "all",
    statements: migrations.flatMap((m) => m.statements),
  }).slice(0, 16);
  const template = join(tmpdir(), `orc-embedded-template-${key}`);
  if (existsSync(join(template, "ready"))) return template;
  const building = mkdtempSync(join(tmpdir(), "orc-embedded-building-"));
  const { db } = await openDb({ dataDir: building });
  await db.close();
  writeFileSync(join(building, "ready"), "");
  try {
    renameSync(building, template);
  } catch {
    // another test file built it first
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}
