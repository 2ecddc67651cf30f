import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { OrcError } from "../../domain/errors.js";
import {
  readManifest,
  type AddonSnapshot,
  type MigrationFolder,
  type OdooSeries,
} from "../../domain/odoo/index.js";
import { ScanCache } from "./scan-cache.js";

/** Manifest names looked for, in Odoo's order; the domain decides per series which ones count. */
export const MANIFEST_CANDIDATES = ["__manifest__.py", "__openerp__.py"] as const;

/** An addons-path entry: as the user wrote it, and resolved. */
export interface AddonsPathEntry {
  readonly display: string;
  readonly absolute: string;
}

interface CachedManifest {
  readonly mtimeMs: number;
  readonly size: number;
  readonly manifest: AddonSnapshot["manifest"];
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** Version folders of `migrations/` and `upgrades/` with the files directly inside each. */
export function readMigrationFolders(moduleDir: string, present?: ReadonlySet<string>): MigrationFolder[] {
  const out: MigrationFolder[] = [];
  for (const root of ["migrations", "upgrades"]) {
    if (present && !present.has(root)) continue;
    let versions;
    try {
      versions = readdirSync(join(moduleDir, root), { withFileTypes: true });
    } catch (e) {
      if (isMissing(e)) continue;
      throw e;
    }
    for (const v of versions) {
      if (!v.isDirectory()) continue;
      const files = readdirSync(join(moduleDir, root, v.name), { withFileTypes: true })
        .filter((f) => f.isFile())
        .map((f) => f.name)
        .sort();
      out.push({ root, name: v.name, files });
    }
  }
  return out.sort((a, b) =>
    a.root < b.root ? -1 : a.root > b.root ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}

/**
 * Reads every module folder of the addons path from disk: a folder holding a manifest file.
 * One directory listing per folder tells the manifest name and whether migration folders exist;
 * parsed manifests are cached by path, mtime and size in `cacheFile` (when given).
 */
export function scanAddonsOnDisk(
  paths: readonly AddonsPathEntry[],
  series: OdooSeries,
  cacheFile?: string,
): AddonSnapshot[] {
  const cache = new ScanCache<CachedManifest>(cacheFile, `disk-1-${series}`);
  const out: AddonSnapshot[] = [];
  for (const entry of paths) {
    let dirents;
    try {
      dirents = readdirSync(entry.absolute, { withFileTypes: true });
    } catch (e) {
      if (isMissing(e))
        throw new OrcError(
          "bad-request",
          `addons path '${entry.display}' does not exist or is not a directory`,
          { path: entry.display },
        );
      throw e;
    }
    const names = dirents
      .filter((d) => d.isDirectory() || d.isSymbolicLink())
      .map((d) => d.name)
      .sort();
    for (const name of names) {
      const moduleDir = join(entry.absolute, name);
      let inside: Set<string>;
      try {
        inside = new Set(readdirSync(moduleDir));
      } catch (e) {
        if (isMissing(e)) continue;
        throw e;
      }
      const manifestFile = MANIFEST_CANDIDATES.find((m) => inside.has(m));
      if (!manifestFile) continue;
      const file = join(moduleDir, manifestFile);
      const st = statSync(file);
      if (!st.isFile()) continue;
      let cached = cache.get(file);
      if (!cached || cached.mtimeMs !== st.mtimeMs || cached.size !== st.size) {
        const source = readFileSync(file, "utf8");
        cached = {
          mtimeMs: st.mtimeMs,
          size: st.size,
          manifest: readManifest(source, {
            module: name,
            file: `${entry.display}/${name}/${manifestFile}`,
            series,
          }),
        };
        cache.set(file, cached);
      }
      const migrationFolders =
        inside.has("migrations") || inside.has("upgrades") ? readMigrationFolders(moduleDir, inside) : [];
      out.push({
        name,
        addonsPath: entry.display,
        manifestFile,
        manifest: cached.manifest,
        migrationFolders,
      });
    }
  }
  void cache.saveInBackground();
  return out;
}
