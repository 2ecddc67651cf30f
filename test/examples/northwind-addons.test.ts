import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildPlanFromSources,
  checkAddonsFromSources,
  flushScanCaches,
  pythonModelReader,
} from "../../src/adapters/addons/index.js";
import { exportInstalledState, readInstalledFromDatabase } from "../../src/adapters/odoo-db/index.js";
import { stableJson, type UpgradePlan } from "../../src/domain/odoo/index.js";
import { DEMO_DIR } from "../../src/services/demo-seeder.js";
import { runOrc } from "../support/cli.js";
import { ensureOdoo16Fixture, ODOO16_DIR } from "../support/odoo16-fixture.js";

interface ExportRow {
  state: string;
  depends: string[];
}
const exported = JSON.parse(readFileSync(join(DEMO_DIR, "odoo16-modules.json"), "utf8")) as {
  modules: Record<string, ExportRow>;
};
const installedJson = JSON.parse(readFileSync(join(DEMO_DIR, "installed.json"), "utf8")) as Record<
  string,
  string
>;
const DEMO_DEPENDS: Record<string, string[]> = {
  northwind_pos_fiscal: ["point_of_sale", "account"],
  northwind_stock_count: ["stock"],
  northwind_loyalty: ["point_of_sale"],
  northwind_reports: ["northwind_pos_fiscal", "northwind_stock_count", "northwind_loyalty"],
  northwind_receipt_branding: ["northwind_pos_fiscal"],
};

/**
 * Odoo 16's rules, written out independently of the planner: `button_upgrade` marks the selected
 * installed modules and, breadth-first, every installed module depending on one of them; `graph.py`
 * gives each module the depth 1 + the deepest of its dependencies (base 0), and `loading.py` loads the
 * marked modules by (depth, name).
 */
function odooUpgradeOrder(selected: string[]): string[] {
  const depends = new Map<string, string[]>();
  const installed = new Set<string>();
  for (const [name, row] of Object.entries(exported.modules)) {
    depends.set(name, row.depends);
    if (row.state === "installed") installed.add(name);
  }
  for (const [name, deps] of Object.entries(DEMO_DEPENDS)) {
    depends.set(name, deps);
    installed.add(name);
  }
  const depthCache = new Map<string, number>();
  const depth = (m: string): number => {
    const known = depthCache.get(m);
    if (known !== undefined) return known;
    const deps = depends.get(m) ?? [];
    const d = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(depth));
    depthCache.set(m, d);
    return d;
  };
  const marked = new Set(selected);
  for (const m of marked)
    for (const [n, deps] of depends) if (installed.has(n) && deps.includes(m)) marked.add(n);
  return [...marked].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
}

const plan = (changed: string[], series: "16.0" | "17.0" = "16.0"): Promise<UpgradePlan> =>
  buildPlanFromSources({
    series,
    addonsPaths: ["addons"],
    changes: { kind: "explicit", modules: changed },
    installed: "installed.json",
    dependencies: "odoo16-modules.json",
    cwd: DEMO_DIR,
  });

describe("the Northwind demo addons (Odoo 16.0)", () => {
  it("have five modules installed at versions older than some manifests", () => {
    expect(installedJson).toEqual({
      northwind_loyalty: "16.0.2.0.1",
      northwind_pos_fiscal: "16.0.1.1.0",
      northwind_receipt_branding: "16.0.1.0.4",
      northwind_reports: "16.0.1.0.0",
      northwind_stock_count: "16.0.1.0.2",
    });
  });

  it("plan `-u northwind_pos_fiscal`: its dependants, both migration scripts, a rehearsal", async () => {
    const p = await plan(["northwind_pos_fiscal"]);
    expect(p.upgrade.order.map((e) => e.module)).toEqual([
      "northwind_pos_fiscal",
      "northwind_receipt_branding",
      "northwind_reports",
    ]);
    expect(p.upgrade.order.map((e) => e.module)).toEqual(odooUpgradeOrder(["northwind_pos_fiscal"]));
    expect(p.upgrade.command).toBe("northwind_pos_fiscal");
    expect(p.install).toEqual([]);
    expect(p.migrations).toEqual([
      {
        module: "northwind_pos_fiscal",
        installedVersion: "16.0.1.1.0",
        targetVersion: "16.0.1.2.0",
        pre: ["migrations/16.0.1.2.0/pre-migrate.py"],
        post: ["migrations/16.0.1.2.0/post-migrate.py"],
        end: [],
      },
    ]);
    expect(p.impact.overall).toBe("migration");
    expect(p.strategy.kind).toBe("rehearsal");
    expect(p.findings).toEqual([]);
    expect(p.changed[0]?.version).toEqual({
      installed: "16.0.1.1.0",
      before: null,
      after: "16.0.1.2.0",
      bumped: true,
    });
  });

  it("plan `-u point_of_sale`: the real Odoo run's modules, with Northwind's dependants in load order", async () => {
    const p = await plan(["point_of_sale"]);
    const order = p.upgrade.order.map((e) => e.module);
    expect(order).toEqual([
      "point_of_sale",
      "northwind_loyalty",
      "northwind_pos_fiscal",
      "pos_epson_printer",
      "northwind_receipt_branding",
      "northwind_reports",
      "pos_sale",
      "pos_sale_product_configurator",
    ]);
    expect(order).toEqual(odooUpgradeOrder(["point_of_sale"]));
    // Without the demo addons, this is what the real `odoo -u point_of_sale` upgraded.
    const real = JSON.parse(
      readFileSync(join(ODOO16_DIR, "upgrade-runs", "u_point_of_sale.json"), "utf8"),
    ) as { upgraded: string[] };
    expect(order.filter((m) => !m.startsWith("northwind_"))).toEqual(real.upgraded);
    expect(p.dependencySources.point_of_sale).toBe("export");
    expect(p.dependencySources.northwind_pos_fiscal).toBe("addons-path");
    expect(p.upgrade.order.find((e) => e.module === "pos_sale")?.installedVersion).toBe("16.0.1.1");
    // northwind_pos_fiscal is reloaded at its newer version: its migration scripts run too.
    expect(p.migrations.map((m) => m.module)).toEqual(["northwind_pos_fiscal"]);
  });

  it("plan `-u northwind_stock_count`: a data change, and a migration folder Odoo 16 never runs", async () => {
    const p = await plan(["northwind_stock_count"]);
    expect(p.upgrade.order.map((e) => e.module)).toEqual(odooUpgradeOrder(["northwind_stock_count"]));
    expect(p.upgrade.order.map((e) => e.module)).toEqual(["northwind_stock_count", "northwind_reports"]);
    expect(p.migrations).toEqual([]);
    expect(p.strategy.kind).toBe("maintenance-window");
    expect(p.findings.map((f) => [f.code, f.severity, f.file])).toEqual([
      ["migration-folder-never-runs", "warning", "addons/northwind_stock_count/migrations/1.0.2"],
    ]);
  });

  it("plan the 17.0 upgrade (`-u base` on 17.0): every installed module, x.y.z versions read in 17.0", async () => {
    const p = await plan(["base"], "17.0");
    expect(p.summary.errors).toBe(0);
    expect(p.upgrade.order).toHaveLength(61 + 5);
    expect(p.upgrade.order[0]?.module).toBe("base");
    expect(p.migrations.map((m) => [m.module, m.targetVersion])).toEqual([
      ["northwind_pos_fiscal", "17.0.1.2.0"],
    ]);
    expect(p.strategy.kind).toBe("rehearsal");
  });

  it("`orc addons check` reports the one deliberate finding", async () => {
    const findings = await checkAddonsFromSources({
      series: "16.0",
      addonsPaths: ["addons"],
      installed: "installed.json",
      dependencies: "odoo16-modules.json",
      cwd: DEMO_DIR,
    });
    expect(findings.map((f) => f.code)).toEqual(["migration-folder-never-runs"]);
  });

  it("declare models and fields the tree-sitter scanner finds", async () => {
    const read = await pythonModelReader();
    const src = (p: string) => readFileSync(join(DEMO_DIR, "addons", p), "utf8");
    const orders = read(src("northwind_pos_fiscal/models/pos_order.py")).models["pos.order"];
    expect(orders?.defines).toBe(false);
    expect(Object.keys(orders?.fields ?? {}).sort()).toEqual([
      "fiscal_journal_id",
      "fiscal_receipt_number",
      "fiscal_signature",
      "gst_amount",
    ]);
    const journal = read(src("northwind_pos_fiscal/models/pos_fiscal_journal.py")).models;
    expect(journal["northwind.pos.fiscal.journal"]?.defines).toBe(true);
    expect(Object.keys(journal["northwind.pos.fiscal.journal"]?.attributes ?? {})).toEqual([
      "_sql_constraints",
    ]);
    expect(Object.keys(journal["pos.config"]?.fields ?? {})).toEqual(["fiscal_journal_id"]);
    const report = read(src("northwind_reports/models/store_daily_report.py")).models;
    expect(report["northwind.store.daily.report"]?.attributes).toEqual({ _auto: "False" });
  });

  it("the command of the README works offline and exits 0", async () => {
    const r = await runOrc(
      [
        "plan",
        "--addons-path",
        "examples/northwind/addons",
        "--series",
        "16.0",
        "--changed",
        "northwind_pos_fiscal",
        "--installed",
        "examples/northwind/installed.json",
        "--dependencies",
        "examples/northwind/odoo16-modules.json",
        "--no-cache",
      ],
      {},
      join(DEMO_DIR, "..", ".."),
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Upgrade order (odoo -u northwind_pos_fiscal):");
    expect(r.out).toContain("pre  migrations/16.0.1.2.0/pre-migrate.py");
    expect(r.out).toContain("Strategy: rehearsal — migration scripts will run");
  });
});

describe("orc addons check on the demo addons", () => {
  it("takes --no-cache like orc plan, and then writes no scan cache", async () => {
    // Before, `addons check` refused the flag `orc plan` takes ("unknown option '--no-cache'").
    const cwd = mkdtempSync(join(tmpdir(), "orc-check-"));
    const demo = [
      "--addons-path",
      join(DEMO_DIR, "addons"),
      "--series",
      "16.0",
      "--installed",
      join(DEMO_DIR, "installed.json"),
      "--dependencies",
      join(DEMO_DIR, "odoo16-modules.json"),
    ];
    try {
      const r = await runOrc(["addons", "check", ...demo, "--no-cache"], {}, cwd);
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.out).toContain("warning migration-folder-never-runs");
      expect(existsSync(join(cwd, ".orc"))).toBe(false);
      const cached = await runOrc(["addons", "check", ...demo], {}, cwd);
      expect(cached.code).toBe(0);
      await flushScanCaches();
      expect(existsSync(join(cwd, ".orc", "cache"))).toBe(true);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("odoo16-modules.json", () => {
  let url: string;
  beforeAll(async () => {
    url = await ensureOdoo16Fixture();
  }, 180_000);

  it("is the export of the real Odoo 16.0 database (orc addons export-installed)", async () => {
    const fresh = stableJson(exportInstalledState(await readInstalledFromDatabase(url)));
    expect(readFileSync(join(DEMO_DIR, "odoo16-modules.json"), "utf8")).toBe(fresh);
  });
});
