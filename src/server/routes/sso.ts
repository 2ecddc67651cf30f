import { z } from "zod";
import { OrcError } from "../../domain/errors.js";
import { DEFAULT_RETURN_TO, safeReturnTo } from "../../domain/identity/index.js";
import type { SsoService } from "../../services/sso-service.js";
import { requireCsrfToken } from "../authenticate.js";
import type { ServerContext } from "../context.js";
import { defineRoute, reply } from "../route.js";
import {
  LOGIN_COOKIE,
  SESSION_COOKIE,
  clearedSessionCookies,
  loginCookie,
  sessionCookies,
} from "../sso-cookies.js";

function sso(ctx: ServerContext): SsoService {
  if (!ctx.sso) {
    throw new OrcError(
      "not-found",
      "single sign-on is not configured on this server (set ORC_OIDC_ISSUER); use an API token",
    );
  }
  return ctx.sso;
}

const NO_STORE = { "Cache-Control": "no-store" };

const LoginQuery = z.strictObject({
  returnTo: z
    .string()
    .max(2048)
    .refine((v) => safeReturnTo(v) !== undefined, "must be a path on this server, such as /releases/42")
    .optional()
    .meta({ description: "Where to land after signing in: a path on this server (default /)." }),
});

// Providers add their own parameters to the callback (session_state, iss, …); the raw query is what
// openid-client checks, so the schema only documents the usual ones and strips nothing that matters.
const CallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(1024).optional(),
  iss: z.string().max(2048).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(2048).optional(),
});

const Methods = z.object({
  methods: z.array(z.enum(["token", "oidc"])),
  login: z.string().optional(),
  csrfHeader: z.string().optional(),
  requireMfa: z.boolean(),
});

/** Single sign-on for people: sign-in (authorization code with PKCE), its callback, and sign-out. */
export const ssoRoutes = [
  defineRoute({
    method: "GET",
    path: "/auth/methods",
    operationId: "signInMethods",
    summary: "How to sign in here: API tokens always, OpenID Connect single sign-on when configured.",
    tag: "identity",
    roles: "public",
    response: Methods,
    handler: async ({ ctx }) =>
      ctx.sso
        ? {
            methods: ["token" as const, "oidc" as const],
            login: "/auth/login",
            csrfHeader: "X-Orc-Csrf",
            requireMfa: ctx.sso.settings.requireMfa,
          }
        : { methods: ["token" as const], requireMfa: false },
  }),
  defineRoute({
    method: "GET",
    path: "/auth/login",
    operationId: "signIn",
    summary:
      "Start single sign-on: redirects to the OpenID provider (authorization code, PKCE S256, state, nonce).",
    tag: "identity",
    roles: "public",
    query: LoginQuery,
    status: 302,
    handler: async ({ ctx, query }) => {
      const service = sso(ctx);
      const start = await service.begin(safeReturnTo(query.returnTo) ?? DEFAULT_RETURN_TO);
      return reply(undefined, 302, { ...NO_STORE, Location: start.redirectTo }, [
        loginCookie(service.settings, start.loginSecret, start.maxAgeSeconds),
      ]);
    },
  }),
  defineRoute({
    method: "GET",
    path: "/auth/callback",
    operationId: "signInCallback",
    summary:
      "Where the OpenID provider sends the browser back: opens a session (HttpOnly cookie) and redirects to returnTo. A person with no role in the estate gets 403.",
    tag: "identity",
    roles: "public",
    query: CallbackQuery,
    status: 302,
    handler: async ({ ctx, request }) => {
      const service = sso(ctx);
      const search = request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "";
      const outcome = await service.complete(request.cookies[LOGIN_COOKIE], search);
      if (!outcome.ok) {
        ctx.log.info({ reason: outcome.reason, user: outcome.user }, "sign-in refused");
        const code =
          outcome.reason === "no-role"
            ? "forbidden"
            : outcome.reason === "provider-unavailable"
              ? "infrastructure-unavailable"
              : "unauthenticated";
        throw new OrcError(code, outcome.message, { reason: outcome.reason });
      }
      const s = outcome.session;
      return reply(undefined, 302, { ...NO_STORE, Location: outcome.returnTo }, [
        loginCookie(service.settings, "", 0),
        ...sessionCookies(service.settings, s, ctx.now()),
      ]);
    },
  }),
  defineRoute({
    method: "POST",
    path: "/auth/logout",
    operationId: "signOut",
    summary:
      "End the SSO session (revoked on the server, cookies cleared). Needs the X-Orc-Csrf header; answers 204 also when there was no session.",
    tag: "identity",
    roles: "public",
    status: 204,
    handler: async ({ ctx, request }) => {
      const service = sso(ctx);
      const secret = request.cookies[SESSION_COOKIE];
      if (secret !== undefined) {
        const active = await service.sessions.authenticate(secret);
        if (typeof active !== "string") {
          requireCsrfToken(request, secret);
          await service.sessions.revoke(secret, active.principal);
        }
      }
      return reply(undefined, 204, NO_STORE, clearedSessionCookies(service.settings));
    },
  }),
];
