import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPlanFromSources } from "../src/adapters/addons/index.js";
import { exportInstalledState, readInstalledFromDatabase } from "../src/adapters/odoo-db/index.js";
import { main } from "../src/cli/main.js";
import { buildCatalog, loadOrder, type InstalledState } from "../src/domain/odoo/index.js";
import { ensureOdoo16Fixture, ODOO16_DIR } from "./support/odoo16-fixture.js";
import { bufferIo } from "./support/cli.js";

interface UpgradeRun {
  load_order: string[];
  upgraded: string[];
}
const run = (name: string) =>
  JSON.parse(readFileSync(join(ODOO16_DIR, "upgrade-runs", `${name}.json`), "utf8")) as UpgradeRun;

// Restores the real Odoo 16.0 retail database (once); fails, never skips, when PostgreSQL is unreachable.
let url: string;
let state: InstalledState;
beforeAll(async () => {
  url = await ensureOdoo16Fixture();
  state = await readInstalledFromDatabase(url);
}, 180_000);

describe("installed state of the real Odoo 16 database", () => {
  it("reads ir_module_module and ir_module_module_dependency", () => {
    const rows = Object.entries(state.modules);
    expect(rows).toHaveLength(554);
    expect(rows.filter(([, m]) => m.state === "installed").map(([n]) => n)).toEqual(
      JSON.parse(readFileSync(join(ODOO16_DIR, "installed_modules.json"), "utf8")),
    );
    expect(rows.filter(([, m]) => m.state === "uninstallable")).toHaveLength(25);
    const versions = JSON.parse(readFileSync(join(ODOO16_DIR, "installed_versions.json"), "utf8")) as Record<
      string,
      string
    >;
    for (const [name, v] of Object.entries(versions)) expect(state.modules[name]?.latestVersion).toBe(v);
    expect(rows.reduce((n, [, m]) => n + (m.depends?.length ?? 0), 0)).toBe(1107);
    expect(state.modules.sale_stock?.depends).toEqual(["sale", "stock_account"]);
    expect(state.source).toBe("database");
  });

  it("predicts Odoo's full load order from the database's dependencies", () => {
    const { catalog, states } = buildCatalog({ series: "16.0", target: [], installed: state });
    const order = loadOrder({ series: "16.0", catalog, states, update: false }).order.map((m) => m.name);
    expect(order).toEqual(run("u_stock").load_order);
    expect(order).toEqual(run("u_point_of_sale").load_order);
  });

  it.each(["stock", "point_of_sale"])(
    "predicts the modules and order of the real `-u %s` run",
    async (module) => {
      const plan = await buildPlanFromSources({
        series: "16.0",
        addonsPaths: [],
        changes: { kind: "explicit", modules: [module] },
        installed: url,
      });
      expect(plan.upgrade.order.map((e) => e.module)).toEqual(run(`u_${module}`).upgraded);
      expect(plan.install).toEqual([]);
      expect(plan.summary.errors).toBe(0);
      expect(new Set(Object.values(plan.dependencySources))).toEqual(new Set(["database"]));
    },
  );

  it("gives the same order in CI from an exported dependency file and installed_versions.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "orc-export-"));
    const exportFile = join(dir, "deps.json");
    writeFileSync(exportFile, JSON.stringify(exportInstalledState(state)));
    const plan = await buildPlanFromSources({
      series: "16.0",
      addonsPaths: [],
      changes: { kind: "explicit", modules: ["stock"] },
      installed: join(ODOO16_DIR, "installed_versions.json"),
      dependencies: exportFile,
    });
    expect(plan.upgrade.order.map((e) => e.module)).toEqual(run("u_stock").upgraded);
    expect(plan.dependencySources.stock).toBe("export");
    expect(plan.upgrade.order[0]?.installedVersion).toBe("16.0.1.1");
  });

  it("works end to end through `orc plan --json`", async () => {
    const io = bufferIo();
    const code = await main(
      [
        "plan",
        "--addons-path",
        "",
        "--series",
        "16.0",
        "--changed",
        "point_of_sale",
        "--installed",
        url,
        "--json",
        "--no-cache",
      ],
      io,
    );
    expect(io.errText()).toBe("");
    expect(code).toBe(0);
    const plan = JSON.parse(io.outText()) as { upgrade: { order: { module: string }[] } };
    expect(plan.upgrade.order.map((e) => e.module)).toEqual(run("u_point_of_sale").upgraded);
  });
});
