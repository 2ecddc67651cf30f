import { z } from "zod";
import { ROLES } from "../../domain/identity/index.js";
import { defineRoute, reply } from "../route.js";

const Health = z.object({ status: z.literal("ok"), version: z.string() });
const Ready = z.object({
  status: z.enum(["ready", "not-ready"]),
  checks: z.object({ database: z.string(), estate: z.string() }),
});

/** Liveness, readiness and Prometheus metrics. */
export const healthRoutes = [
  defineRoute({
    method: "GET",
    path: "/healthz",
    operationId: "health",
    summary: "Liveness: the process answers.",
    tag: "health",
    roles: "public",
    response: Health,
    handler: async ({ ctx }) => ({ status: "ok" as const, version: ctx.version }),
  }),
  defineRoute({
    method: "GET",
    path: "/readyz",
    operationId: "ready",
    summary: "Readiness: the database answers and an estate is loaded (503 otherwise).",
    tag: "health",
    roles: "public",
    response: Ready,
    handler: async ({ ctx }) => {
      let database = "ok";
      try {
        await ctx.db.query("SELECT 1");
      } catch {
        database = "unreachable";
      }
      const estate = ctx.estate.current() ? "loaded" : "missing";
      const ready = database === "ok" && estate === "loaded";
      return reply(
        { status: ready ? ("ready" as const) : ("not-ready" as const), checks: { database, estate } },
        ready ? 200 : 503,
      );
    },
  }),
  defineRoute({
    method: "GET",
    path: "/metrics",
    operationId: "metrics",
    summary: "Prometheus metrics (text exposition format). Needs a token, like every non-health endpoint.",
    tag: "health",
    roles: ROLES,
    produces: "text/plain; version=0.0.4; charset=utf-8",
    handler: async ({ ctx }) => ctx.metrics.registry.metrics(),
  }),
];
