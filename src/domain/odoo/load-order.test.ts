import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadOrder } from "./load-order.js";
import type { ModuleState } from "./module-catalog.js";
import { catalogOf } from "./test-catalog.js";
import { upgradeClosure } from "./upgrade-closure.js";

const states = (spec: Record<string, ModuleState>) => new Map(Object.entries(spec));

describe("16–18 graph order", () => {
  const catalog = catalogOf({
    base: [],
    web: ["base"],
    salesman: ["base"],
    sale_stock: ["base"],
    mail: ["web"],
    stock: ["mail"],
    new_dep: ["base"],
    custom: ["stock", "new_dep"],
    late: ["custom"],
  });
  it.each(["16.0", "17.0", "18.0"] as const)(
    "%s: base, then (depth, code-point name), then to-install",
    (series) => {
      const r = loadOrder({
        series,
        catalog,
        update: true,
        states: states({
          base: "installed",
          web: "installed",
          salesman: "installed",
          sale_stock: "to upgrade",
          mail: "installed",
          stock: "to upgrade",
          new_dep: "to install",
        }),
      });
      expect(r.order.map((m) => m.name)).toEqual([
        "base",
        "sale_stock",
        "salesman",
        "web",
        "mail",
        "stock",
        "new_dep",
      ]);
      expect(r.order.map((m) => m.depth)).toEqual([0, 1, 1, 1, 2, 3, 1]);
    },
  );
  it("an upgraded module gaining a to-install dependency loads after it, on the next pass", () => {
    const r = loadOrder({
      series: "16.0",
      catalog,
      update: true,
      states: states({
        base: "installed",
        web: "installed",
        mail: "installed",
        stock: "installed",
        new_dep: "to install",
        custom: "to upgrade",
        late: "installed",
      }),
    });
    expect(r.order.map((m) => m.name)).toEqual(["base", "web", "mail", "stock", "new_dep", "custom", "late"]);
    expect(r.notLoaded).toEqual([]);
  });
  it("reports unmet dependencies and non-installable modules", () => {
    const c = catalogOf(
      { base: [], a: ["base", "ghost"], b: ["a"], c: ["base"] },
      { c: { installable: false } },
    );
    const r = loadOrder({
      series: "16.0",
      catalog: c,
      update: false,
      states: states({ base: "installed", a: "installed", b: "installed", c: "installed" }),
    });
    expect(r.order.map((m) => m.name)).toEqual(["base"]);
    expect(r.notLoaded.map((n) => [n.name, n.reason, n.missing])).toEqual([
      ["a", "unmet-dependencies", ["ghost"]],
      ["b", "unmet-dependencies", ["a"]],
      ["c", "not-installable", []],
    ]);
  });
});

describe("19 module_graph order", () => {
  it("to-install modules load in later phases; an upgraded module depending on one loads after it", () => {
    // The example of odoo/modules/module_graph.py: module4 gains a dependency on module3 (to install).
    const catalog = catalogOf({
      base: [],
      module1: ["base"],
      module2: ["module1"],
      module3: ["module1"],
      module4: ["module2", "module3"],
    });
    const r = loadOrder({
      series: "19.0",
      catalog,
      update: true,
      states: states({
        base: "to upgrade",
        module1: "to upgrade",
        module2: "to upgrade",
        module3: "to install",
        module4: "to upgrade",
      }),
    });
    expect(r.order.map((m) => [m.name, m.phase])).toEqual([
      ["base", 0],
      ["module1", 1],
      ["module2", 1],
      ["module3", 2],
      ["module4", 3],
    ]);
  });
  it("test_* modules load right after their deepest dependency", () => {
    const catalog = catalogOf({ base: [], a: ["base"], b: ["a"], test_a: ["a"], c: ["base"], z: ["b"] });
    const st = states({
      base: "installed",
      a: "installed",
      b: "installed",
      test_a: "installed",
      c: "installed",
      z: "installed",
    });
    expect(
      loadOrder({ series: "19.0", catalog, update: false, states: st }).order.map((m) => m.name),
    ).toEqual(["base", "a", "test_a", "c", "b", "z"]);
    expect(
      loadOrder({ series: "18.0", catalog, update: false, states: st }).order.map((m) => m.name),
    ).toEqual(["base", "a", "c", "b", "test_a", "z"]);
  });
  it("without test_* or installs, 19 gives the 16–18 order", () => {
    const catalog = catalogOf({ base: [], web: ["base"], mail: ["web"], b: ["base"], stock: ["mail", "b"] });
    const st = states({
      base: "installed",
      web: "installed",
      mail: "to upgrade",
      b: "installed",
      stock: "to upgrade",
    });
    const o16 = loadOrder({ series: "16.0", catalog, update: true, states: st }).order.map((m) => m.name);
    expect(loadOrder({ series: "19.0", catalog, update: true, states: st }).order.map((m) => m.name)).toEqual(
      o16,
    );
  });
  it("skips modules in a dependency cycle and their dependents", () => {
    const catalog = catalogOf({ base: [], a: ["b"], b: ["a"], c: ["a"], d: ["base"] });
    const r = loadOrder({
      series: "19.0",
      catalog,
      update: false,
      states: states({ base: "installed", a: "installed", b: "installed", c: "installed", d: "installed" }),
    });
    expect(r.order.map((m) => m.name)).toEqual(["base", "d"]);
    expect(r.notLoaded.map((n) => n.name)).toEqual(["a", "b", "c"]);
  });
});

/** Random acyclic catalogs: module i depends only on modules < i, all on base. */
const dagArb = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc
    .tuple(
      fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: n, maxLength: n }),
      fc.array(fc.constantFrom<ModuleState>("installed", "installed", "uninstalled", "to install"), {
        minLength: n,
        maxLength: n,
      }),
      fc.array(fc.nat(), { maxLength: 4 }),
    )
    .map(([deps, sts, selected]) => {
      const names = Array.from(
        { length: n },
        (_, i) => `m${String(i).padStart(2, "0")}_${"abcdefgh"[i % 8]}`,
      );
      const spec: Record<string, string[]> = { base: [] };
      const st: Record<string, ModuleState> = { base: "installed" };
      names.forEach((name, i) => {
        const d = i === 0 ? [] : [...new Set((deps[i] ?? []).map((k) => names[k % i] as string))];
        spec[name] = d.length > 0 ? d : ["base"];
        st[name] = sts[i] as ModuleState;
      });
      // A module is installed only if its dependencies are installed (a consistent database).
      for (const name of names) {
        if (st[name] === "installed" && (spec[name] ?? []).some((d) => st[d] !== "installed"))
          st[name] = "uninstalled";
      }
      return {
        catalog: catalogOf(spec),
        states: new Map(Object.entries(st)),
        selected: selected.map((k) => names[k % n] as string),
      };
    }),
);

describe("properties", () => {
  it.each(["16.0", "19.0"] as const)(
    "%s: an order never places a module before one of its dependencies",
    (series) => {
      fc.assert(
        fc.property(dagArb, ({ catalog, states: st }) => {
          const r = loadOrder({ series, catalog, states: st, update: true });
          const pos = new Map(r.order.map((m, i) => [m.name, i]));
          for (const m of r.order)
            for (const d of catalog.get(m.name)?.depends ?? [])
              expect(pos.get(d)).toBeLessThan(pos.get(m.name) as number);
        }),
        { numRuns: 200 },
      );
    },
  );
  it("the upgrade set is closed under installed reverse dependencies", () => {
    fc.assert(
      fc.property(dagArb, ({ catalog, states: st, selected }) => {
        const r = upgradeClosure({ catalog, states: st, selected });
        for (const m of catalog.values()) {
          if (st.get(m.name) !== "installed") continue;
          if (m.depends.some((d) => r.upgrade.has(d))) expect(r.upgrade.has(m.name)).toBe(true);
        }
        for (const n of r.upgrade.keys()) expect(["installed", "to upgrade"]).toContain(st.get(n));
      }),
      { numRuns: 200 },
    );
  });
  it("after the closure every loaded to-upgrade module's dependencies are loaded", () => {
    fc.assert(
      fc.property(dagArb, ({ catalog, states: st, selected }) => {
        const r = upgradeClosure({ catalog, states: st, selected });
        const order = loadOrder({ series: "16.0", catalog, states: r.states, update: true });
        const loaded = new Set(order.order.map((m) => m.name));
        for (const n of r.upgrade.keys()) expect(loaded.has(n)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
