import type { ErrorCode } from "../domain/errors.js";

/**
 * Exit codes of every `orc` command, documented in `orc --help` and the README.
 * 0 success; 1 the answer is "no" (invalid estate, blocking finding, broken chain, blocked decision);
 * 2 bad usage (arguments); 3 not found; 4 authentication or authorization; 5 infrastructure unavailable;
 * 6 conflict (e.g. data directory locked); 70 internal error (a bug).
 */
export const ExitCode = {
  ok: 0,
  no: 1,
  usage: 2,
  notFound: 3,
  auth: 4,
  unavailable: 5,
  conflict: 6,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const byErrorCode: Record<ErrorCode, ExitCode> = {
  "bad-request": ExitCode.usage,
  "validation-failed": ExitCode.no,
  "estate-invalid": ExitCode.no,
  unauthenticated: ExitCode.auth,
  forbidden: ExitCode.auth,
  "mfa-required": ExitCode.auth,
  "not-found": ExitCode.notFound,
  conflict: ExitCode.conflict,
  "invalid-transition": ExitCode.conflict,
  "separation-of-duties": ExitCode.auth,
  "release-blocked": ExitCode.no,
  "payload-too-large": ExitCode.usage,
  "data-dir-locked": ExitCode.conflict,
  "infrastructure-unavailable": ExitCode.unavailable,
  "config-invalid": ExitCode.usage,
  "manifest-parse-error": ExitCode.no,
  "git-error": ExitCode.usage,
  internal: ExitCode.internal,
};

/** The exit code for an error code: the one place where the CLI maps them. */
export function exitCodeFor(code: ErrorCode): ExitCode {
  return byErrorCode[code];
}
