import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanAddonsOnDisk } from "./disk-scan.js";
import { flushScanCaches } from "./scan-cache.js";

function write(root: string, files: Record<string, string>): void {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(root, p, ".."), { recursive: true });
    writeFileSync(join(root, p), c);
  }
}

describe("scanAddonsOnDisk", () => {
  it("finds module folders, manifests and migration folders, and uses its cache only while valid", async () => {
    const root = mkdtempSync(join(tmpdir(), "orc-scan-"));
    write(root, {
      "addons/shop/__manifest__.py": "{'name': 'Shop', 'version': '1.0', 'license': 'LGPL-3'}",
      "addons/shop/migrations/1.1/pre-a.py": "",
      "addons/shop/migrations/1.1/notes.txt": "",
      "addons/shop/upgrades/1.2/post-b.py": "",
      "addons/legacy/__openerp__.py": "{'name': 'Legacy', 'license': 'LGPL-3'}",
      "addons/not_a_module/README.md": "",
      "addons/file.txt": "",
    });
    const entry = { display: "addons", absolute: join(root, "addons") };
    const cache = join(root, "cache.json");
    const first = scanAddonsOnDisk([entry], "16.0", cache);
    expect(first.map((s) => [s.name, s.manifestFile])).toEqual([
      ["legacy", "__openerp__.py"],
      ["shop", "__manifest__.py"],
    ]);
    expect(first[1]?.migrationFolders).toEqual([
      { root: "migrations", name: "1.1", files: ["notes.txt", "pre-a.py"] },
      { root: "upgrades", name: "1.2", files: ["post-b.py"] },
    ]);
    expect(first[1]?.manifest.manifest?.version).toBe("16.0.1.0");
    await flushScanCaches();
    // A changed manifest (new size and mtime) is read again.
    write(root, {
      "addons/shop/__manifest__.py": "{'name': 'Shop', 'version': '1.10', 'license': 'LGPL-3'}",
    });
    utimesSync(join(root, "addons/shop/__manifest__.py"), new Date(), new Date(Date.now() + 5000));
    const second = scanAddonsOnDisk([entry], "16.0", cache);
    expect(second[1]?.manifest.manifest?.version).toBe("16.0.1.10");
  });
});
