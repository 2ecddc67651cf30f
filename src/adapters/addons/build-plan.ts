import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
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
  type PythonModelSummary,
  type RevisionRef,
  type UpgradePlan,
  type UpgradePolicy,
} from "../../domain/odoo/index.js";
import { CatFileSession, findWorkTree, resolveCommits, type GitObject } from "../git/git.js";
import {
  diffModuleFolders,
  openGitScanCache,
  readModuleFolders,
  scanAddonsAtCommits,
  type GitScanCache,
} from "../git/revision-scan.js";
import {
  isPostgresUrl,
  readDependencyExport,
  readInstalledFile,
  readInstalledState,
} from "../odoo-db/installed-state.js";
import { scanAddonsOnDisk, type AddonsPathEntry } from "./disk-scan.js";
import { cacheWritten } from "./scan-cache.js";
import { pythonModelReader, type PythonModelReader } from "./python-parser.js";

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
  /** Called with the duration of each reading phase (for `ORC_TRACE` and benchmarks). */
  readonly trace?: (phase: string, ms: number) => void;
}

function entries(paths: readonly string[], cwd: string): AddonsPathEntry[] {
  return paths
    .filter((p) => p.trim() !== "")
    .map((p) => ({ display: p.replace(/\/+$/, "") || p, absolute: resolve(cwd, p) }));
}

/** Scans the addons path from disk with the cache of `cacheDir` (after this process's pending writes). */
async function scanAddonsOnDiskCached(
  paths: readonly AddonsPathEntry[],
  series: OdooSeries,
  cacheDir: string | undefined,
): Promise<AddonSnapshot[]> {
  const file = cacheDir ? join(cacheDir, `disk-scan-${series}.json`) : undefined;
  await cacheWritten(file);
  return scanAddonsOnDisk(paths, series, file);
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
  const input = await collectPlanInput(src);
  const t = performance.now();
  const plan = planRelease(input);
  src.trace?.("plan", performance.now() - t);
  return plan;
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
    const target = await scanAddonsOnDiskCached(paths, src.series, src.cacheDir);
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
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    src.trace?.(phase, now - mark);
    mark = now;
  };
  const fromOf = parseRevisionSpec(src.changes.from, "--from");
  const toOf = parseRevisionSpec(src.changes.to, "--to");
  const cacheFile = src.cacheDir ? join(src.cacheDir, `git-scan-${src.series}.json`) : undefined;
  await cacheWritten(cacheFile);
  const cache = openGitScanCache(cacheFile, src.series);
  lap("cache-load");
  // Load the Python grammar while git works (it is needed as soon as a Python file changed).
  pythonModelReader().catch(() => undefined);
  const target: AddonSnapshot[] = [];
  const baseline: AddonSnapshot[] = [];
  const files: ChangedFile[] = [];
  const from: RevisionRef[] = [];
  const to: RevisionRef[] = [];
  const notes: Finding[] = [];

  const sessions: CatFileSession[] = [];
  try {
    // Each entry: rev-parse, one cat-file session and the diff run at once, from the entry's own
    // folder (paths relative to it), so a plan costs one round of git processes per entry.
    const settled = await Promise.allSettled(
      paths.map(async (entry) => {
        const fromRev = fromOf(entry.display);
        const toRev = toOf(entry.display);
        if (!existsSync(entry.absolute)) {
          throw new OrcError("bad-request", `addons path '${entry.display}' does not exist`, {
            path: entry.display,
          });
        }
        const root = findWorkTree(entry.absolute);
        if (!root) return { entry, found: undefined };
        // One `git cat-file --batch` process answers everything: revisions, trees, manifests, blobs.
        const session = new CatFileSession(entry.absolute);
        sessions.push(session);
        let t0 = performance.now();
        const step = (phase: string) => {
          const now = performance.now();
          src.trace?.(`${entry.display}: ${phase}`, now - t0);
          t0 = now;
        };
        const [fromCommit, toCommit] = (await resolveCommits(session, root, [fromRev, toRev])) as [
          string,
          string,
        ];
        step("resolve");
        // The module scan and the diff (with its Python files) are pipelined on the same session.
        const dirs = await readModuleFolders(session, [toCommit, fromCommit]);
        step("folders");
        if (!dirs.tracked) return { entry, found: undefined };
        const [scan, changed] = await Promise.all([
          scanAddonsAtCommits({
            session,
            commits: [toCommit, fromCommit],
            dirs,
            addonsPath: entry.display,
            series: src.series,
            cache,
          }),
          (fromCommit === toCommit
            ? Promise.resolve([])
            : diffModuleFolders(session, dirs[1] ?? [], dirs[0] ?? [])
          ).then((diff) => changedFiles(diff, entry, session, fromCommit, toCommit, cache)),
        ]);
        step("modules, diff and Python models");
        return {
          entry,
          found: true,
          fromRev,
          toRev,
          fromCommit,
          toCommit,
          repo: { root },
          after: scan.snapshots[0] ?? [],
          before: scan.snapshots[1] ?? [],
          changed,
        };
      }),
    );
    // Report the first failure in addons-path order (deterministic errors).
    const scanned = settled.map((r) => {
      if (r.status === "rejected") throw r.reason;
      return r.value;
    });
    for (const sc of scanned) {
      const { entry } = sc;
      if (!sc.found || !("repo" in sc)) {
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
      const { repo, fromCommit, toCommit } = sc;
      from.push({ addonsPath: entry.display, repository: repo.root, rev: sc.fromRev, commit: fromCommit });
      to.push({ addonsPath: entry.display, repository: repo.root, rev: sc.toRev, commit: toCommit });
      target.push(...sc.after);
      baseline.push(...sc.before);
      files.push(...sc.changed);
    }
    lap("git");
  } finally {
    for (const sess of sessions) sess.close();
  }
  void cache.saveInBackground();
  lap("cache-save");
  return {
    ...base,
    target,
    baseline,
    changes: { kind: "revisions", from, to, files },
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** Splits a diff into module files; Python files get their models before and after (tree-sitter). */
async function changedFiles(
  diff: readonly { path: string; status: ChangedFile["status"] }[],
  entry: AddonsPathEntry,
  session: CatFileSession,
  fromRev: string,
  toRev: string,
  cache: GitScanCache,
): Promise<ChangedFile[]> {
  const out: ChangedFile[] = [];
  const py: PyRequest[] = [];
  for (const d of diff) {
    const slash = d.path.indexOf("/");
    if (slash < 0) continue;
    const module = d.path.slice(0, slash);
    const path = d.path.slice(slash + 1);
    const isModelSource = path.endsWith(".py") && !/^(?:tests|migrations|upgrades)\//.test(path);
    if (isModelSource)
      py.push({ session, entry, module, path, status: d.status, fromCommit: fromRev, toCommit: toRev });
    else out.push({ addonsPath: entry.display, module, path, status: d.status });
  }
  return [...out, ...(await readPythonChanges(py, cache))];
}

type PyRequest = {
  session: CatFileSession;
  entry: AddonsPathEntry;
  module: string;
  path: string;
  status: ChangedFile["status"];
  fromCommit: string;
  toCommit: string;
};

/** Reads both sides of changed Python files and summarizes their models with tree-sitter (cached by blob id). */
async function readPythonChanges(reqs: readonly PyRequest[], cache: GitScanCache): Promise<ChangedFile[]> {
  if (reqs.length === 0) return [];
  let reader: PythonModelReader | undefined;
  const summarize = async (blob: GitObject | undefined): Promise<PythonModelSummary | undefined> => {
    if (!blob) return undefined;
    const key = `py:${blob.oid}`;
    const hit = cache.get(key);
    if (hit && "models" in hit) return hit.models;
    reader ??= await pythonModelReader();
    const models = reader(blob.content.toString("utf8"));
    cache.set(key, { models });
    return models;
  };
  const out: ChangedFile[] = [];
  const bySession = new Map<CatFileSession, PyRequest[]>();
  for (const r of reqs) bySession.set(r.session, [...(bySession.get(r.session) ?? []), r]);
  for (const [session, list] of bySession) {
    const objects = await session.read(
      list.flatMap((r) => [
        `${r.fromCommit}:./${r.module}/${r.path}`,
        `${r.toCommit}:./${r.module}/${r.path}`,
      ]),
    );
    for (const [i, r] of list.entries()) {
      const before = r.status !== "added" ? await summarize(objects[2 * i]) : undefined;
      const after = r.status !== "deleted" ? await summarize(objects[2 * i + 1]) : undefined;
      out.push({
        addonsPath: r.entry.display,
        module: r.module,
        path: r.path,
        status: r.status,
        models: { ...(before ? { before } : {}), ...(after ? { after } : {}) },
      });
    }
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
  const target = await scanAddonsOnDiskCached(paths, src.series, src.cacheDir);
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
