import { stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { PACKAGE_ROOT } from "../../package-root.js";

/** The demo estate shipped with orc (Northwind Retail). */
export const DEMO_ESTATE_PATH = join(PACKAGE_ROOT, "examples", "northwind", "estate.yaml");

/** The environment variable naming the estate file. */
export const ESTATE_ENV_VAR = "ORC_ESTATE";

/** Where the estate file was found, and why that one. */
export interface EstateLocation {
  readonly path: string;
  readonly source: "argument" | "environment" | "working-directory" | "demo";
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Picks the estate file: the explicit `file`, else `$ORC_ESTATE`, else `./estate.yaml` when it exists,
 * else the Northwind demo. An explicit or environment path is returned even when missing, so the
 * caller reports it as not found rather than silently using another estate.
 */
export async function locateEstateFile(input: {
  readonly file?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}): Promise<EstateLocation> {
  if (input.file) return { path: resolve(input.cwd, input.file), source: "argument" };
  const fromEnv = input.env[ESTATE_ENV_VAR];
  if (fromEnv) return { path: resolve(input.cwd, fromEnv), source: "environment" };
  const local = resolve(input.cwd, "estate.yaml");
  if (await isFile(local)) return { path: local, source: "working-directory" };
  return { path: DEMO_ESTATE_PATH, source: "demo" };
}

/** `path` relative to `cwd` when it is inside it, else absolute: how diagnostics name the file. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
