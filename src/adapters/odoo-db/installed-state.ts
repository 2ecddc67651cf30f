import { readFileSync } from "node:fs";
import pg from "pg";
import { z } from "zod";
import { OrcError } from "../../domain/errors.js";
import type {
  DependencyExport,
  InstalledModule,
  InstalledState,
  ModuleState,
} from "../../domain/odoo/index.js";

/** The format name of an exported installed state (`orc addons export-installed`). */
export const INSTALLED_EXPORT_FORMAT = "orc.odoo.installed/1";

const ModuleStateSchema = z.enum([
  "uninstallable",
  "uninstalled",
  "installed",
  "to upgrade",
  "to remove",
  "to install",
]);

/** One module row of an export: `ir_module_module` + its `ir_module_module_dependency` rows. */
export const ExportedModule = z.object({
  state: ModuleStateSchema,
  latest_version: z.string().nullable().optional(),
  depends: z.array(z.string()),
  auto_install: z.boolean().optional(),
  auto_install_required: z.array(z.string()).optional(),
  license: z.string().nullable().optional(),
});
export type ExportedModule = z.infer<typeof ExportedModule>;

export const InstalledExport = z.object({
  format: z.literal(INSTALLED_EXPORT_FORMAT),
  source: z.string().optional(),
  modules: z.record(z.string(), ExportedModule),
});
export type InstalledExport = z.infer<typeof InstalledExport>;

const NamesList = z.array(z.string().min(1));
const VersionMap = z.record(z.string(), z.string().nullable());

/** A connection URL with its password removed, safe to print. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}

export function isPostgresUrl(text: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(text);
}

function fromExportRows(rows: Record<string, ExportedModule>): Record<string, InstalledModule> {
  const out: Record<string, InstalledModule> = {};
  for (const name of Object.keys(rows).sort()) {
    const r = rows[name] as ExportedModule;
    out[name] = {
      state: r.state,
      ...(r.latest_version ? { latestVersion: r.latest_version } : {}),
      depends: [...r.depends].sort(),
      ...(r.auto_install !== undefined ? { autoInstall: r.auto_install } : {}),
      ...(r.auto_install_required ? { autoInstallRequired: [...r.auto_install_required].sort() } : {}),
      ...(r.license ? { license: r.license } : {}),
    };
  }
  return out;
}

/**
 * Reads an installed-state file: an array of installed module names, an object
 * `{name: latest_version}`, or an export (`orc.odoo.installed/1`, which also carries dependencies).
 */
export function readInstalledFile(path: string): InstalledState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "file not found" : e instanceof SyntaxError ? `not JSON (${e.message})` : String(e);
    throw new OrcError("bad-request", `${path}: cannot read the installed state: ${reason}`, { path });
  }
  // Fast paths for the two plain shapes (thousands of rows); the schemas below report the errors.
  if (Array.isArray(raw) && raw.every((x) => typeof x === "string" && x !== "")) {
    const modules: Record<string, InstalledModule> = {};
    for (const n of [...(raw as string[])].sort()) modules[n] = { state: "installed" };
    return { source: "file", label: path, hasDependencies: false, modules };
  }
  if (raw && typeof raw === "object" && !Array.isArray(raw) && !("format" in raw)) {
    const entries = Object.entries(raw as Record<string, unknown>);
    if (entries.every(([, v]) => typeof v === "string" || v === null)) {
      const modules: Record<string, InstalledModule> = {};
      for (const [n, v] of entries.sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        modules[n] = { state: "installed", ...(v ? { latestVersion: v as string } : {}) };
      }
      return { source: "file", label: path, hasDependencies: false, modules };
    }
  }
  const names = NamesList.safeParse(raw);
  if (names.success) {
    const modules: Record<string, InstalledModule> = {};
    for (const n of [...names.data].sort()) modules[n] = { state: "installed" };
    return { source: "file", label: path, hasDependencies: false, modules };
  }
  const exp = InstalledExport.safeParse(raw);
  if (exp.success)
    return { source: "file", label: path, hasDependencies: true, modules: fromExportRows(exp.data.modules) };
  const versions = VersionMap.safeParse(raw);
  if (versions.success && !(raw as Record<string, unknown>).format) {
    const modules: Record<string, InstalledModule> = {};
    for (const n of Object.keys(versions.data).sort()) {
      const v = versions.data[n];
      modules[n] = { state: "installed", ...(v ? { latestVersion: v } : {}) };
    }
    return { source: "file", label: path, hasDependencies: false, modules };
  }
  const issue = exp.error.issues[0];
  throw new OrcError(
    "bad-request",
    `${path}: not an installed state: expected an array of module names, an object {name: version} or an ${INSTALLED_EXPORT_FORMAT} export${issue ? ` (${issue.path.join(".")}: ${issue.message})` : ""}`,
    { path },
  );
}

/** Reads an exported dependency file (the export format) used when the addons path lacks core modules. */
export function readDependencyExport(path: string): DependencyExport {
  const state = readInstalledFile(path);
  if (!state.hasDependencies) {
    throw new OrcError(
      "bad-request",
      `${path}: a dependency file must be an ${INSTALLED_EXPORT_FORMAT} export (orc addons export-installed)`,
      { path },
    );
  }
  return { label: path, modules: state.modules };
}

interface ModuleRow {
  name: string;
  state: ModuleState;
  latest_version: string | null;
  auto_install: boolean | null;
  license: string | null;
}
interface DependencyRow {
  module: string;
  dep: string;
  required: boolean | null;
}

/** Turns a PostgreSQL failure into an `OrcError` once, here. */
function classifyPgError(e: unknown, label: string): OrcError {
  const err = e as { code?: string; message?: string };
  if (
    err.code === "ECONNREFUSED" ||
    err.code === "ENOTFOUND" ||
    err.code === "ETIMEDOUT" ||
    err.code === "EHOSTUNREACH"
  ) {
    return new OrcError("infrastructure-unavailable", `cannot reach PostgreSQL for ${label}: ${err.code}`, {
      url: label,
    });
  }
  if (err.code === "3D000")
    return new OrcError("not-found", `database of ${label} does not exist`, { url: label });
  if (err.code === "42P01")
    return new OrcError("config-invalid", `${label} is not an Odoo database (no ir_module_module table)`, {
      url: label,
    });
  if (err.code === "28P01" || err.code === "28000")
    return new OrcError("unauthenticated", `PostgreSQL refused the credentials for ${label}`, { url: label });
  return new OrcError(
    "infrastructure-unavailable",
    `PostgreSQL error for ${label}: ${err.message ?? String(e)}`,
    { url: label },
  );
}

/**
 * Reads `ir_module_module` (state, latest_version, auto_install, license) and
 * `ir_module_module_dependency` (name, auto_install_required) from a live Odoo database.
 */
export async function readInstalledFromDatabase(url: string): Promise<InstalledState> {
  const label = redactUrl(url);
  try {
    new URL(url);
  } catch {
    throw new OrcError("bad-request", `'${label}' is not a valid PostgreSQL URL`, { url: label });
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw classifyPgError(e, label);
  }
  try {
    const mods = await client.query<ModuleRow>(
      "SELECT name, state, latest_version, auto_install, license FROM ir_module_module ORDER BY name",
    );
    const deps = await client.query<DependencyRow>(
      `SELECT m.name AS module, d.name AS dep, (to_jsonb(d) ->> 'auto_install_required')::boolean AS required
         FROM ir_module_module_dependency d JOIN ir_module_module m ON m.id = d.module_id
        ORDER BY m.name, d.name`,
    );
    const depends = new Map<string, string[]>();
    const required = new Map<string, string[]>();
    for (const r of deps.rows) {
      if (!r.dep) continue;
      (depends.get(r.module) ?? depends.set(r.module, []).get(r.module))?.push(r.dep);
      if (r.required !== false)
        (required.get(r.module) ?? required.set(r.module, []).get(r.module))?.push(r.dep);
    }
    const modules: Record<string, InstalledModule> = {};
    for (const r of mods.rows) {
      modules[r.name] = {
        state: r.state,
        ...(r.latest_version ? { latestVersion: r.latest_version } : {}),
        depends: depends.get(r.name) ?? [],
        autoInstall: r.auto_install === true,
        autoInstallRequired: required.get(r.name) ?? [],
        ...(r.license ? { license: r.license } : {}),
      };
    }
    return { source: "database", label, hasDependencies: true, modules };
  } catch (e) {
    throw e instanceof OrcError ? e : classifyPgError(e, label);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** An installed state from a postgres:// URL or a file path. */
export async function readInstalledState(spec: string): Promise<InstalledState> {
  return isPostgresUrl(spec) ? readInstalledFromDatabase(spec) : readInstalledFile(spec);
}

/** The export document of an installed state (dependencies included), for CI without core addons. */
export function exportInstalledState(state: InstalledState): InstalledExport {
  const modules: Record<string, ExportedModule> = {};
  for (const name of Object.keys(state.modules).sort()) {
    const m = state.modules[name] as InstalledModule;
    modules[name] = {
      state: m.state,
      latest_version: m.latestVersion ?? null,
      depends: [...(m.depends ?? [])],
      auto_install: m.autoInstall ?? false,
      auto_install_required: [...(m.autoInstallRequired ?? [])],
      license: m.license ?? null,
    };
  }
  return { format: INSTALLED_EXPORT_FORMAT, source: state.label, modules };
}
