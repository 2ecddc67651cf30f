import type { ErrorCode } from "../domain/errors.js";

/** RFC 9457 problem details, as every API error is returned (`application/problem+json`). */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** Stable machine-readable code; clients branch on this, never on `detail`. */
  readonly code: ErrorCode;
  readonly instance?: string;
  /** Field-level problems, for validation failures. */
  readonly errors?: readonly ProblemField[];
}

export interface ProblemField {
  readonly path: string;
  readonly message: string;
  readonly code?: string;
  readonly line?: number;
  readonly column?: number;
  readonly file?: string;
}

const statusByCode: Record<ErrorCode, { status: number; title: string }> = {
  "bad-request": { status: 400, title: "Bad request" },
  "validation-failed": { status: 422, title: "Validation failed" },
  "estate-invalid": { status: 422, title: "Estate invalid" },
  unauthenticated: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Forbidden" },
  "mfa-required": { status: 403, title: "Multi-factor sign-in required" },
  "not-found": { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict" },
  "invalid-transition": { status: 409, title: "Not allowed in this state" },
  "separation-of-duties": { status: 403, title: "Separation of duties" },
  "release-blocked": { status: 409, title: "Blocked by release governance" },
  "payload-too-large": { status: 413, title: "Payload too large" },
  "data-dir-locked": { status: 409, title: "Data directory locked" },
  "infrastructure-unavailable": { status: 503, title: "Service unavailable" },
  "config-invalid": { status: 500, title: "Server misconfigured" },
  "manifest-parse-error": { status: 422, title: "Manifest invalid" },
  "git-error": { status: 422, title: "Git error" },
  internal: { status: 500, title: "Internal error" },
};

/** The one place where error codes become HTTP statuses. */
export function problemFor(
  code: ErrorCode,
  detail: string,
  instance?: string,
  errors?: readonly ProblemField[],
): Problem {
  const { status, title } = statusByCode[code];
  return {
    type: `https://orc.dev/problems/${code}`,
    title,
    status,
    detail,
    code,
    ...(instance ? { instance } : {}),
    ...(errors && errors.length ? { errors } : {}),
  };
}
