import { z } from "zod";
import { OrcError } from "../../domain/errors.js";
import { ROLES } from "../../domain/identity/index.js";
import {
  ENVIRONMENT_KINDS,
  findEnvironment,
  findTenant,
  listEnvironments,
  promotionPath,
  type Estate,
  type EnvironmentView,
} from "../../domain/estate/index.js";
import type { ServerContext } from "../context.js";
import type { ProblemField } from "../problem.js";
import { defineRoute } from "../route.js";

const Revision = z.object({ hash: z.string(), source: z.string(), loadedAt: z.string() });
const Json = z.record(z.string(), z.unknown());

function current(ctx: ServerContext): { estate: Estate; revision: z.infer<typeof Revision> } {
  const snap = ctx.estate.current();
  if (!snap) throw new OrcError("infrastructure-unavailable", "no estate is loaded");
  return { estate: snap.estate, revision: { hash: snap.hash, source: snap.source, loadedAt: snap.loadedAt } };
}

/** The public shape of an environment: what it is plus what it inherits (hosting, region, time zone). */
function environmentBody(v: EnvironmentView) {
  return {
    id: v.id,
    tenant: v.tenant.name,
    ...v.environment,
    hosting: v.hosting,
    region: v.region?.name ?? v.tenant.region,
    timezone: v.timezone ?? null,
    promotesFrom: v.promotesFrom ?? null,
  };
}

function tenantBody(estate: Estate, name: string) {
  const t = findTenant(estate, name);
  if (!t) return undefined;
  const { environments, ...rest } = t;
  return { ...rest, environments: environments.map((e) => `${t.name}/${e.name}`) };
}

const EnvironmentQuery = z.strictObject({
  tenant: z.string().max(100).optional(),
  kind: z.enum(ENVIRONMENT_KINDS).optional(),
  region: z.string().max(100).optional(),
});

/** The estate in force: read by anyone signed in, reloaded by admins. */
export const estateRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/v1/estate",
    operationId: "getEstate",
    summary: "The estate in force and its revision (SHA-256 of the file, where and when it was loaded).",
    tag: "estate",
    roles: ROLES,
    response: z.object({ revision: Revision, estate: Json }),
    handler: async ({ ctx }) => current(ctx),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/estate/reload",
    operationId: "reloadEstate",
    summary:
      "Re-read and validate the estate file. An invalid file is refused (422, every problem listed) and the previous estate stays in force.",
    tag: "estate",
    roles: ["admin"],
    mfa: true,
    response: z.object({ changed: z.boolean(), revision: Revision }),
    handler: async ({ ctx, principal }) => {
      const result = await ctx.estate.reload(principal);
      ctx.metrics.estateReloads.inc({
        outcome: result.ok ? (result.changed ? "loaded" : "unchanged") : "refused",
      });
      if (!result.ok) {
        const errors: ProblemField[] = result.diagnostics.map((d) => ({
          path: d.path ?? "",
          message: d.hint ? `${d.message} (${d.hint})` : d.message,
          code: d.code,
          ...(d.file ? { file: d.file } : {}),
          ...(d.line ? { line: d.line } : {}),
          ...(d.column ? { column: d.column } : {}),
        }));
        const kept = result.current ? `; the estate loaded at ${result.current.loadedAt} stays in force` : "";
        throw new OrcError(
          "estate-invalid",
          `the estate file is invalid (${errors.length} problems)${kept}`,
          { errors },
        );
      }
      const s = result.snapshot;
      return { changed: result.changed, revision: { hash: s.hash, source: s.source, loadedAt: s.loadedAt } };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/tenants",
    operationId: "listTenants",
    summary: "Tenants (retailers or business units) with their environments.",
    tag: "estate",
    roles: ROLES,
    response: z.object({ tenants: z.array(Json) }),
    handler: async ({ ctx }) => {
      const { estate } = current(ctx);
      return { tenants: estate.tenants.map((t) => tenantBody(estate, t.name) as Record<string, unknown>) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/tenants/{tenant}",
    operationId: "getTenant",
    summary: "One tenant.",
    tag: "estate",
    roles: ROLES,
    params: z.object({ tenant: z.string().max(100) }),
    response: Json,
    handler: async ({ ctx, params }) => {
      const body = tenantBody(current(ctx).estate, params.tenant);
      if (!body) throw new OrcError("not-found", `no tenant ${params.tenant} in the estate`);
      return body;
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/environments",
    operationId: "listEnvironments",
    summary: "Environments, with hosting, region and time zone resolved; filter by tenant, kind, region.",
    tag: "estate",
    roles: ROLES,
    query: EnvironmentQuery,
    response: z.object({ environments: z.array(Json) }),
    handler: async ({ ctx, query }) => {
      const views = listEnvironments(current(ctx).estate).filter(
        (v) =>
          (!query.tenant || v.tenant.name === query.tenant) &&
          (!query.kind || v.environment.kind === query.kind) &&
          (!query.region || v.tenant.region === query.region),
      );
      return { environments: views.map(environmentBody) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/environments/{tenant}/{environment}",
    operationId: "getEnvironment",
    summary: "One environment and its promotion path (first environment to this one).",
    tag: "estate",
    roles: ROLES,
    params: z.object({ tenant: z.string().max(100), environment: z.string().max(100) }),
    response: Json,
    handler: async ({ ctx, params }) => {
      const { estate } = current(ctx);
      const id = `${params.tenant}/${params.environment}`;
      const v = findEnvironment(estate, id);
      if (!v) throw new OrcError("not-found", `no environment ${id} in the estate`);
      return { ...environmentBody(v), promotionPath: promotionPath(estate, id).map((p) => p.id) };
    },
  }),
];
