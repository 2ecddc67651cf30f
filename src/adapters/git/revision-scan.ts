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
}): Promise<AddonSnapshot[][]> {
  const { session, series, cache } = input;
  const tops = await session.read(input.commits.map((c) => `${c}:./`));
  const dirsPerCommit = tops.map((top) =>
    top && top.type === "tree" ? parseTree(top.content).filter((e) => e.isTree) : [],
  );
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
  return dirsPerCommit.map((dirs) => {
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
}
