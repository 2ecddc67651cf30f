import { cmp } from "./finding.js";
import { seriesMajor, type OdooSeries } from "./series.js";
import { compareParsed, parseVersion } from "./version.js";

export type MigrationStage = "pre" | "post" | "end";

/** A version folder of `migrations/`, `upgrades/` or an `--upgrade-path` entry, with the entries directly inside it. */
export interface MigrationFolder {
  /** `migrations`, `upgrades`, or the upgrade-path entry. */
  readonly root: string;
  readonly name: string;
  /** Basenames of the files directly inside the folder. */
  readonly files: readonly string[];
}

export interface MigrationScript {
  readonly stage: MigrationStage;
  /** The folder name as written, e.g. `1.2` or `17.0.1.2.0`. */
  readonly folder: string;
  /** Path relative to the module: `migrations/1.2/pre-rename.py`. */
  readonly file: string;
}

export type SkippedFolderReason =
  "no-python-file" | "invalid-name" | "three-part-folder-in-16" | "above-target-version" | "already-applied";

export interface SkippedFolder {
  readonly folder: string;
  readonly root: string;
  readonly reason: SkippedFolderReason;
  readonly fullVersion?: string;
}

export interface MigrationSelection {
  readonly scripts: Readonly<Record<MigrationStage, readonly MigrationScript[]>>;
  readonly skipped: readonly SkippedFolder[];
}

/** `VERSION_RE` of `odoo/modules/migration.py` (17+). */
const VERSION_RE =
  /^(?:(?:6\.1|[6-9]\.0|[1-9]\d+\.0|(?:7|8|9|10)\.saas~[1-9]\d*|saas~(?:1[1-9]|[2-9]\d+)\.[1-9])\.)?\d+\.\d+(?:\.\d+)?$/;

function dots(s: string): number {
  return s.split(".").length - 1;
}

/** The full version a folder stands for, per series (`convert_version`). */
export function folderFullVersion(folder: string, series: OdooSeries): string {
  if (seriesMajor(series) >= 17) {
    if (folder === "0.0.0") return folder;
    return dots(folder) > 2 ? folder : `${series}.${folder}`;
  }
  return dots(folder) >= 2 ? folder : `${series}.${folder}`;
}

/**
 * The migration scripts Odoo runs for a module in state `to upgrade`, by stage and in Odoo's order
 * (`MigrationManager.migrate_module`): folders sorted by full version (`0.0.0` first in `pre`, last in
 * `post`/`end`), a folder running when `installed < folder <= current` (major-less folders compare
 * without the series), files by basename. Scripts never run on install.
 */
export function selectMigrations(input: {
  readonly series: OdooSeries;
  /** `ir_module_module.latest_version`; empty when unknown. */
  readonly installedVersion: string;
  /** The manifest's full version. */
  readonly currentVersion: string;
  readonly folders: readonly MigrationFolder[];
}): MigrationSelection {
  const { series } = input;
  const major = seriesMajor(series);
  const skipped: SkippedFolder[] = [];
  const byVersion = new Map<string, MigrationFolder[]>();
  for (const f of input.folders) {
    if (major >= 17 && (f.name === "tests" || !VERSION_RE.test(f.name))) {
      skipped.push({ folder: f.name, root: f.root, reason: "invalid-name" });
      continue;
    }
    if (!f.files.some((x) => x.endsWith(".py"))) {
      skipped.push({ folder: f.name, root: f.root, reason: "no-python-file" });
      continue;
    }
    const list = byVersion.get(f.name);
    if (list) list.push(f);
    else byVersion.set(f.name, [f]);
  }
  const installed = parseVersion(input.installedVersion);
  const current = parseVersion(input.currentVersion);
  const runs = (folder: string): boolean => {
    if (folder === "0.0.0" && compareParsed(installed, current) < 0) return true;
    const full = folderFullVersion(folder, series);
    const parsed = parseVersion(full);
    if (full !== folder) {
      return (
        compareParsed(installed.slice(2), parsed.slice(2)) < 0 &&
        compareParsed(parsed.slice(2), current.slice(2)) <= 0
      );
    }
    return compareParsed(installed, parsed) < 0 && compareParsed(parsed, current) <= 0;
  };
  const sorted = [...byVersion.keys()].sort(
    (a, b) =>
      compareParsed(parseVersion(folderFullVersion(a, series)), parseVersion(folderFullVersion(b, series))) ||
      cmp(a, b),
  );
  for (const v of sorted) {
    if (runs(v)) continue;
    const full = folderFullVersion(v, series);
    const roots = byVersion.get(v) ?? [];
    const reason: SkippedFolderReason =
      major === 16 && v !== "0.0.0" && dots(v) === 2
        ? "three-part-folder-in-16"
        : v !== "0.0.0" && compareParsed(parseVersion(full), current) > 0
          ? "above-target-version"
          : "already-applied";
    for (const f of roots) skipped.push({ folder: v, root: f.root, reason, fullVersion: full });
  }
  const scripts = {} as Record<MigrationStage, MigrationScript[]>;
  for (const stage of ["pre", "post", "end"] as const) {
    const versions = sorted.filter((v) => v !== "0.0.0");
    if (sorted.includes("0.0.0")) {
      if (stage === "pre") versions.unshift("0.0.0");
      else versions.push("0.0.0");
    }
    const list: MigrationScript[] = [];
    for (const v of versions) {
      if (!runs(v)) continue;
      const files: { base: string; file: string; rootIndex: number }[] = [];
      (byVersion.get(v) ?? []).forEach((f, rootIndex) => {
        for (const base of f.files) {
          if (base.startsWith(`${stage}-`) && base.endsWith(".py"))
            files.push({ base, file: `${f.root}/${v}/${base}`, rootIndex });
        }
      });
      files.sort((a, b) => cmp(a.base, b.base) || a.rootIndex - b.rootIndex);
      for (const f of files) list.push({ stage, folder: v, file: f.file });
    }
    scripts[stage] = list;
  }
  return {
    scripts,
    skipped: skipped.sort((a, b) => cmp(a.root, b.root) || cmp(a.folder, b.folder)),
  };
}
