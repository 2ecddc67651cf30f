import { describe, expect, it } from "vitest";
import { layoutUpgradeGraph } from "./upgrade-graph-layout.js";

describe("upgrade graph layout", () => {
  const plan = {
    changed: [{ module: "pos_order_mgmt" }],
    upgrade: {
      order: [
        { module: "pos_order_mgmt", depth: 2, reason: "changed" },
        { module: "northwind_pos_sync", depth: 3, reason: "depends on pos_order_mgmt" },
        { module: "northwind_reports", depth: 3, reason: "depends on pos_order_mgmt" },
      ],
    },
  };

  it("numbers the upgrade order, highlights changed modules and draws dependencies left of dependents", () => {
    const g = layoutUpgradeGraph(plan);
    expect(g.nodes.map((n) => [n.order, n.module, n.changed])).toEqual([
      [1, "pos_order_mgmt", true],
      [2, "northwind_pos_sync", false],
      [3, "northwind_reports", false],
    ]);
    expect(g.edges).toEqual([
      { from: "pos_order_mgmt", to: "northwind_pos_sync" },
      { from: "pos_order_mgmt", to: "northwind_reports" },
    ]);
    const at = new Map(g.nodes.map((n) => [n.module, n]));
    for (const e of g.edges) expect(at.get(e.from)!.x).toBeLessThan(at.get(e.to)!.x);
    expect(at.get("northwind_pos_sync")!.y).toBeLessThan(at.get("northwind_reports")!.y);
  });

  it("lays out the same plan the same way", () => {
    expect(layoutUpgradeGraph(plan)).toEqual(layoutUpgradeGraph(structuredClone(plan)));
  });
});
