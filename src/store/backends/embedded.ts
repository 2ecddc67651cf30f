import { join } from "node:path";
import { PGlite, types } from "@electric-sql/pglite";
import type { Db, Queryable, QueryResult } from "../db.js";
import { lockDataDir } from "../data-dir-lock.js";
import { classifyPgError } from "./pg-errors.js";

/** Options for the embedded backend. */
export interface EmbeddedOptions {
  /** Directory holding the database (in `pg/`) and the lock file; `memory://` for a throwaway database. */
  readonly dataDir: string;
}

/**
 * The embedded PostgreSQL (PGlite, WASM): no server to install. It is a single session, so
 * transactions serialize; the directory is locked so a second process cannot open it.
 */
export async function openEmbedded(options: EmbeddedOptions): Promise<Db> {
  const inMemory = options.dataDir === "memory://";
  const lock = inMemory ? undefined : lockDataDir(options.dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(inMemory ? undefined : join(options.dataDir, "pg"), {
      // Same types as the server backend (int8 is already a number here; keep it explicit).
      parsers: { [types.INT8]: (v: string) => Number(v) },
    });
  } catch (e) {
    lock?.release();
    throw e;
  }
  const run = async <R>(
    q: Pick<PGlite, "query">,
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>> => {
    try {
      const r = await q.query<R>(sql, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    } catch (e) {
      throw classifyPgError(e);
    }
  };
  return {
    backend: "embedded",
    query: (sql, params) => run(pglite, sql, params),
    transaction: (fn) =>
      pglite.transaction(async (t) => {
        const tx: Queryable = { query: (sql, params) => run(t, sql, params) };
        return fn(tx);
      }),
    async close() {
      try {
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}
