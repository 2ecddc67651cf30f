import { join, resolve } from "node:path";
import { OrcError } from "../../domain/errors.js";
import {
  checkAddons,
  planRelease,
  type AddonSnapshot,
  type ChangedFile,
  type DependencyExport,
  type Finding,
  type InstalledState,
  type OdooSeries,
  type PlanInput,
  type RevisionRef,
  type UpgradePlan,
  type UpgradePolicy,
} from "../../domain/odoo/index.js";
import {
  catFileBatch,
  diffNames,
  locateRepository,
  resolveCommit,
  type RepositoryLocation,
} from "../git/git.js";
import { openGitScanCache, scanAddonsAtCommit } from "../git/revision-scan.js";
import {
  isPostgresUrl,
  readDependencyExport,
  readInstalledFile,
  readInstalledState,
} from "../odoo-db/installed-state.js";
import { scanAddonsOnDisk, type AddonsPathEntry } from "./disk-scan.js";
import { pythonModelReader } from "./python-parser.js";

/** Where a plan's inputs come from; the server and the CLI both call {@link buildPlanFromSources}. */
export interface PlanSources {
  readonly series: OdooSeries;
  /** @default "changed" */
  readonly policy?: UpgradePolicy;
  /** Addons-path entries as the user wrote them (resolved against `cwd`). */
  readonly addonsPaths: readonly string[];
  /**
   * Either two revisions (each `REV` for every repository, or `entry=REV,…` per addons-path entry),
   * or the names of the modules to upgrade.
   */
  readonly changes:
    | { readonly kind: "revisions"; readonly from: string; readonly to: string }
    | { readonly kind: "explicit"; readonly modules: readonly string[] };
  /** A `postgres://` URL or an installed-state file; none means every module is assumed installed. */
  readonly installed?: string;
  /** An exported dependency file (`orc addons export-installed`). */
  readonly dependencies?: string;
  /** Directory of the scan caches; none disables caching. */
  readonly cacheDir?: string;
  /** @default process.cwd() */
  readonly cwd?: string;
}

function entries(paths: readonly string[], cwd: string): AddonsPathEntry[] {
  return paths
    .filter((p) => p.trim() !== "")
    .map((p) => ({ display: p.replace(/\/+$/, "") || p, absolute: resolve(cwd, p) }));
}

/** Parses `REV` or `entry=REV,other=REV2,DEFAULT` into a lookup by addons-path entry. */
export function parseRevisionSpec(spec: string, flag: string): (entry: string) => string {
  const parts = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  let fallback: string | undefined;
  const map = new Map<string, string>();
  for (const p of parts) {
    const eq = p.indexOf("=");
    if (eq < 0) fallback = p;
    else map.set(p.slice(0, eq).replace(/\/+$/, ""), p.slice(eq + 1));
  }
  return (entry) => {
    const rev = map.get(entry) ?? fallback;
    if (!rev)
      throw new OrcError("bad-request", `${flag} names no revision for addons path '${entry}'`, { entry });
    return rev;
  };
}

async function readInstalled(spec: string | undefined, cwd: string): Promise<InstalledState> {
  if (!spec) return { source: "none", label: "(none)", hasDependencies: false, modules: {} };
  if (isPostgresUrl(spec)) return readInstalledState(spec);
  return { ...readInstalledFile(resolve(cwd, spec)), label: spec };
}

/**
 * Reads the addons path (from disk, or from git at two revisions), the installed state and the
 * dependency export, then plans the release with {@link planRelease}.
 */
export async function buildPlanFromSources(src: PlanSources): Promise<UpgradePlan> {
  return planRelease(await collectPlanInput(src));
}

/** The {@link PlanInput} for a set of sources (exposed for tests and benchmarks). */
export async function collectPlanInput(src: PlanSources): Promise<PlanInput> {
  const cwd = src.cwd ?? process.cwd();
  const paths = entries(src.addonsPaths, cwd);
  const installed = await readInstalled(src.installed, cwd);
  const dependencyExport: DependencyExport | undefined = src.dependencies
    ? { ...readDependencyExport(resolve(cwd, src.dependencies)), label: src.dependencies }
    : undefined;
  const base = {
    series: src.series,
    policy: src.policy ?? "changed",
    addonsPaths: paths.map((p) => p.display),
    installed,
    ...(dependencyExport ? { dependencyExport } : {}),
  } as const;
  if (src.changes.kind === "explicit") {
    const target = scanAddonsOnDisk(
      paths,
      src.series,
      src.cacheDir ? join(src.cacheDir, `disk-scan-${src.series}.json`) : undefined,
    );
    return { ...base, target, changes: { kind: "explicit", modules: src.changes.modules } };
  }
  return collectRevisions(src, paths, base);
}

async function collectRevisions(
  src: PlanSources,
  paths: readonly AddonsPathEntry[],
  base: Omit<PlanInput, "target" | "changes" | "baseline">,
): Promise<PlanInput> {
  if (src.changes.kind !== "revisions") throw new Error("unreachable");
  const fromOf = parseRevisionSpec(src.changes.from, "--from");
  const toOf = parseRevisionSpec(src.changes.to, "--to");
  const cache = openGitScanCache(
    src.cacheDir ? join(src.cacheDir, `git-scan-${src.series}.json`) : undefined,
    src.series,
  );
  const target: AddonSnapshot[] = [];
  const baseline: AddonSnapshot[] = [];
  const files: ChangedFile[] = [];
  const from: RevisionRef[] = [];
  const to: RevisionRef[] = [];
  const notes: Finding[] = [];
  const pyRequests: {
    repo: RepositoryLocation;
    entry: AddonsPathEntry;
    module: string;
    path: string;
    status: ChangedFile["status"];
    fromCommit: string;
    toCommit: string;
    full: string;
  }[] = [];
  const otherFiles: ChangedFile[] = [];

  const located = await Promise.all(
    paths.map(async (entry) => ({ entry, repo: await locateRepositoryChecked(entry) })),
  );
  for (const { entry, repo } of located) {
    if (!repo) {
      // Not a git work tree: read it from disk for both sides; it cannot have changes.
      const snaps = scanAddonsOnDisk([entry], src.series);
      target.push(...snaps);
      baseline.push(...snaps);
      notes.push({
        code: "addons-path-not-git",
        severity: "info",
        message: `addons path '${entry.display}' is not in a git repository: read from disk, no change detected there`,
      });
      continue;
    }
    const fromRev = fromOf(entry.display);
    const toRev = toOf(entry.display);
    const [fromCommit, toCommit] = await Promise.all([
      resolveCommit(repo.root, fromRev),
      resolveCommit(repo.root, toRev),
    ]);
    from.push({ addonsPath: entry.display, repository: repo.root, rev: fromRev, commit: fromCommit });
    to.push({ addonsPath: entry.display, repository: repo.root, rev: toRev, commit: toCommit });
    const [after, before, diff] = await Promise.all([
      scanAddonsAtCommit({
        root: repo.root,
        prefix: repo.prefix,
        commit: toCommit,
        addonsPath: entry.display,
        series: src.series,
        cache,
      }),
      scanAddonsAtCommit({
        root: repo.root,
        prefix: repo.prefix,
        commit: fromCommit,
        addonsPath: entry.display,
        series: src.series,
        cache,
      }),
      fromCommit === toCommit ? Promise.resolve([]) : diffNames(repo.root, fromCommit, toCommit, repo.prefix),
    ]);
    target.push(...after);
    baseline.push(...before);
    for (const d of diff) {
      const rel = d.path.slice(repo.prefix.length);
      const slash = rel.indexOf("/");
      if (slash < 0) continue;
      const module = rel.slice(0, slash);
      const path = rel.slice(slash + 1);
      if (
        path.endsWith(".py") &&
        !path.startsWith("tests/") &&
        !path.startsWith("migrations/") &&
        !path.startsWith("upgrades/")
      ) {
        pyRequests.push({ repo, entry, module, path, status: d.status, fromCommit, toCommit, full: d.path });
      } else {
        otherFiles.push({ addonsPath: entry.display, module, path, status: d.status });
      }
    }
  }
  files.push(...otherFiles, ...(await readPythonChanges(pyRequests)));
  cache.save();
  return {
    ...base,
    target,
    baseline,
    changes: { kind: "revisions", from, to, files },
    ...(notes.length > 0 ? { notes } : {}),
  };
}

async function locateRepositoryChecked(entry: AddonsPathEntry): Promise<RepositoryLocation | undefined> {
  try {
    return await locateRepository(entry.absolute);
  } catch (e) {
    if (e instanceof OrcError && e.code === "git-error" && /does not exist|ENOENT/i.test(e.message)) {
      throw new OrcError("bad-request", `addons path '${entry.display}' does not exist`, {
        path: entry.display,
      });
    }
    throw e;
  }
}

/** Reads both sides of changed Python files and summarizes their models with tree-sitter. */
async function readPythonChanges(
  reqs: readonly {
    repo: RepositoryLocation;
    entry: AddonsPathEntry;
    module: string;
    path: string;
    status: ChangedFile["status"];
    fromCommit: string;
    toCommit: string;
    full: string;
  }[],
): Promise<ChangedFile[]> {
  if (reqs.length === 0) return [];
  const reader = await pythonModelReader();
  const byRepo = new Map<string, typeof reqs extends readonly (infer R)[] ? R[] : never>();
  for (const r of reqs) {
    const list = byRepo.get(r.repo.root) ?? [];
    list.push(r);
    byRepo.set(r.repo.root, list);
  }
  const out: ChangedFile[] = [];
  for (const [root, list] of byRepo) {
    const objects = await catFileBatch(
      root,
      list.flatMap((r) => [`${r.fromCommit}:${r.full}`, `${r.toCommit}:${r.full}`]),
    );
    list.forEach((r, i) => {
      const before = objects[2 * i];
      const after = objects[2 * i + 1];
      const models = {
        ...(before && r.status !== "added" ? { before: reader(before.content.toString("utf8")) } : {}),
        ...(after && r.status !== "deleted" ? { after: reader(after.content.toString("utf8")) } : {}),
      };
      out.push({ addonsPath: r.entry.display, module: r.module, path: r.path, status: r.status, models });
    });
  }
  return out;
}

/** Findings of a whole addons path on disk (`orc addons check`). */
export async function checkAddonsFromSources(src: {
  readonly series: OdooSeries;
  readonly addonsPaths: readonly string[];
  readonly installed?: string;
  readonly dependencies?: string;
  readonly cacheDir?: string;
  readonly cwd?: string;
}): Promise<Finding[]> {
  const cwd = src.cwd ?? process.cwd();
  const paths = entries(src.addonsPaths, cwd);
  const target = scanAddonsOnDisk(
    paths,
    src.series,
    src.cacheDir ? join(src.cacheDir, `disk-scan-${src.series}.json`) : undefined,
  );
  const installed = await readInstalled(src.installed, cwd);
  const dependencyExport = src.dependencies
    ? { ...readDependencyExport(resolve(cwd, src.dependencies)), label: src.dependencies }
    : undefined;
  return checkAddons({
    series: src.series,
    target,
    installed,
    ...(dependencyExport ? { dependencyExport } : {}),
  });
}

/** The modules of the addons path on disk plus the installed state, for `orc addons graph`. */
export async function readAddonsForGraph(src: {
  readonly series: OdooSeries;
  readonly addonsPaths: readonly string[];
  readonly installed?: string;
  readonly dependencies?: string;
  readonly cwd?: string;
}): Promise<{ target: AddonSnapshot[]; installed: InstalledState; dependencyExport?: DependencyExport }> {
  const cwd = src.cwd ?? process.cwd();
  const target = scanAddonsOnDisk(entries(src.addonsPaths, cwd), src.series);
  const installed = await readInstalled(src.installed, cwd);
  const dependencyExport = src.dependencies
    ? { ...readDependencyExport(resolve(cwd, src.dependencies)), label: src.dependencies }
    : undefined;
  return { target, installed, ...(dependencyExport ? { dependencyExport } : {}) };
}
