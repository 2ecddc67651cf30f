import type { FastifyRequest } from "fastify";
import { OrcError } from "../domain/errors.js";
import { hasAnyRole, type Principal, type Role } from "../domain/identity/index.js";
import type { ServerContext } from "./context.js";

const failureMessage = {
  malformed: "the bearer token is not an orc token",
  unknown: "the bearer token is not valid",
  revoked: "the bearer token has been revoked",
  expired: "the bearer token has expired",
} as const;

/** The principal behind the request's credentials; throws `unauthenticated` when there is none. */
export async function authenticate(req: FastifyRequest, ctx: ServerContext): Promise<Principal> {
  const header = req.headers.authorization;
  if (!header)
    throw new OrcError("unauthenticated", "this endpoint needs a bearer token (Authorization: Bearer orc_…)");
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new OrcError("unauthenticated", "the Authorization header must be `Bearer <token>`");
  const result = await ctx.tokens.authenticate(m[1] as string);
  if (typeof result === "string") throw new OrcError("unauthenticated", failureMessage[result]);
  return result;
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
