import type { FastifyRequest } from "fastify";
import { OrcError } from "../domain/errors.js";
import {
  hasAnyRole,
  matchesDerived,
  mfaSatisfied,
  type Principal,
  type Role,
} from "../domain/identity/index.js";
import type { SsoService } from "../services/sso-service.js";
import type { ServerContext } from "./context.js";
import { CSRF_HEADER, SESSION_COOKIE } from "./sso-cookies.js";

const failureMessage = {
  malformed: "the bearer token is not an orc token",
  unknown: "the bearer token is not valid",
  revoked: "the bearer token has been revoked",
  expired: "the bearer token has expired",
} as const;

const sessionFailureMessage = {
  malformed: "the session cookie is not valid; sign in again at /auth/login",
  unknown: "the session is not valid; sign in again at /auth/login",
  revoked: "the session was signed out; sign in again at /auth/login",
  expired: "the session has expired; sign in again at /auth/login",
} as const;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The principal behind the request's credentials; throws `unauthenticated` when there is none. A bearer
 * token wins; without one, an SSO session cookie is accepted, and then state-changing methods must carry
 * the session's CSRF token in `X-Orc-Csrf` (bearer requests need none: browsers never add them on their own).
 */
export async function authenticate(req: FastifyRequest, ctx: ServerContext): Promise<Principal> {
  const header = req.headers.authorization;
  const sessionCookie = ctx.sso ? req.cookies[SESSION_COOKIE] : undefined;
  if (!header && ctx.sso && sessionCookie !== undefined)
    return authenticateSession(req, ctx.sso, sessionCookie);
  if (!header)
    throw new OrcError(
      "unauthenticated",
      ctx.sso
        ? "this endpoint needs a bearer token (Authorization: Bearer orc_…) or a session (sign in at /auth/login)"
        : "this endpoint needs a bearer token (Authorization: Bearer orc_…)",
    );
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new OrcError("unauthenticated", "the Authorization header must be `Bearer <token>`");
  const result = await ctx.tokens.authenticate(m[1] as string);
  if (typeof result === "string") throw new OrcError("unauthenticated", failureMessage[result]);
  return result;
}

async function authenticateSession(req: FastifyRequest, sso: SsoService, secret: string): Promise<Principal> {
  const result = await sso.sessions.authenticate(secret);
  if (typeof result === "string") throw new OrcError("unauthenticated", sessionFailureMessage[result]);
  if (!SAFE_METHODS.has(req.method)) requireCsrfToken(req, secret);
  return result.principal;
}

/** Throws `forbidden` unless the request carries the CSRF token bound to the session `secret`. */
export function requireCsrfToken(req: FastifyRequest, secret: string): void {
  const presented = req.headers[CSRF_HEADER];
  if (typeof presented === "string" && matchesDerived(secret, "csrf", presented)) return;
  throw new OrcError(
    "forbidden",
    `a request signed in with a session cookie must send the ${CSRF_HEADER} header with the value of the orc_csrf cookie`,
  );
}

/** Throws `forbidden`, naming the roles needed, unless the principal holds one of them. */
export function authorize(principal: Principal, allowed: readonly Role[]): void {
  if (hasAnyRole(principal, allowed)) return;
  throw new OrcError(
    "forbidden",
    `this action needs one of the roles ${allowed.join(", ")}; ${principal.user} has ${principal.roles.join(", ") || "none"}`,
    { needed: allowed },
  );
}

/** Throws `mfa-required` when SSO requires MFA and the principal's sign-in had no second factor. */
export function requireMfa(principal: Principal, ctx: ServerContext): void {
  if (!ctx.sso?.settings.requireMfa || mfaSatisfied(principal)) return;
  throw new OrcError(
    "mfa-required",
    `this action needs a sign-in with a second factor; ${principal.user} signed in with ${principal.amr?.join(", ") || "no recorded method"}. Sign out and sign in again with multi-factor authentication`,
  );
}
