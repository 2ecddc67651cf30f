import { execFile } from "node:child_process";
import { mkdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/**
 * The real Odoo 16.0 retail database fixture, vendored in `test/fixtures/odoo16` (from the team's shared
 * fixtures, unchanged; see its README) so that a clean clone on a fresh CI machine has it.
 */
export const ODOO16_DIR =
  process.env.ORC_ODOO16_FIXTURES ?? resolve(import.meta.dirname, "../fixtures/odoo16");
export const FIXTURE_DB = "orc_test_odoo16_fixture";
export const PG = {
  host: process.env.ORC_TEST_PGHOST ?? "127.0.0.1",
  port: Number(process.env.ORC_TEST_PGPORT ?? 5432),
  user: process.env.ORC_TEST_PGUSER ?? "postgres",
};
export const FIXTURE_URL = `postgres://${PG.user}@${PG.host}:${PG.port}/${FIXTURE_DB}`;

const EXPECTED_MODULES = 554;
const EXPECTED_INSTALLED = 61;

async function query<T extends pg.QueryResultRow>(
  database: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ ...PG, database, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function fixtureIsComplete(): Promise<boolean> {
  const exists = await query("postgres", "SELECT 1 FROM pg_database WHERE datname = $1", [FIXTURE_DB]);
  if (exists.length === 0) return false;
  try {
    const rows = await query<{ total: string; installed: string }>(
      FIXTURE_DB,
      "SELECT count(*) AS total, count(*) FILTER (WHERE state = 'installed') AS installed FROM ir_module_module",
    );
    return Number(rows[0]?.total) === EXPECTED_MODULES && Number(rows[0]?.installed) === EXPECTED_INSTALLED;
  } catch {
    return false;
  }
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), `${FIXTURE_DB}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // removed meanwhile
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`, { cause: e });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Restores the real Odoo 16 retail dump into the machine's PostgreSQL once (reused when it is already
 * there with the right module count). Throws when PostgreSQL is unreachable: the tests must fail,
 * never skip silently.
 */
export async function ensureOdoo16Fixture(): Promise<string> {
  if (await fixtureIsComplete()) return FIXTURE_URL;
  return withLock(async () => {
    if (await fixtureIsComplete()) return FIXTURE_URL;
    const tmp = `${FIXTURE_DB}_restoring`;
    const conn = ["-h", PG.host, "-p", String(PG.port), "-U", PG.user];
    await query("postgres", `DROP DATABASE IF EXISTS ${tmp}`);
    await query("postgres", `DROP DATABASE IF EXISTS ${FIXTURE_DB}`);
    await run("createdb", [...conn, "-T", "template0", "-E", "UTF8", "--lc-collate=C", "--lc-ctype=C", tmp]);
    await run(
      "pg_restore",
      [...conn, "--no-owner", "--no-acl", "-d", tmp, join(ODOO16_DIR, "retail_fixture.dump")],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    await query("postgres", `ALTER DATABASE ${tmp} RENAME TO ${FIXTURE_DB}`);
    if (!(await fixtureIsComplete()))
      throw new Error(`restored ${FIXTURE_DB} but its module counts are wrong`);
    return FIXTURE_URL;
  });
}
