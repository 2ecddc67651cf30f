import type { Finding } from "./finding.js";
import type { ManifestReadResult } from "./manifest.js";
import type { MigrationFolder } from "./migrations.js";
import type { ModuleState } from "./module-catalog.js";
import type { PythonModelSummary } from "./python-models.js";
import type { OdooSeries } from "./series.js";

/** Which changed modules need `-u`. */
export const UPGRADE_POLICIES = ["changed", "version-bump", "impact"] as const;
export type UpgradePolicy = (typeof UPGRADE_POLICIES)[number];

/** One module folder of an addons path at one revision (or on disk), as an adapter read it. */
export interface AddonSnapshot {
  readonly name: string;
  /** The addons-path entry, as given by the user. */
  readonly addonsPath: string;
  /** The manifest file name found (`__manifest__.py`, `__openerp__.py`). */
  readonly manifestFile: string;
  /** The manifest as read for the series (parsed by {@link readManifest}). */
  readonly manifest: ManifestReadResult;
  readonly migrationFolders: readonly MigrationFolder[];
}

export type FileStatus = "added" | "modified" | "deleted";

/** A changed file of a module between two revisions. */
export interface ChangedFile {
  readonly addonsPath: string;
  readonly module: string;
  /** Path relative to the module folder. */
  readonly path: string;
  readonly status: FileStatus;
  /** For Python files: the models declared before and after (absent side = file absent). */
  readonly models?: { readonly before?: PythonModelSummary; readonly after?: PythonModelSummary };
}

/** A repository revision an addons-path entry was read at. */
export interface RevisionRef {
  readonly addonsPath: string;
  readonly repository: string;
  readonly rev: string;
  readonly commit: string;
}

export type ChangeSet =
  | {
      readonly kind: "revisions";
      readonly from: readonly RevisionRef[];
      readonly to: readonly RevisionRef[];
      readonly files: readonly ChangedFile[];
    }
  | { readonly kind: "explicit"; readonly modules: readonly string[] };

/** One module as the installed state (a database or a file) knows it. */
export interface InstalledModule {
  readonly state: ModuleState;
  /** `ir_module_module.latest_version`: the installed version. */
  readonly latestVersion?: string;
  /** `ir_module_module_dependency.name` rows, when known. */
  readonly depends?: readonly string[];
  /** Dependencies flagged `auto_install_required`. */
  readonly autoInstallRequired?: readonly string[];
  readonly autoInstall?: boolean;
  readonly license?: string;
}

/** Installed state of one database: where it came from and each module's row. */
export interface InstalledState {
  readonly source: "database" | "file" | "none";
  /** A label safe to print (a URL without password, a file path). */
  readonly label: string;
  /** True when the rows carry dependencies (a database or an exported file). */
  readonly hasDependencies: boolean;
  readonly modules: Readonly<Record<string, InstalledModule>>;
}

/** Dependencies exported from a database, for CI without the core addons. */
export interface DependencyExport {
  readonly label: string;
  readonly modules: Readonly<Record<string, InstalledModule>>;
}

/** Everything {@link planRelease} needs; adapters build it, nothing here is read from disk. */
export interface PlanInput {
  readonly series: OdooSeries;
  readonly policy: UpgradePolicy;
  readonly addonsPaths: readonly string[];
  /** Module folders after the change, in addons-path order (duplicates included). */
  readonly target: readonly AddonSnapshot[];
  /** Module folders before the change (revisions mode), for version comparison. */
  readonly baseline?: readonly AddonSnapshot[];
  readonly changes: ChangeSet;
  readonly installed: InstalledState;
  readonly dependencyExport?: DependencyExport;
  /** Findings the adapters made while reading the sources (e.g. an addons path outside git). */
  readonly notes?: readonly Finding[];
}
