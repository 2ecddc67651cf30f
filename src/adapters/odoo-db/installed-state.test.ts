import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isOrcError } from "../../domain/errors.js";
import { exportInstalledState, readInstalledFile, redactUrl } from "./installed-state.js";

const dir = mkdtempSync(join(tmpdir(), "orc-installed-"));
const file = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe("installed-state files", () => {
  it("reads an array of names", () => {
    const s = readInstalledFile(file("a.json", '["stock", "base"]'));
    expect(s).toEqual({
      source: "file",
      label: join(dir, "a.json"),
      hasDependencies: false,
      modules: { base: { state: "installed" }, stock: { state: "installed" } },
    });
  });
  it("reads {name: latest_version}", () => {
    const s = readInstalledFile(file("v.json", '{"stock": "16.0.1.1", "web": null}'));
    expect(s.modules).toEqual({
      stock: { state: "installed", latestVersion: "16.0.1.1" },
      web: { state: "installed" },
    });
  });
  it("round-trips an export with dependencies", () => {
    const s = readInstalledFile(
      file(
        "e.json",
        JSON.stringify({
          format: "orc.odoo.installed/1",
          modules: {
            sale_stock: {
              state: "installed",
              latest_version: "16.0.1.0",
              depends: ["stock", "sale"],
              auto_install: true,
              auto_install_required: ["sale", "stock"],
            },
          },
        }),
      ),
    );
    expect(s.hasDependencies).toBe(true);
    expect(s.modules.sale_stock).toEqual({
      state: "installed",
      latestVersion: "16.0.1.0",
      depends: ["sale", "stock"],
      autoInstall: true,
      autoInstallRequired: ["sale", "stock"],
    });
    expect(exportInstalledState(s).modules.sale_stock).toMatchObject({
      depends: ["sale", "stock"],
      auto_install: true,
    });
  });
  it.each([
    ["missing.json", null, "file not found"],
    ["bad.json", "{not json", "not JSON"],
    [
      "shape.json",
      '{"format": "orc.odoo.installed/1", "modules": {"x": {"state": "weird", "depends": []}}}',
      "not an installed state",
    ],
    ["num.json", "[1, 2]", "not an installed state"],
  ])("refuses %s with a one-line reason", (name, content, reason) => {
    const p = content === null ? join(dir, name) : file(name, content);
    let err: unknown;
    try {
      readInstalledFile(p);
    } catch (e) {
      err = e;
    }
    expect(isOrcError(err, "bad-request")).toBe(true);
    expect((err as Error).message).toContain(reason);
    expect((err as Error).message).not.toContain("\n");
  });
  it("never prints a password", () => {
    expect(redactUrl("postgres://odoo:s3cret@db:5432/prod")).toBe("postgres://odoo:***@db:5432/prod");
  });
});
