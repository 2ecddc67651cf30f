import type { CookieSerializeOptions } from "@fastify/cookie";
import type { FastifyRequest } from "fastify";
import type { z } from "zod";
import type { Principal, Role } from "../domain/identity/index.js";
import type { ServerContext } from "./context.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What a handler receives: validated inputs and the authenticated principal. */
export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** Present on every route except public ones. */
  readonly principal: Principal;
  readonly ctx: ServerContext;
  /** The raw request, for the few routes that read cookies or the raw query (sign-in). */
  readonly request: FastifyRequest;
}

/** A cookie to set (or, with `maxAge: 0`, to clear) on the response. */
export interface SetCookie {
  readonly name: string;
  readonly value: string;
  readonly options: CookieSerializeOptions;
}

/** A handler may set a status and headers besides the body by returning one of these. */
export class RouteReply<R> {
  constructor(
    readonly body: R,
    readonly status?: number,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly cookies: readonly SetCookie[] = [],
  ) {}
}

/**
 * One API operation, declared once: fastify registration, input validation, authorization and the
 * OpenAPI document all derive from it.
 */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown, R = unknown> {
  readonly method: HttpMethod;
  /** OpenAPI path template: `/api/v1/tokens/{id}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  /** Roles allowed (any of; `admin` always passes), or `public` for health checks. */
  readonly roles: readonly Role[] | "public";
  /**
   * Admin actions and approvals: when SSO requires MFA, SSO sessions signed in without a second factor
   * are refused (403 `mfa-required`). API tokens are exempt.
   */
  readonly mfa?: boolean;
  /**
   * A `public` route that checks a credential of its own names its OpenAPI security scheme here
   * (the calendar feed's subscription token in the query string).
   */
  readonly securityScheme?: "calendarFeedToken";
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  readonly response?: z.ZodType<R>;
  /** @default 200 */
  readonly status?: number;
  /** Largest request body accepted, in bytes (413 above it). @default 1 MiB */
  readonly bodyLimit?: number;
  /** Response media type when not JSON (e.g. `text/plain`). */
  readonly produces?: string;
  readonly handler: (input: RouteInput<P, Q, B>) => Promise<R | RouteReply<R>>;
}

/** Declares a route with its types inferred from its schemas. */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined, R = unknown>(
  spec: RouteSpec<P, Q, B, R>,
): RouteSpec<P, Q, B, R> {
  return spec;
}

/** Wraps a body with a status, headers and cookies. */
export function reply<R>(
  body: R,
  status?: number,
  headers?: Record<string, string>,
  cookies?: readonly SetCookie[],
): RouteReply<R> {
  return new RouteReply(body, status, headers, cookies);
}

/** A route of any input and output types, for lists of routes (the handler's types are checked at `defineRoute`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous list; each entry was typed by defineRoute
export type AnyRoute = RouteSpec<any, any, any, any>;
