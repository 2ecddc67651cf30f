import type { EnvironmentContext } from "../calendar/index.js";
import type { RegionSpec } from "./calendars.js";
import type { Environment, Hosting } from "./environment.js";
import type { Estate } from "./estate.js";
import { parseEnvironmentReference } from "./names.js";
import type { Role } from "./roles.js";
import type { Tenant } from "./tenant.js";
import type { Tier } from "./tier.js";

/** An environment with what it inherits from its tenant and region. */
export interface EnvironmentView {
  /** `tenant/environment`, the id used in references, the API and the CLI. */
  readonly id: string;
  readonly tenant: Tenant;
  readonly environment: Environment;
  /** The environment's hosting, or its tenant's. */
  readonly hosting: Hosting;
  readonly region: RegionSpec | undefined;
  /** The IANA time zone of the tenant's region. */
  readonly timezone: string | undefined;
  /** `tenant/environment` of the environment it promotes from, if any. */
  readonly promotesFrom: string | undefined;
}

/** `northwind-eu/prod`. */
export function environmentId(tenant: string, environment: string): string {
  return `${tenant}/${environment}`;
}

function view(estate: Estate, tenant: Tenant, environment: Environment): EnvironmentView {
  const region = estate.regions.find((r) => r.name === tenant.region);
  const from =
    environment.promotesFrom === undefined
      ? undefined
      : parseEnvironmentReference(environment.promotesFrom, tenant.name);
  return {
    id: environmentId(tenant.name, environment.name),
    tenant,
    environment,
    hosting: environment.hosting ?? tenant.hosting,
    region,
    timezone: region?.timezone,
    promotesFrom: from ? environmentId(from.tenant, from.environment) : undefined,
  };
}

/** Every environment of every tenant, in the order the estate declares them. */
export function listEnvironments(estate: Estate): EnvironmentView[] {
  return estate.tenants.flatMap((t) => t.environments.map((e) => view(estate, t, e)));
}

/** The environment `tenant/environment`, or undefined. */
export function findEnvironment(estate: Estate, ref: string): EnvironmentView | undefined {
  const parsed = parseEnvironmentReference(ref);
  if (!parsed) return undefined;
  const tenant = estate.tenants.find((t) => t.name === parsed.tenant);
  const environment = tenant?.environments.find((e) => e.name === parsed.environment);
  return tenant && environment ? view(estate, tenant, environment) : undefined;
}

/**
 * The promotion path that ends at `ref`: its first environment (the one that promotes from nothing),
 * then each environment promoted to, ending with `ref` itself — e.g. dev, staging, prod. Empty when
 * `ref` is unknown. Safe on estates that were not validated (a cycle ends the walk).
 */
export function promotionPath(estate: Estate, ref: string): EnvironmentView[] {
  const path: EnvironmentView[] = [];
  const seen = new Set<string>();
  let current = findEnvironment(estate, ref);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.unshift(current);
    current = current.promotesFrom === undefined ? undefined : findEnvironment(estate, current.promotesFrom);
  }
  return path;
}

/** The environments that promote from `ref` (its next steps), in declaration order. */
export function promotionTargets(estate: Estate, ref: string): EnvironmentView[] {
  return listEnvironments(estate).filter((e) => e.promotesFrom === ref);
}

/** The tenant named `name`, or undefined. */
export function findTenant(estate: Estate, name: string): Tenant | undefined {
  return estate.tenants.find((t) => t.name === name);
}

/** The tier named `name`, or undefined. */
export function findTier(estate: Estate, name: string): Tier | undefined {
  return estate.tiers.find((t) => t.name === name);
}

/** The roles of the user `name` (empty when unknown). */
export function rolesOfUser(estate: Estate, name: string): Role[] {
  return [...(estate.roles.users.find((u) => u.name === name)?.roles ?? [])];
}

/** The roles granted to someone whose identity token carries `groups`, without duplicates, sorted. */
export function rolesForGroups(estate: Estate, groups: readonly string[]): Role[] {
  const wanted = new Set(groups);
  const roles = new Set<Role>();
  for (const mapping of estate.roles.groups) {
    if (wanted.has(mapping.group)) for (const r of mapping.roles) roles.add(r);
  }
  return [...roles].sort();
}

/** What the calendar engine needs to know about an environment. */
export function calendarContext(v: EnvironmentView): EnvironmentContext {
  return {
    id: v.id,
    tenant: v.tenant.name,
    name: v.environment.name,
    kind: v.environment.kind,
    region: v.tenant.region,
    timezone: v.timezone ?? "UTC",
    calendars: v.environment.calendars ?? [],
  };
}
