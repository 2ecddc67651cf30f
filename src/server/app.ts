import fastifyCookie from "@fastify/cookie";
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import type { z } from "zod";
import { isOrcError, OrcError } from "../domain/errors.js";
import { formatBytes } from "../domain/estate/index.js";
import { SYSTEM, type Principal } from "../domain/identity/index.js";
import { authenticate, authorize, requireMfa } from "./authenticate.js";
import type { ServerContext } from "./context.js";
import { problemFor, type Problem, type ProblemField } from "./problem.js";
import { problemPage, wantsPage } from "./problem-page.js";
import { RouteReply, type AnyRoute } from "./route.js";

/** Largest request body of a route that does not declare its own limit. */
const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** `/api/v1/tokens/{id}` → `/api/v1/tokens/:id` */
export function fastifyPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ":$1");
}

function sendProblem(rep: FastifyReply, problem: Problem): FastifyReply {
  if (problem.status === 401) rep.header("WWW-Authenticate", 'Bearer realm="orc"');
  if (wantsPage(rep.request))
    return rep.code(problem.status).type("text/html; charset=utf-8").send(problemPage(problem));
  return rep.code(problem.status).type("application/problem+json").send(problem);
}

function parseInput<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return (value ?? {}) as T;
  const r = schema.safeParse(value ?? (where === "body" ? undefined : {}));
  if (r.success) return r.data;
  const errors: ProblemField[] = r.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join("."),
    message: i.message,
    code: i.code,
  }));
  throw new OrcError(
    "bad-request",
    `invalid ${where}: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
    {
      errors,
    },
  );
}

/** Builds the HTTP server from route declarations; every error leaves as RFC 9457 problem details. */
export function buildApp(ctx: ServerContext, routes: readonly AnyRoute[]): FastifyInstance {
  const app = Fastify({
    // Requests are logged once, by the onResponse hook below, without bodies or headers.
    logController: new LogController({ disableRequestLogging: true }),
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: DEFAULT_BODY_LIMIT,
    return503OnClosing: true,
  });
  // Parses cookies for SSO sessions; no signing secret: session cookies are random and checked by hash.
  app.register(fastifyCookie);

  app.addHook("onResponse", async (req, rep) => {
    const route = req.routeOptions.url ?? "unmatched";
    const seconds = rep.elapsedTime / 1000;
    ctx.metrics.requests.inc({ method: req.method, route, status: String(rep.statusCode) });
    ctx.metrics.latency.observe({ method: req.method, route }, seconds);
    ctx.log.debug(
      { method: req.method, route, status: rep.statusCode, ms: Math.round(rep.elapsedTime) },
      "request",
    );
  });

  for (const spec of routes) {
    app.route({
      method: spec.method,
      url: fastifyPath(spec.path),
      ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
      handler: async (req: FastifyRequest, rep: FastifyReply) => {
        let principal: Principal = SYSTEM;
        if (spec.roles !== "public") {
          principal = await authenticate(req, ctx);
          authorize(principal, spec.roles);
          if (spec.mfa) requireMfa(principal, ctx);
        }
        const params = parseInput(spec.params, req.params, "params");
        const query = parseInput(spec.query, req.query, "query");
        const body = parseInput(spec.body, req.body, "body");
        const result = await spec.handler({ params, query, body, principal, ctx, request: req });
        const out = result instanceof RouteReply ? result : new RouteReply(result);
        rep.code(out.status ?? spec.status ?? 200);
        for (const [k, v] of Object.entries(out.headers)) rep.header(k, v);
        for (const c of out.cookies) rep.setCookie(c.name, c.value, c.options);
        if (spec.produces) rep.type(spec.produces);
        return out.body;
      },
    });
  }

  app.setNotFoundHandler((req, rep) =>
    sendProblem(
      rep,
      problemFor("not-found", `no route ${req.method} ${req.url.split("?")[0]}`, req.url.split("?")[0]),
    ),
  );

  app.setErrorHandler((err: unknown, req, rep) => {
    const instance = req.url.split("?")[0];
    if (isOrcError(err)) {
      const fields = (err.context.errors as ProblemField[] | undefined) ?? undefined;
      return sendProblem(rep, problemFor(err.code, err.message, instance, fields));
    }
    const fe = err as { code?: string; statusCode?: number; message?: string };
    const isJsonError =
      fe.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
      fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY" ||
      (err instanceof SyntaxError && fe.statusCode === 400);
    if (isJsonError) {
      return sendProblem(rep, problemFor("bad-request", "the request body is not valid JSON", instance));
    }
    if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return sendProblem(
        rep,
        problemFor(
          "payload-too-large",
          `the request body is larger than ${formatBytes(req.routeOptions.bodyLimit ?? DEFAULT_BODY_LIMIT)}`,
          instance,
        ),
      );
    }
    if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return sendProblem(rep, {
        ...problemFor("bad-request", "send the body as application/json", instance),
        status: 415,
        title: "Unsupported media type",
      });
    }
    if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
      return sendProblem(rep, {
        ...problemFor("bad-request", fe.message ?? "bad request", instance),
        status: fe.statusCode,
      });
    }
    ctx.log.error({ err, route: req.routeOptions.url }, "unhandled error");
    return sendProblem(
      rep,
      problemFor("internal", "internal error; the server log has the details", instance),
    );
  });

  return app;
}
