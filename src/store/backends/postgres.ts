import pg from "pg";
import { OrcError } from "../../domain/errors.js";
import type { Db, Queryable, QueryResult } from "../db.js";
import { classifyPgError } from "./pg-errors.js";

const INT8_OID = 20;

/** int8 as a JS number, like the embedded backend; values beyond 2^53 are a broken invariant here. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n))
    throw new OrcError("internal", `int8 value ${text} exceeds the safe integer range`);
  return n;
}

const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID) return parseInt8;
    return pg.types.getTypeParser(oid, format as "text");
  },
} as unknown as pg.CustomTypesConfig;

/** Options for a PostgreSQL server backend. */
export interface PostgresOptions {
  readonly connectionString: string;
  /** @default 10 */
  readonly maxConnections?: number;
}

/** Opens a pool to a PostgreSQL server (≥ 15) and checks that it answers. */
export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    types,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  const run = async <R>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>> => {
    try {
      const r = await client.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    } catch (e) {
      throw classifyPgError(e);
    }
  };
  try {
    await run(pool, "SELECT 1");
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
  return {
    backend: "postgres",
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw classifyPgError(e);
      }
      const tx: Queryable = { query: (sql, params) => run(client, sql, params) };
      try {
        await run(client, "BEGIN");
        const result = await fn(tx);
        await run(client, "COMMIT");
        return result;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
