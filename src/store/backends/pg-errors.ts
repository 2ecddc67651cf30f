import { OrcError } from "../../domain/errors.js";

/**
 * Raw PostgreSQL failures are classified once, here: connection problems become a retryable
 * `infrastructure-unavailable`, constraint violations keep their SQLSTATE so repositories can turn them
 * into domain outcomes, anything else is a bug (`internal`). Messages never include parameters.
 */
export function classifyPgError(e: unknown): Error {
  if (e instanceof OrcError) return e;
  const err = e as { code?: string; message?: string; constraint?: string };
  const code = typeof err.code === "string" ? err.code : undefined;
  if (code && /^(08|57P0|53)/.test(code)) {
    return new OrcError("infrastructure-unavailable", `database unavailable (${code})`, { sqlstate: code });
  }
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || code === "ECONNRESET") {
    return new OrcError("infrastructure-unavailable", `database unreachable (${code})`, { cause: code });
  }
  if (!code && /timeout|terminated|Connection/i.test(err.message ?? "")) {
    return new OrcError("infrastructure-unavailable", "database connection failed");
  }
  return new DatabaseError(err.message ?? String(e), code, err.constraint);
}

/** A PostgreSQL error with its SQLSTATE (`23505` unique violation, `P0001` raised by a trigger, ...). */
export class DatabaseError extends Error {
  override readonly name = "DatabaseError";
  constructor(
    message: string,
    readonly sqlstate: string | undefined,
    readonly constraint: string | undefined,
  ) {
    super(message);
  }
}

/** True for a unique-constraint violation. */
export function isUniqueViolation(e: unknown): boolean {
  return e instanceof DatabaseError && e.sqlstate === "23505";
}
