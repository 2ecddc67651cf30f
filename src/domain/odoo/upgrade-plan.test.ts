import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readManifest } from "./manifest.js";
import type { AddonSnapshot, InstalledState, PlanInput } from "./plan-input.js";
import type { OdooSeries } from "./series.js";
import { stableJson } from "./stable-json.js";
import { checkAddons, planRelease } from "./upgrade-plan.js";

function snap(
  name: string,
  fields: string,
  opts: { path?: string; file?: string; series?: OdooSeries } = {},
): AddonSnapshot {
  const file = opts.file ?? "__manifest__.py";
  return {
    name,
    addonsPath: opts.path ?? "addons",
    manifestFile: file,
    manifest: readManifest(`{${fields}}`, {
      module: name,
      file: `${opts.path ?? "addons"}/${name}/${file}`,
      series: opts.series ?? "17.0",
    }),
    migrationFolders: [],
  };
}

const installed = (names: Record<string, string>): InstalledState => ({
  source: "file",
  label: "installed.json",
  hasDependencies: false,
  modules: Object.fromEntries(
    Object.entries(names).map(([n, v]) => [n, { state: "installed" as const, latestVersion: v }]),
  ),
});

const base = (over: Partial<PlanInput>): PlanInput => ({
  series: "17.0",
  policy: "changed",
  addonsPaths: ["addons", "oca"],
  target: [],
  changes: { kind: "explicit", modules: [] },
  installed: installed({}),
  ...over,
});

describe("planRelease rules", () => {
  it("the first addons path having a module wins; a changed shadowed copy has no effect", () => {
    const p = planRelease(
      base({
        target: [
          snap("base", "'license': 'LGPL-3'"),
          snap("shop", "'depends': ['base'], 'license': 'LGPL-3'"),
          snap("shop", "'depends': ['base'], 'license': 'LGPL-3'", { path: "oca" }),
        ],
        changes: {
          kind: "revisions",
          from: [],
          to: [],
          files: [{ addonsPath: "oca", module: "shop", path: "views/x.xml", status: "modified" }],
        },
        installed: installed({ base: "17.0.1.0", shop: "17.0.1.0" }),
      }),
    );
    expect(p.changed[0]).toMatchObject({ module: "shop", status: "shadowed", needsUpgrade: false });
    expect(p.upgrade.order).toEqual([]);
    expect(p.findings.filter((f) => f.code === "module-duplicate").map((f) => f.message)).toEqual([
      "changes to shop in oca have no effect: Odoo reads it from addons",
      "shop is in several addons paths: Odoo uses addons, not oca",
    ]);
  });

  it("takes the state of modules the installed file does not name from the dependency export", () => {
    // The team's installed.json lists its own addons; Odoo's core modules come from an export of the
    // database (`orc addons export-installed`), states and versions included. Before, every module the
    // file did not name counted as uninstalled, so `-u shop` claimed to install base and point_of_sale.
    const dependencyExport = {
      label: "prod-modules.json",
      modules: {
        base: { state: "installed" as const, latestVersion: "17.0.1.3", depends: [] },
        point_of_sale: { state: "installed" as const, latestVersion: "17.0.1.0.1", depends: ["base"] },
        pos_sale: { state: "installed" as const, latestVersion: "17.0.1.1", depends: ["point_of_sale"] },
        pos_loyalty: { state: "uninstalled" as const, depends: ["point_of_sale"] },
      },
    };
    const target = [snap("shop", "'version': '1.1.0', 'depends': ['point_of_sale'], 'license': 'LGPL-3'")];
    const p = planRelease(
      base({
        target,
        changes: { kind: "explicit", modules: ["point_of_sale"] },
        installed: installed({ shop: "17.0.1.0.0" }),
        dependencyExport,
      }),
    );
    expect(p.install).toEqual([]);
    expect(p.upgrade.order.map((e) => [e.module, e.installedVersion])).toEqual([
      ["point_of_sale", "17.0.1.0.1"],
      ["pos_sale", "17.0.1.1"],
      ["shop", "17.0.1.0.0"],
    ]);
    expect(p.findings.map((f) => f.code)).not.toContain("new-dependency-install");
    // The installed file wins for the modules it names.
    const overridden = planRelease(
      base({
        target,
        changes: { kind: "explicit", modules: ["point_of_sale"] },
        installed: {
          ...installed({ shop: "17.0.1.0.0" }),
          modules: {
            shop: { state: "installed", latestVersion: "17.0.1.0.0" },
            pos_sale: { state: "uninstalled" },
          },
        },
        dependencyExport,
      }),
    );
    expect(overridden.upgrade.order.map((e) => e.module)).toEqual(["point_of_sale", "shop"]);
    // Without an installed state, the export's modules keep their states (only the addons path is
    // assumed installed): pos_loyalty stays uninstalled.
    const none = planRelease(
      base({
        target,
        changes: { kind: "explicit", modules: ["point_of_sale"] },
        installed: { source: "none", label: "(none)", hasDependencies: false, modules: {} },
        dependencyExport,
      }),
    );
    expect(none.upgrade.order.map((e) => e.module)).toEqual(["point_of_sale", "pos_sale", "shop"]);
  });

  it("names a dependency cycle", () => {
    const p = planRelease(
      base({
        target: [
          snap("base", "'license': 'LGPL-3'"),
          snap("a", "'depends': ['c'], 'license': 'LGPL-3'"),
          snap("b", "'depends': ['a'], 'license': 'LGPL-3'"),
          snap("c", "'depends': ['b'], 'license': 'LGPL-3'"),
        ],
        changes: { kind: "explicit", modules: ["a"] },
        installed: installed({ base: "17.0.1.0", a: "17.0.1.0", b: "17.0.1.0", c: "17.0.1.0" }),
      }),
    );
    expect(p.findings.find((f) => f.code === "dependency-cycle")?.message).toBe(
      "dependency cycle: a → c → b → a",
    );
    expect(p.summary.errors).toBeGreaterThan(0);
  });

  it("19 ignores __openerp__.py; 17 warns about it", () => {
    const t = [
      snap("base", "'license': 'LGPL-3'"),
      snap("old", "'depends': ['base'], 'license': 'LGPL-3'", { file: "__openerp__.py", series: "19.0" }),
    ];
    const f19 = checkAddons({ series: "19.0", target: t, installed: installed({}) });
    expect(f19.map((f) => f.code)).toContain("manifest-ignored-legacy-file");
    const t17 = [
      snap("base", "'license': 'LGPL-3'"),
      snap("old", "'depends': ['base'], 'license': 'LGPL-3'", { file: "__openerp__.py" }),
    ];
    expect(
      checkAddons({ series: "17.0", target: t17, installed: installed({}) }).map((f) => f.code),
    ).toContain("manifest-legacy-file");
  });

  it("flags a proprietary module depending on an AGPL one, and dependencies that are not installable", () => {
    const f = checkAddons({
      series: "17.0",
      target: [
        snap("base", "'license': 'LGPL-3'"),
        snap("agpl_mod", "'depends': ['base'], 'license': 'AGPL-3'"),
        snap("opl_mod", "'depends': ['agpl_mod', 'off'], 'license': 'OPL-1'"),
        snap("off", "'depends': ['base'], 'installable': False, 'license': 'LGPL-3'"),
      ],
      installed: installed({}),
    });
    expect(f.map((x) => `${x.code}:${x.module}`)).toEqual(
      expect.arrayContaining(["license-conflict:opl_mod", "dependency-uninstallable:opl_mod"]),
    );
  });

  it("a version that is invalid for 17 is an error finding", () => {
    const p = planRelease(
      base({
        target: [
          snap("base", "'license': 'LGPL-3'"),
          snap("m", "'depends': ['base'], 'version': '1.0.0.0', 'license': 'LGPL-3'"),
        ],
        changes: { kind: "explicit", modules: ["m"] },
        installed: installed({ base: "17.0.1.0", m: "17.0.1.0" }),
      }),
    );
    expect(p.findings.map((f) => `${f.severity}:${f.code}`)).toContain("error:version-invalid");
  });

  it("is deterministic: the same input gives byte-identical JSON, whatever the input order", () => {
    const mods = ["base", "a", "b", "c", "d", "e"];
    fc.assert(
      fc.property(fc.shuffledSubarray(mods.slice(1), { minLength: 5, maxLength: 5 }), (order) => {
        const target = [
          snap("base", "'license': 'LGPL-3'"),
          ...order.map((n, i) =>
            snap(n, `'depends': ['base'${i > 0 ? `, '${mods[i]}'` : ""}], 'license': 'LGPL-3'`),
          ),
        ];
        const input = base({
          target: [...target].sort((x, y) => (x.name < y.name ? -1 : 1)),
          changes: { kind: "explicit", modules: ["a", "b"] },
          installed: installed(Object.fromEntries(mods.map((m) => [m, "17.0.1.0"]))),
        });
        const shuffled = base({
          ...input,
          target: [target[0] as AddonSnapshot, ...[...target.slice(1)].reverse()],
          changes: { kind: "explicit", modules: ["b", "a"] },
        });
        expect(stableJson(planRelease(shuffled))).toBe(stableJson(planRelease(input)));
      }),
      { numRuns: 50 },
    );
  });

  it("a change to a module that is not installed has no impact on the system", () => {
    const p = planRelease(
      base({
        target: [
          snap("base", "'license': 'LGPL-3'"),
          snap("idle", "'depends': ['base'], 'license': 'LGPL-3'"),
          snap("live", "'depends': ['base'], 'license': 'LGPL-3'"),
        ],
        changes: {
          kind: "revisions",
          from: [],
          to: [],
          files: [
            { addonsPath: "addons", module: "idle", path: "views/v.xml", status: "modified" },
            { addonsPath: "addons", module: "live", path: "static/src/x.js", status: "modified" },
          ],
        },
        installed: installed({ base: "17.0.1.0", live: "17.0.1.0" }),
      }),
    );
    expect(p.impact.modules.idle?.level).toBe("data");
    expect(p.impact.overall).toBe("assets-only");
    expect(p.strategy.kind).toBe("rolling");
    expect(p.upgrade.notInstalled).toEqual(["idle"]);
  });
});
