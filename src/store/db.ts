/** The two store backends: one PostgreSQL dialect, two ways to reach it. */
export type Backend = "embedded" | "postgres";

export interface QueryResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

/** Anything that runs one SQL statement with positional parameters (`$1`, `$2`, ...). */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

/**
 * A database handle. Inside `transaction`, use only the handle the callback receives: on the embedded
 * backend the outer handle waits for the transaction to end (a deadlock), and on a server it would
 * silently run outside the transaction.
 *
 * Type alignment across backends: int8 and int4 come back as JS numbers, numeric as strings,
 * timestamptz as Date, json/jsonb parsed.
 */
export interface Db extends Queryable {
  readonly backend: Backend;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
