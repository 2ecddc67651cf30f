import { finding, cmp, type Finding } from "./finding.js";
import type { AutoInstall } from "./manifest.js";
import type { Catalog, CatalogModule, DependencySource, ModuleState } from "./module-catalog.js";
import type { AddonSnapshot, DependencyExport, InstalledModule, InstalledState } from "./plan-input.js";
import { seriesMajor, type OdooSeries } from "./series.js";

export interface ModuleDuplicate {
  readonly name: string;
  /** The addons-path entry Odoo reads the module from (the first one). */
  readonly winner: string;
  readonly shadowed: readonly string[];
}

export interface BuiltCatalog {
  readonly catalog: Catalog;
  /** The snapshot Odoo reads for each module found in the addons path. */
  readonly sources: ReadonlyMap<string, AddonSnapshot>;
  readonly duplicates: readonly ModuleDuplicate[];
  /** Database states; modules absent from the installed state are not in this map. */
  readonly states: ReadonlyMap<string, ModuleState>;
  /** Findings about reading the addons path itself (manifests, names, duplicates). */
  readonly findings: readonly Finding[];
}

const MODULE_NAME_RE_19 = /^\w{1,256}$/;

function autoInstallFromRow(row: InstalledModule): AutoInstall {
  if (!row.autoInstall) return false;
  return { triggers: [...(row.autoInstallRequired ?? row.depends ?? [])].sort(cmp) };
}

/**
 * The rows of the dependency export that stand for the installed state: an export records its
 * database's states and versions, so a module the installed file does not name (Odoo's core modules,
 * when the file lists only a team's own addons) takes its state from the export. A live database is
 * complete and is never supplemented.
 */
function exportStatesFor(input: {
  readonly installed: InstalledState;
  readonly dependencyExport?: DependencyExport;
}): Readonly<Record<string, InstalledModule>> {
  if (input.installed.source === "database" || !input.dependencyExport) return {};
  const out: Record<string, InstalledModule> = {};
  for (const [name, row] of Object.entries(input.dependencyExport.modules))
    if (!(name in input.installed.modules)) out[name] = row;
  return out;
}

/**
 * The installed row of `name`: from the installed state, else (for a file, not a live database) from
 * the dependency export.
 */
export function installedRow(
  input: { readonly installed: InstalledState; readonly dependencyExport?: DependencyExport },
  name: string,
): InstalledModule | undefined {
  return (
    input.installed.modules[name] ??
    (input.installed.source === "database" ? undefined : input.dependencyExport?.modules[name])
  );
}

/**
 * Odoo's view of the modules after `update_list()`: the addons path (the first entry having a
 * module wins), then every module the installed state or an export knows that the addons path lacks
 * (their dependencies then come from the database or the export, as each entry records).
 */
export function buildCatalog(input: {
  readonly series: OdooSeries;
  readonly target: readonly AddonSnapshot[];
  readonly installed: InstalledState;
  readonly dependencyExport?: DependencyExport;
}): BuiltCatalog {
  const { series } = input;
  const major = seriesMajor(series);
  const findings: Finding[] = [];
  const sources = new Map<string, AddonSnapshot>();
  const seen = new Map<string, AddonSnapshot[]>();
  for (const snap of input.target) {
    if (major >= 19 && !MODULE_NAME_RE_19.test(snap.name)) {
      findings.push(
        finding(
          "module-name-invalid",
          "warning",
          `'${snap.name}' is not a valid module name for ${series} (^\\w{1,256}$): Odoo ignores it`,
          {
            module: snap.name,
            file: `${snap.addonsPath}/${snap.name}`,
          },
        ),
      );
      continue;
    }
    if (major >= 19 && snap.manifestFile !== "__manifest__.py") {
      findings.push(
        finding(
          "manifest-ignored-legacy-file",
          "warning",
          `${series} reads only __manifest__.py: '${snap.manifestFile}' is ignored and the module does not exist`,
          {
            module: snap.name,
            file: `${snap.addonsPath}/${snap.name}/${snap.manifestFile}`,
            hint: "rename it to __manifest__.py",
          },
        ),
      );
      continue;
    }
    const list = seen.get(snap.name);
    if (list) list.push(snap);
    else seen.set(snap.name, [snap]);
    if (!sources.has(snap.name)) sources.set(snap.name, snap);
  }
  const duplicates: ModuleDuplicate[] = [];
  for (const [name, list] of [...seen].sort((a, b) => cmp(a[0], b[0]))) {
    if (list.length < 2) continue;
    const [winner, ...rest] = list as [AddonSnapshot, ...AddonSnapshot[]];
    duplicates.push({ name, winner: winner.addonsPath, shadowed: rest.map((s) => s.addonsPath) });
  }

  const catalog = new Map<string, CatalogModule>();
  for (const [name, snap] of sources) {
    const m = snap.manifest.manifest;
    if (!m) {
      catalog.set(name, {
        name,
        depends: [],
        autoInstall: false,
        installable: false,
        excludes: [],
        dependsSource: "addons-path",
        addonsPath: snap.addonsPath,
      });
      continue;
    }
    catalog.set(name, {
      name,
      depends: m.depends,
      autoInstall: m.autoInstall,
      installable: m.installable,
      excludes: m.excludes,
      dependsSource: "addons-path",
      version: m.version,
      ...(m.license !== undefined ? { license: m.license } : {}),
      addonsPath: snap.addonsPath,
    });
  }
  const addFromRows = (
    rows: Readonly<Record<string, InstalledModule>>,
    source: DependencySource,
    hasDeps: boolean,
  ) => {
    for (const name of Object.keys(rows).sort(cmp)) {
      if (catalog.has(name)) continue;
      const row = rows[name] as InstalledModule;
      const known = hasDeps && row.depends !== undefined;
      catalog.set(name, {
        name,
        depends: known ? [...(row.depends ?? [])] : [],
        autoInstall: known ? autoInstallFromRow(row) : false,
        installable: row.state !== "uninstallable",
        excludes: [],
        dependsSource: known ? source : "unknown",
        ...(row.license ? { license: row.license } : {}),
      });
    }
  };
  // The live database is authoritative; an export fills in what a plain installed file lacks.
  if (input.installed.source === "database")
    addFromRows(input.installed.modules, "database", input.installed.hasDependencies);
  if (input.dependencyExport) addFromRows(input.dependencyExport.modules, "export", true);
  if (input.installed.source !== "database")
    addFromRows(input.installed.modules, "export", input.installed.hasDependencies);
  const states = new Map<string, ModuleState>();
  for (const name of Object.keys(exportStatesFor(input))) {
    states.set(name, (input.dependencyExport?.modules[name] as InstalledModule).state);
  }
  for (const [name, row] of Object.entries(input.installed.modules)) states.set(name, row.state);
  return { catalog, sources, duplicates, states, findings };
}
