import { didYouMean } from "./did-you-mean.js";
import type { EstateProblem } from "./estate-problem.js";
import { formatFieldPath, type FieldPath } from "./field-path.js";
import { parseEnvironmentReference } from "./names.js";
import { isImageReference, parseImageReference } from "./odoo.js";
import { isRecord } from "./raw-value.js";
import { isRole, type Role } from "./roles.js";
import { DEFAULT_TIERS } from "./tier.js";

// These checks read the parsed YAML defensively rather than the typed Estate, so that they also run
// when the schema found problems elsewhere: one pass reports shape and meaning problems together.
// A value of the wrong type is skipped here; the schema already reports it.

/** A mapping found in a list, with its path. */
interface Entry {
  readonly value: Record<string, unknown>;
  readonly path: FieldPath;
}

function entries(container: unknown, key: string, base: FieldPath): Entry[] {
  const list = isRecord(container) ? container[key] : undefined;
  if (!Array.isArray(list)) return [];
  const out: Entry[] = [];
  list.forEach((value: unknown, i) => {
    if (isRecord(value)) out.push({ value, path: [...base, key, i] });
  });
  return out;
}

function str(record: Record<string, unknown>, key: string): string | undefined {
  const v = record[key];
  return typeof v === "string" ? v : undefined;
}

function strings(record: Record<string, unknown>, key: string): { value: string; index: number }[] {
  const v = record[key];
  if (!Array.isArray(v)) return [];
  return v.flatMap((x: unknown, index) => (typeof x === "string" ? [{ value: x, index }] : []));
}

/** Where a path is, for "first declared at line N" messages. */
export type LineOf = (path: FieldPath) => number | undefined;

/** Problems in the meaning of an estate: duplicates, dangling references, cycles, conflicts. */
export function checkEstateReferences(data: unknown, lineOf: LineOf): EstateProblem[] {
  if (!isRecord(data)) return [];
  const problems: EstateProblem[] = [];
  const error = (p: Omit<EstateProblem, "severity">) => problems.push({ severity: "error", ...p });
  const warning = (p: Omit<EstateProblem, "severity">) => problems.push({ severity: "warning", ...p });
  const where = (path: FieldPath) => {
    const line = lineOf(path);
    return line === undefined ? formatFieldPath(path) : `line ${line}`;
  };

  /** Reports every repeat of a name after its first use; returns the first entry per name. */
  function unique(what: string, list: Entry[], key: string, scope = ""): Map<string, Entry> {
    const first = new Map<string, Entry>();
    for (const entry of list) {
      const name = str(entry.value, key);
      if (name === undefined) continue;
      const earlier = first.get(name);
      if (earlier) {
        error({
          code: "duplicate-name",
          message: `duplicate ${what} \`${name}\`${scope} (first declared at ${where([...earlier.path, key])})`,
          path: [...entry.path, key],
          hint: `each ${what}${scope} must be unique; rename or remove one`,
        });
      } else {
        first.set(name, entry);
      }
    }
    return first;
  }

  const regions = unique("region name", entries(data, "regions", []), "name");
  const calendars = unique("calendar name", entries(data, "calendars", []), "name");

  // ICS imports fill a declared calendar; two imports may share one (their windows are kept apart).
  for (const [importName, imported] of unique("ICS import name", entries(data, "icsImports", []), "name")) {
    const mapping = isRecord(imported.value.mapping) ? imported.value.mapping : {};
    const calendar = str(mapping, "calendar");
    if (calendar === undefined || calendars.has(calendar)) continue;
    error({
      code: "dangling-reference",
      message: `ICS import \`${importName}\` fills unknown calendar \`${calendar}\``,
      path: [...imported.path, "mapping", "calendar"],
      hint:
        didYouMean(calendar, calendars.keys()) ??
        "declare the calendar under calendars (it may have no windows: the import fills it), and list it in the environments it applies to",
    });
  }

  // Roles: who holds what.
  const roles = isRecord(data.roles) ? data.roles : {};
  const userEntries = entries(roles, "users", ["roles"]);
  const users = unique("user name", userEntries, "name");
  unique("user email", userEntries, "email");
  const groups = unique("group", entries(roles, "groups", ["roles"]), "group");
  const usersWithRole = new Map<Role, number>();
  const groupRoles = new Set<Role>();
  for (const { value } of users.values()) {
    for (const r of new Set(strings(value, "roles").map((x) => x.value))) {
      if (isRole(r)) usersWithRole.set(r, (usersWithRole.get(r) ?? 0) + 1);
    }
  }
  for (const { value } of groups.values())
    for (const { value: r } of strings(value, "roles")) if (isRole(r)) groupRoles.add(r);

  // Tiers: can someone approve each of them? Declared tiers are checked entry by entry; the default
  // tiers (no `tiers:` key) in one sentence at `roles`, which is where the fix goes.
  const declaredTiers = data.tiers !== undefined;
  const tierEntries = entries(data, "tiers", []);
  unique("tier name", tierEntries, "name");
  const approvable = (role: Role, count: number): "ok" | "unassigned" | "short" => {
    if (groupRoles.has(role)) return "ok";
    const holders = usersWithRole.get(role) ?? 0;
    return holders === 0 ? "unassigned" : holders < count ? "short" : "ok";
  };
  for (const tier of tierEntries) {
    const tierName = str(tier.value, "name") ?? "?";
    const seenRoles = new Set<string>();
    entries(tier.value, "approvals", tier.path).forEach(({ value, path }) => {
      const role = str(value, "role");
      if (role === undefined || !isRole(role)) return;
      if (seenRoles.has(role)) {
        error({
          code: "duplicate-name",
          message: `role \`${role}\` appears twice in the approvals of tier \`${tierName}\``,
          path: [...path, "role"],
          hint: "merge them into one entry with the total count",
        });
      }
      seenRoles.add(role);
      const count = typeof value.count === "number" ? value.count : 1;
      const holders = usersWithRole.get(role) ?? 0;
      const state = approvable(role, count);
      if (state === "unassigned") {
        error({
          code: "role-unassigned",
          message: `tier \`${tierName}\` needs approval from \`${role}\`, but no user or group holds that role`,
          path: [...path, "role"],
          hint: `give \`${role}\` to users under roles.users or map an OIDC group to it under roles.groups`,
        });
      } else if (state === "short") {
        error({
          code: "quorum-unreachable",
          message: `tier \`${tierName}\` needs ${count} approvals from \`${role}\`, but only ${holders} ${holders === 1 ? "user holds" : "users hold"} that role`,
          path: [...path, "count"],
          hint: `give \`${role}\` to more users, map an OIDC group to it, or lower the count`,
        });
      }
    });
    entries(tier.value, "notify", tier.path).forEach(({ value, path }) => {
      for (const { value: user, index } of strings(value, "users")) {
        if (users.has(user)) continue;
        error({
          code: "dangling-reference",
          message: `tier \`${tierName}\` notifies unknown user \`${user}\``,
          path: [...path, "users", index],
          hint: didYouMean(user, users.keys()) ?? "declare the user under roles.users",
        });
      }
    });
  }
  if (!declaredTiers) {
    const needs = new Map<Role, number>();
    for (const t of DEFAULT_TIERS)
      for (const a of t.approvals) needs.set(a.role, Math.max(a.count, needs.get(a.role) ?? 0));
    const missing = [...needs].filter(([role, count]) => approvable(role, count) !== "ok");
    if (missing.length > 0) {
      const list = missing.map(([role, count]) =>
        count > 1 ? `\`${role}\` (${count} people)` : `\`${role}\``,
      );
      error({
        code: missing.some(([role, count]) => approvable(role, count) === "unassigned")
          ? "role-unassigned"
          : "quorum-unreachable",
        message: `the default tiers need approvals from ${list.join(", ")}, but not enough users or groups hold these roles`,
        path: ["roles"],
        hint: "give these roles to users or OIDC groups under roles, or declare your own tiers",
      });
    }
  }

  // Tenants and environments.
  interface EnvNode {
    readonly id: string;
    readonly entry: Entry;
    readonly tenant: string;
    from?: string;
  }
  const tenants = unique("tenant name", entries(data, "tenants", []), "name");
  const envs = new Map<string, EnvNode>();
  const namespaces = new Map<string, { id: string; path: FieldPath }>();
  const databases = new Map<string, { id: string; path: FieldPath }>();
  const clusterTenants = new Map<string, Set<string>>();
  const dedicated: { entry: Entry; tenant: string; cluster: string }[] = [];

  for (const [tenantName, tenant] of tenants) {
    const region = str(tenant.value, "region");
    if (region !== undefined && !regions.has(region)) {
      error({
        code: "dangling-reference",
        message: `tenant \`${tenantName}\` is in unknown region \`${region}\``,
        path: [...tenant.path, "region"],
        hint: didYouMean(region, regions.keys()) ?? "declare the region (with its time zone) under regions",
      });
    }
    const tenantHosting = str(tenant.value, "hosting");
    const envEntries = unique(
      "environment name",
      entries(tenant.value, "environments", tenant.path),
      "name",
      ` in tenant \`${tenantName}\``,
    );
    for (const [envName, env] of envEntries) {
      const node: EnvNode = { id: `${tenantName}/${envName}`, entry: env, tenant: tenantName };
      envs.set(node.id, node);
      unique("addon source", entries(env.value, "addons", env.path), "name", ` in \`${node.id}\``);
      unique("SLO", entries(env.value, "slos", env.path), "name", ` in \`${node.id}\``);
      for (const { value: cal, index } of strings(env.value, "calendars")) {
        if (calendars.has(cal)) continue;
        error({
          code: "dangling-reference",
          message: `environment \`${node.id}\` uses unknown calendar \`${cal}\``,
          path: [...env.path, "calendars", index],
          hint: didYouMean(cal, calendars.keys()) ?? "declare the calendar under calendars",
        });
      }
      const k8s = isRecord(env.value.kubernetes) ? env.value.kubernetes : {};
      const cluster = str(k8s, "cluster");
      const namespace = str(k8s, "namespace");
      if (cluster !== undefined) {
        const set = clusterTenants.get(cluster) ?? new Set<string>();
        set.add(tenantName);
        clusterTenants.set(cluster, set);
        if ((str(env.value, "hosting") ?? tenantHosting) === "dedicated")
          dedicated.push({ entry: env, tenant: tenantName, cluster });
      }
      if (cluster !== undefined && namespace !== undefined) {
        const key = `${cluster}\u0000${namespace}`;
        const earlier = namespaces.get(key);
        if (earlier) {
          error({
            code: "namespace-conflict",
            message: `namespace \`${namespace}\` on cluster \`${cluster}\` is already used by \`${earlier.id}\` (${where(earlier.path)})`,
            path: [...env.path, "kubernetes", "namespace"],
            hint: "give each environment its own namespace",
          });
        } else namespaces.set(key, { id: node.id, path: [...env.path, "kubernetes", "namespace"] });
      }
      const db = isRecord(env.value.database) ? str(env.value.database, "name") : undefined;
      if (cluster !== undefined && db !== undefined) {
        const key = `${cluster}\u0000${db}`;
        const earlier = databases.get(key);
        if (earlier) {
          error({
            code: "database-conflict",
            message: `database \`${db}\` on cluster \`${cluster}\` is already used by \`${earlier.id}\` (${where(earlier.path)})`,
            path: [...env.path, "database", "name"],
            hint: "two environments sharing a database would overwrite each other",
          });
        } else databases.set(key, { id: node.id, path: [...env.path, "database", "name"] });
      }
      checkImage(env, node.id, warning);
    }
  }

  for (const { entry, tenant, cluster } of dedicated) {
    const others = [...(clusterTenants.get(cluster) ?? [])].filter((t) => t !== tenant).sort();
    if (others.length === 0) continue;
    warning({
      code: "dedicated-cluster-shared",
      message: `dedicated environment \`${tenant}/${String(entry.value.name)}\` runs on cluster \`${cluster}\`, which also hosts ${others.map((t) => `\`${t}\``).join(", ")}`,
      path: [...entry.path, "kubernetes", "cluster"],
      hint: "move it to a cluster of its own or declare hosting: shared",
    });
  }

  // Promotion: resolve each `promotesFrom`, then find cycles (each environment has at most one source).
  let envNamesByTenant: Map<string, string[]> | undefined;
  const envNamesOf = (tenant: string): string[] => {
    if (!envNamesByTenant) {
      envNamesByTenant = new Map();
      for (const e of envs.values()) {
        const list = envNamesByTenant.get(e.tenant) ?? [];
        list.push(e.id.slice(e.tenant.length + 1));
        envNamesByTenant.set(e.tenant, list);
      }
    }
    return envNamesByTenant.get(tenant) ?? [];
  };
  for (const node of envs.values()) {
    const ref = str(node.entry.value, "promotesFrom");
    if (ref === undefined) continue;
    const parsed = parseEnvironmentReference(ref, node.tenant);
    if (!parsed) continue; // malformed: the schema reports it
    const id = `${parsed.tenant}/${parsed.environment}`;
    if (envs.has(id)) {
      node.from = id;
      continue;
    }
    const path = [...node.entry.path, "promotesFrom"];
    if (!tenants.has(parsed.tenant)) {
      error({
        code: "dangling-reference",
        message: `environment \`${node.id}\` promotes from \`${id}\`, but there is no tenant \`${parsed.tenant}\``,
        path,
        hint: didYouMean(parsed.tenant, tenants.keys()) ?? `tenants: ${[...tenants.keys()].join(", ")}`,
      });
      continue;
    }
    const siblings = envNamesOf(parsed.tenant);
    error({
      code: "dangling-reference",
      message: `environment \`${node.id}\` promotes from unknown environment \`${id}\``,
      path,
      hint:
        didYouMean(parsed.environment, siblings) ??
        `environments of \`${parsed.tenant}\`: ${siblings.join(", ")}`,
    });
  }
  const state = new Map<string, "visiting" | "done">();
  for (const start of envs.values()) {
    const chain: EnvNode[] = [];
    let current: EnvNode | undefined = start;
    while (current && !state.has(current.id)) {
      state.set(current.id, "visiting");
      chain.push(current);
      current = current.from === undefined ? undefined : envs.get(current.from);
    }
    if (current && state.get(current.id) === "visiting") {
      const cycle = chain.slice(chain.indexOf(current));
      // Report at the member declared first; list the cycle in promotion order (source → target).
      const first = cycle.reduce((a, b) => (comparePaths(a.entry.path, b.entry.path) <= 0 ? a : b));
      const ids: string[] = [];
      let n: EnvNode = first;
      do {
        ids.push(n.id);
        n = cycle[(cycle.indexOf(n) + cycle.length - 1) % cycle.length] ?? first;
      } while (n !== first);
      ids.push(first.id);
      error({
        code: "promotion-cycle",
        message:
          cycle.length === 1
            ? `environment \`${first.id}\` promotes from itself`
            : `promotion cycle: ${ids.join(" → ")}`,
        path: [...first.entry.path, "promotesFrom"],
        hint: "a promotion path must start somewhere: remove promotesFrom from its first environment",
      });
    }
    for (const n of chain) state.set(n.id, "done");
  }
  return problems;
}

function comparePaths(a: FieldPath, b: FieldPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    return typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
  }
  return a.length - b.length;
}

function checkImage(env: Entry, id: string, warning: (p: Omit<EstateProblem, "severity">) => void): void {
  const odoo = isRecord(env.value.odoo) ? env.value.odoo : {};
  const image = str(odoo, "image");
  if (image === undefined) return;
  const ref = parseImageReference(image);
  if (!isImageReference(ref)) return; // the schema reports it
  if (env.value.kind === "prod" && ref.digest === undefined) {
    warning({
      code: "image-not-pinned",
      message: `production environment \`${id}\` uses an image without a digest`,
      path: [...env.path, "odoo", "image"],
      hint: "pin it as …@sha256:<digest> so what was approved is what runs",
    });
  }
  const series = str(odoo, "series");
  const tagSeries = ref.tag ? /^(\d+\.\d+)(?!\d)/.exec(ref.tag)?.[1] : undefined;
  if (series !== undefined && tagSeries !== undefined && tagSeries !== series) {
    warning({
      code: "image-series-mismatch",
      message: `environment \`${id}\` declares Odoo ${series} but its image is tagged ${ref.tag}`,
      path: [...env.path, "odoo", "image"],
      hint: "check the series or the image",
    });
  }
}
