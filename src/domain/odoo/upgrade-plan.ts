import { buildCatalog, installedRow, type BuiltCatalog } from "./catalog-builder.js";
import { cmp, finding, sortFindings, type Finding } from "./finding.js";
import {
  classifyFile,
  isExcludedByClickOdooUpdate,
  maxImpact,
  moduleImpact,
  type ImpactLevel,
  type ModuleImpact,
} from "./impact.js";
import { loadOrder } from "./load-order.js";
import { selectMigrations, type MigrationScript, type MigrationSelection } from "./migrations.js";
import { findCycles, type Catalog, type DependencySource, type ModuleState } from "./module-catalog.js";
import type {
  AddonSnapshot,
  ChangedFile,
  FileStatus,
  PlanInput,
  RevisionRef,
  UpgradePolicy,
} from "./plan-input.js";
import { diffModels, type PythonModelSummary, type SchemaChange } from "./python-models.js";
import type { OdooSeries } from "./series.js";
import { decideStrategy, type ReleaseStrategy } from "./strategy.js";
import { upgradeClosure, type InstallReason, type UpgradeReason } from "./upgrade-closure.js";
import { compareVersions } from "./version.js";

/** The schema identifier of {@link UpgradePlan}; bumped on any incompatible change. */
export const UPGRADE_PLAN_SCHEMA = "orc.odoo.upgrade-plan/1";

export interface ChangedModuleEntry {
  readonly module: string;
  readonly addonsPath?: string;
  readonly status: "added" | "modified" | "removed" | "explicit" | "shadowed";
  readonly files: readonly { readonly path: string; readonly status: FileStatus; readonly kind: string }[];
  readonly installed: boolean;
  readonly state: ModuleState | "unknown";
  readonly version: {
    readonly installed: string | null;
    readonly before: string | null;
    readonly after: string | null;
    readonly bumped: boolean;
  };
  /** Whether the policy sends the module to `-u`. */
  readonly needsUpgrade: boolean;
  readonly reason: string;
  readonly impact: ImpactLevel;
}

export interface UpgradeEntry {
  readonly module: string;
  readonly position: number;
  readonly depth: number;
  readonly phase?: number;
  readonly reason: string;
  readonly installedVersion: string | null;
  readonly targetVersion: string | null;
  readonly dependsSource: DependencySource;
}

export interface InstallEntry {
  readonly module: string;
  readonly position: number;
  readonly depth: number;
  readonly phase?: number;
  readonly reason: string;
  readonly dependsSource: DependencySource;
}

export interface MigrationEntry {
  readonly module: string;
  readonly installedVersion: string | null;
  readonly targetVersion: string;
  readonly pre: readonly string[];
  readonly post: readonly string[];
  readonly end: readonly string[];
}

export interface ModuleImpactEntry {
  readonly level: ImpactLevel;
  readonly kinds: readonly ImpactLevel[];
  readonly removals: boolean;
  readonly schema?: SchemaChange;
}

/** The stable, deterministic plan document (`orc plan --json`). */
export interface UpgradePlan {
  readonly schema: typeof UPGRADE_PLAN_SCHEMA;
  readonly series: OdooSeries;
  readonly policy: UpgradePolicy;
  readonly input: {
    readonly addonsPaths: readonly string[];
    readonly changes:
      | {
          readonly kind: "revisions";
          readonly from: readonly RevisionRef[];
          readonly to: readonly RevisionRef[];
        }
      | { readonly kind: "explicit"; readonly modules: readonly string[] };
    readonly installed: { readonly source: string; readonly label: string };
    readonly dependencyExport: string | null;
  };
  readonly changed: readonly ChangedModuleEntry[];
  readonly upgrade: {
    /** `odoo -u` argument: the modules that need it, sorted. */
    readonly command: string;
    readonly order: readonly UpgradeEntry[];
    /** Changed modules that are not installed: `-u` ignores them. */
    readonly notInstalled: readonly string[];
  };
  readonly install: readonly InstallEntry[];
  readonly migrations: readonly MigrationEntry[];
  readonly impact: {
    readonly overall: ImpactLevel;
    readonly removals: readonly string[];
    readonly modules: Readonly<Record<string, ModuleImpactEntry>>;
  };
  readonly strategy: ReleaseStrategy;
  /** Where the dependencies of every module in the plan came from. */
  readonly dependencySources: Readonly<Record<string, DependencySource>>;
  readonly findings: readonly Finding[];
  readonly summary: {
    readonly changed: number;
    readonly upgrade: number;
    readonly install: number;
    readonly migrationScripts: number;
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
  };
}

const INSTALLED: readonly string[] = ["installed", "to upgrade"];
const PROPRIETARY = new Set(["OPL-1", "OEEL-1", "Other proprietary"]);
const STRONG_COPYLEFT = new Set([
  "AGPL-3",
  "GPL-2",
  "GPL-2 or any later version",
  "GPL-3",
  "GPL-3 or any later version",
]);

interface ModuleChange {
  module: string;
  addonsPath?: string;
  status: ChangedModuleEntry["status"];
  files: ChangedFile[];
}

function describeUpgrade(r: UpgradeReason): string {
  switch (r.kind) {
    case "selected":
      return "changed";
    case "all-installed-for-base":
      return "installed (base is upgraded)";
    case "depends-on":
      return `depends on ${r.module}`;
  }
}

function describeInstall(r: InstallReason): string {
  return r.kind === "new-dependency"
    ? `new dependency of ${r.of}`
    : `auto_install (${r.triggers.join(", ") || "always"})`;
}

function groupChanges(input: PlanInput, built: BuiltCatalog): ModuleChange[] {
  const { changes } = input;
  if (changes.kind === "explicit") {
    return [...new Set(changes.modules)].sort(cmp).map((module) => {
      const src = built.sources.get(module);
      return { module, ...(src ? { addonsPath: src.addonsPath } : {}), status: "explicit", files: [] };
    });
  }
  const byKey = new Map<string, ModuleChange>();
  const baselineNames = new Set((input.baseline ?? []).map((s) => `${s.addonsPath}\0${s.name}`));
  const targetNames = new Set(input.target.map((s) => `${s.addonsPath}\0${s.name}`));
  for (const f of changes.files) {
    const key = `${f.addonsPath}\0${f.module}`;
    let entry = byKey.get(key);
    if (!entry) {
      const winner = built.sources.get(f.module);
      const status: ChangedModuleEntry["status"] = !targetNames.has(key)
        ? "removed"
        : winner && winner.addonsPath !== f.addonsPath
          ? "shadowed"
          : baselineNames.has(key)
            ? "modified"
            : "added";
      entry = { module: f.module, addonsPath: f.addonsPath, status, files: [] };
      byKey.set(key, entry);
    }
    entry.files.push(f);
  }
  for (const e of byKey.values()) e.files.sort((a, b) => cmp(a.path, b.path));
  return [...byKey.values()].sort(
    (a, b) => cmp(a.module, b.module) || cmp(a.addonsPath ?? "", b.addonsPath ?? ""),
  );
}

function schemaOf(files: readonly ChangedFile[]): SchemaChange | undefined {
  const before: PythonModelSummary[] = [];
  const after: PythonModelSummary[] = [];
  let any = false;
  for (const f of files) {
    if (!f.models) continue;
    any = true;
    if (f.models.before) before.push(f.models.before);
    if (f.models.after) after.push(f.models.after);
  }
  return any ? diffModels(before, after) : undefined;
}

/**
 * Plans a release: which modules Odoo will upgrade and install, in its exact order for the series,
 * which migration scripts run, the impact, the rollout strategy and every finding. Pure and
 * deterministic: the same input gives the same plan.
 */
export function planRelease(input: PlanInput): UpgradePlan {
  const { series, policy } = input;
  const built = buildCatalog(input);
  const { catalog, sources } = built;
  const findings: Finding[] = [];
  const noInstalledState = input.installed.source === "none";
  const dbStates = new Map(built.states);
  if (noInstalledState) {
    // Without an installed state, assume every installable module of the addons path is installed.
    for (const m of catalog.values())
      if (m.installable && !dbStates.has(m.name)) dbStates.set(m.name, "installed");
    findings.push(
      finding(
        "installed-state-unknown",
        "warning",
        "no installed state given: every module of the addons path is assumed installed",
        {
          hint: "pass --installed postgres://… or an installed.json",
        },
      ),
    );
  }
  const stateOf = (n: string): ModuleState | "unknown" =>
    dbStates.get(n) ?? (catalog.has(n) ? "uninstalled" : "unknown");
  const baselineByName = new Map<string, AddonSnapshot>();
  for (const s of input.baseline ?? []) if (!baselineByName.has(s.name)) baselineByName.set(s.name, s);

  const changes = groupChanges(input, built);
  const changedEntries: ChangedModuleEntry[] = [];
  const selected: string[] = [];
  const impacts = new Map<string, ModuleImpact>();
  const scope = new Set<string>();

  for (const ch of changes) {
    const { module } = ch;
    scope.add(module);
    const src = sources.get(module);
    const state = stateOf(module);
    const installed = INSTALLED.includes(state);
    const row = installedRow(input, module);
    const installedVersion = row?.latestVersion ?? null;
    const before = baselineByName.get(module)?.manifest.manifest?.version ?? null;
    const after = ch.status === "removed" ? null : (src?.manifest.manifest?.version ?? null);
    const reference = installedVersion ?? before;
    const bumped = after !== null && reference !== null && compareVersions(after, reference) > 0;
    const relevant = ch.files.filter((f) => !isExcludedByClickOdooUpdate(f.path));
    const schema = schemaOf(ch.files);
    const hypothetical =
      src?.manifest.manifest && (installedVersion ?? before)
        ? selectMigrations({
            series,
            installedVersion: installedVersion ?? before ?? "",
            currentVersion: src.manifest.manifest.version,
            folders: src.migrationFolders,
          })
        : undefined;
    const scriptsRun = hypothetical ? countScripts(hypothetical) > 0 : false;
    // An explicit `-u` reloads the module's data whatever changed: count it as data at least.
    const impact = moduleImpact({
      files: ch.status === "explicit" ? ["__manifest__.py"] : ch.files.map((f) => f.path),
      ...(schema ? { schema } : {}),
      migrationScriptsRun: installed && scriptsRun,
      versionBumped: bumped,
    });
    if (ch.status !== "shadowed" && ch.status !== "removed") impacts.set(module, impact);

    let needsUpgrade: boolean;
    let reason: string;
    if (ch.status === "explicit") {
      needsUpgrade = true;
      reason = "given with --changed";
    } else if (ch.status === "shadowed") {
      needsUpgrade = false;
      reason = `shadowed: Odoo reads ${module} from ${src?.addonsPath ?? "another addons path"}`;
    } else if (ch.status === "removed") {
      needsUpgrade = false;
      reason = "removed from the addons path";
    } else if (policy === "changed") {
      needsUpgrade = relevant.length > 0;
      reason = needsUpgrade ? "files changed" : "only files click-odoo-update ignores changed";
    } else if (policy === "version-bump") {
      needsUpgrade = bumped;
      reason = bumped ? "manifest version went up" : "manifest version did not go up";
    } else {
      needsUpgrade = ["data", "schema", "migration"].includes(impact.level);
      reason = needsUpgrade ? `impact ${impact.level}` : `impact ${impact.level} does not need -u`;
    }
    if (needsUpgrade) selected.push(module);

    changedEntries.push({
      module,
      ...(ch.addonsPath !== undefined ? { addonsPath: ch.addonsPath } : {}),
      status: ch.status,
      files: ch.files.map((f) => ({ path: f.path, status: f.status, kind: classifyFile(f.path) })),
      installed,
      state,
      version: { installed: installedVersion, before, after, bumped },
      needsUpgrade,
      reason,
      impact: impact.level,
    });

    // Findings about the change itself.
    if (ch.status === "explicit" && !catalog.has(module)) {
      findings.push(
        finding(
          "module-not-found",
          "error",
          `module '${module}' is in no addons path and unknown to the installed state`,
          { module },
        ),
      );
    }
    if (ch.status === "removed" && installed && !sources.has(module)) {
      findings.push(
        finding(
          "module-removed",
          "error",
          `installed module '${module}' was removed from the addons path: Odoo will not load it`,
          { module },
        ),
      );
    }
    if (ch.status === "modified" || ch.status === "added") {
      if (installed && relevant.length > 0 && !bumped && after !== null) {
        const severe = policy === "version-bump" && ["data", "schema", "migration"].includes(impact.level);
        findings.push(
          finding(
            "code-changed-without-version-bump",
            severe ? "error" : "warning",
            `${relevant.length} file(s) changed but the version stays ${after}: Odoo.sh will not update it and no migration script runs`,
            { module, hint: "bump the manifest version" },
          ),
        );
      }
      if (before !== null && after !== null && compareVersions(after, before) < 0) {
        findings.push(
          finding("version-decreased", "warning", `manifest version went down from ${before} to ${after}`, {
            module,
          }),
        );
      }
      if (bumped && relevant.every((f) => classifyFile(f.path) === "manifest")) {
        findings.push(
          finding(
            "version-bump-without-change",
            "info",
            "the version went up but only the manifest changed",
            { module },
          ),
        );
      }
    }
    if (ch.status === "shadowed") {
      findings.push(
        finding(
          "module-duplicate",
          "warning",
          `changes to ${module} in ${ch.addonsPath} have no effect: Odoo reads it from ${src?.addonsPath}`,
          {
            module,
          },
        ),
      );
    }
  }

  // Upgrade closure and Odoo's order.
  const closure = upgradeClosure({ catalog, states: dbStates, selected });
  const load = loadOrder({ series, catalog, states: closure.states, update: true });
  const notInstalled = closure.ignored.filter((n) => catalog.has(n) || sources.has(n));
  for (const n of notInstalled) {
    findings.push(
      finding("changed-not-installed", "info", `${n} is not installed: odoo -u ignores it`, { module: n }),
    );
  }
  for (const p of closure.problems) {
    if (p.kind === "unknown-dependency") {
      findings.push(
        finding(
          "dependency-missing",
          "error",
          `${p.module} depends on '${p.dependency}', which is in no addons path and not in the database: Odoo refuses the upgrade`,
          {
            module: p.module,
          },
        ),
      );
    } else if (p.kind === "uninstallable-dependency") {
      findings.push(
        finding(
          "dependency-uninstallable",
          "error",
          `${p.module} depends on '${p.dependency}', which is not installable`,
          { module: p.module },
        ),
      );
    } else {
      findings.push(
        finding("manifest-invalid", "error", `${p.module} excludes '${p.dependency}', which is installed`, {
          module: p.module,
        }),
      );
    }
  }

  const order: UpgradeEntry[] = [];
  const install: InstallEntry[] = [];
  load.order.forEach((m, i) => {
    const cm = catalog.get(m.name);
    const dependsSource = cm?.dependsSource ?? "unknown";
    if (m.state === "to upgrade") {
      const reason = closure.upgrade.get(m.name);
      order.push({
        module: m.name,
        position: i + 1,
        depth: m.depth,
        ...(m.phase !== undefined ? { phase: m.phase } : {}),
        reason: reason ? describeUpgrade(reason) : "to upgrade",
        installedVersion: installedRow(input, m.name)?.latestVersion ?? null,
        targetVersion: cm?.version ?? null,
        dependsSource,
      });
    } else if (m.state === "to install") {
      const reason = closure.install.get(m.name);
      install.push({
        module: m.name,
        position: i + 1,
        depth: m.depth,
        ...(m.phase !== undefined ? { phase: m.phase } : {}),
        reason: reason ? describeInstall(reason) : "to install",
        dependsSource,
      });
    }
  });
  for (const e of [...order, ...install]) scope.add(e.module);
  for (const nl of load.notLoaded) {
    if (!["to upgrade", "to install", "installed"].includes(nl.state)) continue;
    if (nl.state === "installed" && !scope.has(nl.name) && !nl.missing.some((d) => scope.has(d))) continue;
    scope.add(nl.name);
    findings.push(
      finding(
        "module-will-not-load",
        "error",
        nl.reason === "not-installable"
          ? `${nl.name} (${nl.state}) is not installable: Odoo skips it`
          : `${nl.name} (${nl.state}) will not load: ${nl.reason === "dependency-cycle" ? "dependency cycle" : `unmet dependencies ${nl.missing.join(", ")}`}`,
        { module: nl.name },
      ),
    );
  }
  for (const e of install) {
    const r = closure.install.get(e.module);
    if (r?.kind === "auto-install") {
      findings.push(
        finding(
          "auto-install-cascade",
          "warning",
          `${e.module} will be auto-installed because ${r.triggers.join(", ")} will be installed or are installed`,
          {
            module: e.module,
          },
        ),
      );
    } else {
      findings.push(
        finding(
          "new-dependency-install",
          "warning",
          `${e.module} is not installed and will be installed (${e.reason})`,
          { module: e.module },
        ),
      );
    }
  }

  // Migration scripts for every module Odoo upgrades, in load order.
  const migrations: MigrationEntry[] = [];
  const changedFilesByModule = new Map<string, ChangedFile[]>();
  for (const ch of changes) if (ch.status !== "shadowed") changedFilesByModule.set(ch.module, ch.files);
  for (const e of order) {
    const src = sources.get(e.module);
    const m = src?.manifest.manifest;
    if (!src || !m) continue;
    const installedVersion =
      e.installedVersion ?? baselineByName.get(e.module)?.manifest.manifest?.version ?? null;
    if (installedVersion === null) {
      if (src.migrationFolders.length > 0) {
        findings.push(
          finding(
            "migration-version-unknown",
            "warning",
            `the installed version of ${e.module} is unknown: which migration scripts run cannot be predicted`,
            { module: e.module, hint: "give --installed a database or a {name: version} file" },
          ),
        );
      }
      continue;
    }
    const sel = selectMigrations({
      series,
      installedVersion: installedVersion ?? "",
      currentVersion: m.version,
      folders: src.migrationFolders,
    });
    const changedPaths = new Set((changedFilesByModule.get(e.module) ?? []).map((f) => f.path));
    migrationFindings(
      findings,
      e.module,
      sel,
      changedPaths,
      series,
      m.version,
      installedVersion,
      src.addonsPath,
    );
    const names = (list: readonly MigrationScript[]) => list.map((s) => s.file);
    if (countScripts(sel) > 0) {
      migrations.push({
        module: e.module,
        installedVersion,
        targetVersion: m.version,
        pre: names(sel.scripts.pre),
        post: names(sel.scripts.post),
        end: names(sel.scripts.end),
      });
      if (impacts.has(e.module)) {
        const old = impacts.get(e.module) as ModuleImpact;
        impacts.set(e.module, {
          ...old,
          level: "migration",
          kinds: [...new Set([...old.kinds, "migration" as const])],
        });
      }
    }
  }
  for (const e of install) {
    const changed = changedFilesByModule.get(e.module) ?? [];
    if (changed.some((f) => classifyFile(f.path) === "migration-script")) {
      findings.push(
        finding(
          "migration-on-install-ignored",
          "info",
          `${e.module} is installed, not upgraded: its migration scripts do not run`,
          { module: e.module },
        ),
      );
    }
  }

  // Manifest, duplicate, cycle and license findings for the modules in scope.
  for (const f of built.findings) if (f.module === undefined || scope.has(f.module)) findings.push(f);
  for (const n of [...scope].sort(cmp)) {
    const src = sources.get(n);
    if (src)
      for (const f of src.manifest.findings)
        findings.push({ ...f, file: `${src.addonsPath}/${n}/${src.manifestFile}` });
  }
  for (const d of built.duplicates) {
    if (!scope.has(d.name)) continue;
    findings.push(
      finding(
        "module-duplicate",
        "warning",
        `${d.name} is in several addons paths: Odoo uses ${d.winner}, not ${d.shadowed.join(", ")}`,
        {
          module: d.name,
        },
      ),
    );
  }
  for (const cycle of findCycles(catalog, scope)) {
    if (!cycle.some((n) => scope.has(n))) continue;
    findings.push(
      finding("dependency-cycle", "error", `dependency cycle: ${[...cycle, cycle[0]].join(" → ")}`, {
        module: cycle[0] as string,
      }),
    );
  }
  const finalInstalled = new Set(
    [...closure.states]
      .filter(([, s]) => ["installed", "to upgrade", "to install"].includes(s))
      .map(([n]) => n),
  );
  findings.push(...licenseFindings(catalog, finalInstalled, scope));
  for (const e of order) {
    if (e.dependsSource === "unknown") {
      findings.push(
        finding(
          "dependency-unknown-source",
          "warning",
          `dependencies of ${e.module} are unknown (not in the addons path, the database or an export): its place in the order may be wrong`,
          {
            module: e.module,
          },
        ),
      );
    }
  }

  // Impact and strategy.
  let overall: ImpactLevel = "none";
  const removals: string[] = [];
  const impactModules: Record<string, ModuleImpactEntry> = {};
  // Only modules that run (installed, upgraded or being installed) affect the system.
  const running = new Set([...finalInstalled]);
  for (const [n, imp] of [...impacts].sort((a, b) => cmp(a[0], b[0]))) {
    if (!running.has(n)) {
      impactModules[n] = {
        level: imp.level,
        kinds: imp.kinds,
        removals: imp.removals,
        ...(imp.schema ? { schema: imp.schema } : {}),
      };
      continue;
    }
    overall = maxImpact(overall, imp.level);
    if (imp.schema)
      removals.push(
        ...imp.schema.modelsRemoved.map((m) => `model ${m}`),
        ...imp.schema.fieldsRemoved.map((f) => `field ${f}`),
      );
    impactModules[n] = {
      level: imp.level,
      kinds: imp.kinds,
      removals: imp.removals,
      ...(imp.schema ? { schema: imp.schema } : {}),
    };
  }
  if (install.length > 0) overall = maxImpact(overall, "schema");
  if (migrations.length > 0) overall = maxImpact(overall, "migration");
  const strategy = decideStrategy({
    impact: overall,
    removals,
    upgradeCount: order.length,
    installCount: install.length,
  });

  const dependencySources: Record<string, DependencySource> = {};
  for (const n of [...scope].sort(cmp)) dependencySources[n] = catalog.get(n)?.dependsSource ?? "unknown";

  const sorted = sortFindings(dedupeFindings([...findings, ...(input.notes ?? [])]));
  const count = (s: string) => sorted.filter((f) => f.severity === s).length;
  const needsU = order.filter((e) => closure.upgrade.get(e.module)?.kind === "selected").map((e) => e.module);
  return {
    schema: UPGRADE_PLAN_SCHEMA,
    series,
    policy,
    input: {
      addonsPaths: [...input.addonsPaths],
      changes:
        input.changes.kind === "revisions"
          ? { kind: "revisions", from: input.changes.from, to: input.changes.to }
          : { kind: "explicit", modules: [...new Set(input.changes.modules)].sort(cmp) },
      installed: { source: input.installed.source, label: input.installed.label },
      dependencyExport: input.dependencyExport?.label ?? null,
    },
    changed: changedEntries,
    upgrade: { command: [...needsU].sort(cmp).join(","), order, notInstalled },
    install,
    migrations,
    impact: { overall, removals: removals.sort(cmp), modules: impactModules },
    strategy,
    dependencySources,
    findings: sorted,
    summary: {
      changed: changedEntries.length,
      upgrade: order.length,
      install: install.length,
      migrationScripts: migrations.reduce((n, m) => n + m.pre.length + m.post.length + m.end.length, 0),
      errors: count("error"),
      warnings: count("warning"),
      infos: count("info"),
    },
  };
}

function countScripts(sel: MigrationSelection): number {
  return sel.scripts.pre.length + sel.scripts.post.length + sel.scripts.end.length;
}

function migrationFindings(
  out: Finding[],
  module: string,
  sel: MigrationSelection,
  changedPaths: ReadonlySet<string>,
  series: OdooSeries,
  current: string,
  installedVersion: string | null,
  addonsPath: string,
): void {
  for (const s of sel.skipped) {
    const file = `${addonsPath}/${module}/${s.root}/${s.folder}`;
    const touched = [...changedPaths].some((p) => p.startsWith(`${s.root}/${s.folder}/`));
    switch (s.reason) {
      case "invalid-name":
        out.push(
          finding(
            "migration-folder-invalid-name",
            touched ? "error" : "warning",
            `${s.root}/${s.folder} is not a valid version folder for ${series}: Odoo skips it`,
            {
              module,
              file,
            },
          ),
        );
        break;
      case "three-part-folder-in-16":
        out.push(
          finding(
            "migration-folder-never-runs",
            touched ? "error" : "warning",
            `${s.root}/${s.folder} has three parts: Odoo 16 reads it as the full version ${s.fullVersion} and never runs it (odoo/odoo#154743)`,
            { module, file, hint: `name it ${series}.${s.folder}` },
          ),
        );
        break;
      case "above-target-version":
        out.push(
          finding(
            "migration-folder-never-runs",
            touched ? "error" : "warning",
            `${s.root}/${s.folder} is above the manifest version ${current}: it will not run until the version is bumped`,
            {
              module,
              file,
            },
          ),
        );
        break;
      case "already-applied":
        if (touched) {
          out.push(
            finding(
              "migration-folder-never-runs",
              "error",
              `${s.root}/${s.folder} will not run: the installed version ${installedVersion ?? "(unknown)"} is not below it`,
              {
                module,
                file,
              },
            ),
          );
        }
        break;
      case "no-python-file":
        if (touched)
          out.push(
            finding(
              "migration-folder-empty",
              "info",
              `${s.root}/${s.folder} has no .py file directly inside: Odoo ignores it`,
              { module, file },
            ),
          );
        break;
    }
  }
}

function licenseFindings(
  catalog: Catalog,
  installed: ReadonlySet<string>,
  scope: ReadonlySet<string>,
): Finding[] {
  const out: Finding[] = [];
  for (const name of [...installed].sort(cmp)) {
    const m = catalog.get(name);
    if (!m?.license) continue;
    for (const d of m.depends) {
      if (!scope.has(name) && !scope.has(d)) continue;
      const dl = catalog.get(d)?.license;
      if (!dl) continue;
      const mixed =
        (PROPRIETARY.has(m.license) && STRONG_COPYLEFT.has(dl)) ||
        (STRONG_COPYLEFT.has(m.license) && PROPRIETARY.has(dl));
      if (mixed) {
        out.push(
          finding(
            "license-conflict",
            "warning",
            `${name} (${m.license}) depends on ${d} (${dl}): a proprietary and a copyleft licence are combined`,
            {
              module: name,
              hint: "have the licences reviewed before distributing",
            },
          ),
        );
      }
    }
  }
  return out;
}

function dedupeFindings(list: readonly Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of list)
    seen.set(`${f.code}\0${f.module ?? ""}\0${f.file ?? ""}\0${f.line ?? ""}\0${f.message}`, f);
  return [...seen.values()];
}

/** Findings of a whole addons path, without a change: `orc addons check`. */
export function checkAddons(
  input: Pick<PlanInput, "series" | "target" | "installed" | "dependencyExport">,
): Finding[] {
  const built = buildCatalog(input);
  const { catalog, sources } = built;
  const findings: Finding[] = [...built.findings];
  for (const [n, src] of sources)
    for (const f of src.manifest.findings)
      findings.push({ ...f, file: `${src.addonsPath}/${n}/${src.manifestFile}` });
  for (const d of built.duplicates) {
    findings.push(
      finding(
        "module-duplicate",
        "warning",
        `${d.name} is in several addons paths: Odoo uses ${d.winner}, not ${d.shadowed.join(", ")}`,
        { module: d.name },
      ),
    );
  }
  for (const cycle of findCycles(catalog)) {
    findings.push(
      finding("dependency-cycle", "error", `dependency cycle: ${[...cycle, cycle[0]].join(" → ")}`, {
        module: cycle[0] as string,
      }),
    );
  }
  for (const [n, src] of sources) {
    const m = catalog.get(n);
    if (!m || !m.installable) continue;
    for (const d of m.depends) {
      const dep = catalog.get(d);
      if (!dep) {
        findings.push(
          finding(
            "dependency-missing",
            "error",
            `${n} depends on '${d}', which is in no addons path${input.installed.source === "none" ? "" : " and not in the database"}`,
            { module: n, file: `${src.addonsPath}/${n}/${src.manifestFile}` },
          ),
        );
      } else if (!dep.installable) {
        findings.push(
          finding("dependency-uninstallable", "error", `${n} depends on '${d}', which is not installable`, {
            module: n,
            file: `${src.addonsPath}/${n}/${src.manifestFile}`,
          }),
        );
      }
    }
    const manifest = src.manifest.manifest;
    if (manifest) {
      const sel = selectMigrations({
        series: input.series,
        installedVersion: installedRow(input, n)?.latestVersion ?? manifest.version,
        currentVersion: manifest.version,
        folders: src.migrationFolders,
      });
      migrationFindings(
        findings,
        n,
        { ...sel, skipped: sel.skipped.filter((s) => s.reason !== "already-applied") },
        new Set(),
        input.series,
        manifest.version,
        null,
        src.addonsPath,
      );
    }
  }
  findings.push(...licenseFindings(catalog, new Set(sources.keys()), new Set(sources.keys())));
  return sortFindings(dedupeFindings(findings));
}
