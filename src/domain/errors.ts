/**
 * Stable error codes. The HTTP layer maps them to statuses (server/problem.ts) and the CLI to exit
 * codes (cli/exit-codes.ts), each in one place; nothing matches on message text.
 */
export type ErrorCode =
  | "bad-request"
  | "validation-failed"
  | "estate-invalid"
  | "unauthenticated"
  | "forbidden"
  | "mfa-required"
  | "not-found"
  | "conflict"
  | "invalid-transition"
  | "separation-of-duties"
  | "release-blocked"
  | "payload-too-large"
  | "data-dir-locked"
  | "infrastructure-unavailable"
  | "config-invalid"
  | "manifest-parse-error"
  | "git-error"
  | "internal";

/** An expected failure with a stable code and context safe to show to users (never secrets). */
export class OrcError extends Error {
  override readonly name = "OrcError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** True when `e` is an {@link OrcError}, optionally with the given code. */
export function isOrcError(e: unknown, code?: ErrorCode): e is OrcError {
  return e instanceof OrcError && (code === undefined || e.code === code);
}
