import { z } from "zod";
import { Role, ROLES } from "../../domain/identity/index.js";
import { defineRoute, reply } from "../route.js";

const TokenInfo = z.object({
  id: z.string(),
  user: z.string(),
  roles: z.array(Role),
  description: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string().optional(),
  revokedAt: z.string().optional(),
  lastUsedAt: z.string().optional(),
});

const CreateToken = z.strictObject({
  user: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._@+-]+$/, "use letters, digits and . _ @ + -"),
  roles: z.array(Role).min(1, "give at least one role"),
  description: z.string().max(500).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

const Me = z.object({
  user: z.string(),
  roles: z.array(Role),
  via: z.string(),
  credentialId: z.string().optional(),
  amr: z.array(z.string()).optional(),
});

/** API tokens (admin only) and the caller's own identity. */
export const tokenRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/v1/me",
    operationId: "whoAmI",
    summary: "The authenticated principal and its roles.",
    tag: "identity",
    roles: ROLES,
    response: Me,
    handler: async ({ principal }) => {
      const { amr, roles, ...rest } = principal;
      return { ...rest, roles: [...roles], ...(amr ? { amr: [...amr] } : {}) };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/tokens",
    operationId: "createToken",
    summary: "Create an API token bound to a user and roles. The token is in the response, once.",
    tag: "identity",
    roles: ["admin"],
    mfa: true,
    body: CreateToken,
    status: 201,
    response: z.object({ token: z.string(), info: TokenInfo }),
    handler: async ({ body, ctx, principal }) => {
      const created = await ctx.tokens.create(
        {
          user: body.user,
          roles: body.roles,
          ...(body.description ? { description: body.description } : {}),
          ...(body.expiresAt ? { expiresAt: new Date(body.expiresAt) } : {}),
        },
        principal,
      );
      return reply(created, 201, { "Cache-Control": "no-store" });
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/tokens",
    operationId: "listTokens",
    summary: "List API tokens (never their secrets).",
    tag: "identity",
    roles: ["admin"],
    mfa: true,
    response: z.object({ tokens: z.array(TokenInfo) }),
    handler: async ({ ctx }) => ({ tokens: await ctx.tokens.list() }),
  }),
  defineRoute({
    method: "DELETE",
    path: "/api/v1/tokens/{id}",
    operationId: "revokeToken",
    summary: "Revoke an API token.",
    tag: "identity",
    roles: ["admin"],
    mfa: true,
    params: z.object({ id: z.string().regex(/^[0-9a-f]{12}$/, "a token id is 12 hex characters") }),
    status: 204,
    handler: async ({ params, ctx, principal }) => {
      await ctx.tokens.revoke(params.id, principal);
      return reply(undefined, 204);
    },
  }),
];
