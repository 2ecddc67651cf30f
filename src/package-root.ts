import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The directory of orc's own package.json, found by walking up from this module, so that paths to
 * shipped files (the demo estate, the web build) are right from the sources (`src/`) and from the bundle
 * (`dist/orc.js`) alike.
 */
export const PACKAGE_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (
      existsSync(candidate) &&
      (JSON.parse(readFileSync(candidate, "utf8")) as { name?: string }).name === "odoo-release-control"
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("orc: cannot find its own package.json");
    dir = parent;
  }
})();
