import {
  readManifest,
  type AddonSnapshot,
  type MigrationFolder,
  type OdooSeries,
  type PythonModelSummary,
} from "../../domain/odoo/index.js";
import { ScanCache } from "../addons/scan-cache.js";
import { MANIFEST_CANDIDATES } from "../addons/disk-scan.js";
import { parseTree, type CatFileSession, type TreeEntry } from "./git.js";

type CachedModule =
  | { readonly none: true }
  | { readonly models: PythonModelSummary }
  | {
      readonly manifestFile: string;
      readonly manifest: AddonSnapshot["manifest"];
      readonly migrationFolders: readonly MigrationFolder[];
    };

/** A cache of module folders read from git, keyed by folder name and tree id (content-addressed, so never stale). */
export type GitScanCache = ScanCache<CachedModule>;

export function openGitScanCache(file: string | undefined, series: OdooSeries): GitScanCache {
  return new ScanCache<CachedModule>(file, `git-1-${series}`);
}

/** The sub-folders of the session's folder at each commit (candidate modules), as tree entries. */
export async function readModuleFolders(
  session: CatFileSession,
  commits: readonly string[],
): Promise<TreeEntry[][] & { tracked: boolean }> {
  const tops = await session.read(commits.map((c) => `${c}:./`));
  const dirs = tops.map((top) =>
    top && top.type === "tree" ? parseTree(top.content).filter((e) => e.isTree) : [],
  );
  // `tracked` is false when the folder is in no revision (untracked or ignored inside a work tree).
  return Object.assign(dirs, { tracked: tops.some((t) => t?.type === "tree") });
}

/**
 * Reads the module folders of one addons-path entry at several commits, straight from git's object
 * store through one `git cat-file --batch` session: four rounds at most, whatever the number of
 * modules; folders whose tree id is in the cache are not read again.
 */
export async function scanAddonsAtCommits(input: {
  /** A session started in the addons-path entry's folder: trees are read as `<rev>:./`. */
  readonly session: CatFileSession;
  readonly commits: readonly string[];
  readonly addonsPath: string;
  readonly series: OdooSeries;
  readonly cache: GitScanCache;
  /** The folders of each commit, when already read with {@link readModuleFolders}. */
  readonly dirs?: readonly (readonly TreeEntry[])[];
}): Promise<{ snapshots: AddonSnapshot[][]; dirs: readonly (readonly TreeEntry[])[] }> {
  const { session, series, cache } = input;
  const dirsPerCommit = input.dirs ?? (await readModuleFolders(session, input.commits));
  const result = new Map<string, CachedModule>();
  const misses = new Map<string, TreeEntry>();
  for (const dirs of dirsPerCommit) {
    for (const d of dirs) {
      const key = `${d.name}:${d.oid}`;
      if (result.has(key) || misses.has(key)) continue;
      const hit = cache.get(key);
      if (hit && !("models" in hit)) result.set(key, hit);
      else misses.set(key, d);
    }
  }
  if (misses.size > 0) {
    const missList = [...misses.values()];
    const moduleTrees = await session.read(missList.map((m) => m.oid));
    const plans: { dir: TreeEntry; manifest?: TreeEntry; roots: TreeEntry[] }[] = [];
    missList.forEach((dir, i) => {
      const entries = parseTree(moduleTrees[i]?.content ?? Buffer.alloc(0));
      const manifest = MANIFEST_CANDIDATES.map((n) => entries.find((e) => e.name === n && !e.isTree)).find(
        (e) => e !== undefined,
      );
      const roots = entries.filter((e) => e.isTree && (e.name === "migrations" || e.name === "upgrades"));
      plans.push({ dir, ...(manifest ? { manifest } : {}), roots });
    });
    const objects = await session.read(
      plans.flatMap((p) => (p.manifest ? [p.manifest.oid, ...p.roots.map((r) => r.oid)] : [])),
    );
    let k = 0;
    const versionDirs: { plan: number; root: string; entry: TreeEntry }[] = [];
    const manifests = new Map<number, string>();
    plans.forEach((p, i) => {
      if (!p.manifest) return;
      manifests.set(i, objects[k++]?.content.toString("utf8") ?? "");
      for (const r of p.roots) {
        const tree = objects[k++];
        for (const v of parseTree(tree?.content ?? Buffer.alloc(0)))
          if (v.isTree) versionDirs.push({ plan: i, root: r.name, entry: v });
      }
    });
    const versionTrees = await session.read(versionDirs.map((v) => v.entry.oid));
    const folders = new Map<number, MigrationFolder[]>();
    versionDirs.forEach((v, i) => {
      const files = parseTree(versionTrees[i]?.content ?? Buffer.alloc(0))
        .filter((e) => !e.isTree)
        .map((e) => e.name)
        .sort();
      const list = folders.get(v.plan) ?? [];
      list.push({ root: v.root, name: v.entry.name, files });
      folders.set(v.plan, list);
    });
    plans.forEach((p, i) => {
      let value: CachedModule;
      if (!p.manifest) value = { none: true };
      else {
        const name = p.dir.name;
        value = {
          manifestFile: p.manifest.name,
          manifest: readManifest(manifests.get(i) ?? "", {
            module: name,
            file: `${input.addonsPath}/${name}/${p.manifest.name}`,
            series,
          }),
          migrationFolders: (folders.get(i) ?? []).sort((a, b) =>
            `${a.root}/${a.name}` < `${b.root}/${b.name}` ? -1 : 1,
          ),
        };
      }
      const key = `${p.dir.name}:${p.dir.oid}`;
      cache.set(key, value);
      result.set(key, value);
    });
  }
  const snapshots = dirsPerCommit.map((dirs) => {
    const out: AddonSnapshot[] = [];
    for (const d of dirs) {
      const v = result.get(`${d.name}:${d.oid}`);
      if (!v || "none" in v || "models" in v) continue;
      out.push({
        name: d.name,
        addonsPath: input.addonsPath,
        manifestFile: v.manifestFile,
        manifest: v.manifest,
        migrationFolders: v.migrationFolders,
      });
    }
    return out;
  });
  return { snapshots, dirs: dirsPerCommit };
}

/**
 * The files that differ between two versions of an addons-path folder, from its module folders'
 * tree ids: only folders whose id changed are walked, level by level, one batched read per level
 * (what `git diff --name-status --no-renames` reports, without another process).
 */
export async function diffModuleFolders(
  session: CatFileSession,
  fromDirs: readonly TreeEntry[],
  toDirs: readonly TreeEntry[],
): Promise<{ path: string; status: "added" | "modified" | "deleted" }[]> {
  const out: { path: string; status: "added" | "modified" | "deleted" }[] = [];
  type Pending = { path: string; from?: string; to?: string };
  const before = new Map(fromDirs.map((d) => [d.name, d.oid]));
  const after = new Map(toDirs.map((d) => [d.name, d.oid]));
  let pending: Pending[] = [];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const f = before.get(name);
    const t = after.get(name);
    if (f !== t) pending.push({ path: name, ...(f ? { from: f } : {}), ...(t ? { to: t } : {}) });
  }
  while (pending.length > 0) {
    const oids = [
      ...new Set(pending.flatMap((p) => [p.from, p.to].filter((x): x is string => x !== undefined))),
    ];
    const objects = await session.read(oids);
    const trees = new Map(oids.map((oid, i) => [oid, parseTree(objects[i]?.content ?? Buffer.alloc(0))]));
    const next: Pending[] = [];
    for (const p of pending) {
      const f = new Map((p.from ? (trees.get(p.from) ?? []) : []).map((e) => [e.name, e]));
      const t = new Map((p.to ? (trees.get(p.to) ?? []) : []).map((e) => [e.name, e]));
      for (const name of new Set([...f.keys(), ...t.keys()])) {
        const a = f.get(name);
        const b = t.get(name);
        if (a && b && a.oid === b.oid && a.mode === b.mode) continue;
        const path = `${p.path}/${name}`;
        const aTree = a?.isTree === true;
        const bTree = b?.isTree === true;
        const aFile = a !== undefined && !aTree && a.mode !== "160000";
        const bFile = b !== undefined && !bTree && b.mode !== "160000";
        if (aTree || bTree)
          next.push({ path, ...(aTree && a ? { from: a.oid } : {}), ...(bTree && b ? { to: b.oid } : {}) });
        if (aFile && bFile) out.push({ path, status: "modified" });
        else if (aFile) out.push({ path, status: "deleted" });
        else if (bFile) out.push({ path, status: "added" });
      }
    }
    pending = next;
  }
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}
