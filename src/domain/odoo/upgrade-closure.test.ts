import { describe, expect, it } from "vitest";
import type { CatalogModule, ModuleState } from "./module-catalog.js";
import { catalogOf } from "./test-catalog.js";
import { upgradeClosure } from "./upgrade-closure.js";

const states = (spec: Record<string, ModuleState>) => new Map(Object.entries(spec));

describe("button_upgrade closure", () => {
  const catalog = catalogOf(
    {
      base: [],
      sale: ["base"],
      stock: ["base"],
      sale_stock: ["sale", "stock"],
      delivery: ["sale_stock"],
      pos: ["stock"],
      pos_sale: ["pos", "sale"],
      loyalty: ["base"],
      pos_loyalty: ["pos", "loyalty"],
    },
    {
      sale_stock: { autoInstall: { triggers: ["sale", "stock"] } },
      pos_sale: { autoInstall: { triggers: ["pos", "sale"] } },
      pos_loyalty: { autoInstall: { triggers: ["loyalty", "pos"] } },
    },
  );
  it("adds installed reverse dependencies transitively and ignores names that are not installed", () => {
    const r = upgradeClosure({
      catalog,
      states: states({
        base: "installed",
        sale: "installed",
        stock: "installed",
        sale_stock: "installed",
        delivery: "installed",
        pos: "uninstalled",
        pos_sale: "uninstalled",
      }),
      selected: ["stock", "pos"],
    });
    expect([...r.upgrade.keys()].sort()).toEqual(["delivery", "sale_stock", "stock"]);
    expect(r.upgrade.get("delivery")).toEqual({ kind: "depends-on", module: "sale_stock" });
    expect(r.ignored).toEqual(["pos"]);
    expect(r.install.size).toBe(0);
  });
  it("a new dependency is installed and triggers auto_install cascades", () => {
    const c = new Map(catalog);
    c.set("delivery", { ...(c.get("delivery") as CatalogModule), depends: ["sale_stock", "pos"] });
    const r = upgradeClosure({
      catalog: c,
      states: states({
        base: "installed",
        sale: "installed",
        stock: "installed",
        sale_stock: "installed",
        delivery: "installed",
        pos: "uninstalled",
        pos_sale: "uninstalled",
        loyalty: "uninstalled",
        pos_loyalty: "uninstalled",
      }),
      selected: ["delivery"],
    });
    expect([...r.install].map(([n, why]) => [n, why.kind])).toEqual([
      ["pos", "new-dependency"],
      ["pos_sale", "auto-install"],
    ]);
    expect(r.states.get("pos_loyalty")).toBe("uninstalled");
  });
  it("base upgrades every installed module", () => {
    const r = upgradeClosure({
      catalog,
      states: states({
        base: "installed",
        sale: "installed",
        loyalty: "installed",
        studio_customization: "installed",
      }),
      selected: ["base"],
    });
    expect([...r.upgrade.keys()].sort()).toEqual(["base", "loyalty", "sale"]);
  });
  it("reports a dependency unknown to Odoo", () => {
    const c = catalogOf({ base: [], a: ["base", "ghost"] });
    const r = upgradeClosure({
      catalog: c,
      states: states({ base: "installed", a: "installed" }),
      selected: ["a"],
    });
    expect(r.problems).toEqual([{ kind: "unknown-dependency", module: "a", dependency: "ghost" }]);
  });
});
