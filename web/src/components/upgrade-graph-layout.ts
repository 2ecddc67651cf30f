import type { Plan } from "../api/types.js";

/** A module of the upgrade set placed on the drawing. */
export interface GraphNode {
  readonly module: string;
  /** 1-based place in Odoo's upgrade order. */
  readonly order: number;
  readonly changed: boolean;
  readonly install: boolean;
  readonly reason: string;
  readonly x: number;
  readonly y: number;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
}

export interface GraphLayout {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly width: number;
  readonly height: number;
}

export const NODE_W = 190;
export const NODE_H = 40;
const GAP_X = 70;
const GAP_Y = 18;
const PAD = 12;

/**
 * Lays out the plan's upgrade set as layers: one column per dependency depth (dependencies left of their
 * dependents), each column in upgrade order. Edges come from each step's reason (`depends on X`), which
 * is how the planner records why a module joined the set.
 */
export function layoutUpgradeGraph(plan: Plan): GraphLayout {
  const changed = new Set((plan.changed ?? []).map((c) => c.module));
  const steps = [
    ...(plan.upgrade?.order ?? []).map((s) => ({ ...s, install: false })),
    ...(plan.install ?? []).map((s, i) => ({
      module: s.module,
      depth: undefined as number | undefined,
      reason: typeof s.reason === "string" ? s.reason : "installed",
      position: (plan.upgrade?.order?.length ?? 0) + i + 1,
      install: true,
    })),
  ];
  const names = new Set(steps.map((s) => s.module));
  const edges: GraphEdge[] = [];
  for (const s of steps) {
    const m = /^depends on (.+)$/.exec(typeof s.reason === "string" ? s.reason : "");
    if (!m?.[1]) continue;
    for (const dep of m[1].split(/,\s*|\s+and\s+/)) {
      if (names.has(dep) && dep !== s.module) edges.push({ from: dep, to: s.module });
    }
  }
  // Depth from the plan when present, else one more than the deepest dependency drawn.
  const depth = new Map<string, number>();
  steps.forEach((s) => {
    const deps = edges.filter((e) => e.to === s.module).map((e) => depth.get(e.from) ?? 0);
    depth.set(s.module, typeof s.depth === "number" ? s.depth : deps.length ? Math.max(...deps) + 1 : 0);
  });
  const columns = [...new Set(depth.values())].sort((a, b) => a - b);
  const rows = new Map<number, number>();
  const nodes: GraphNode[] = steps.map((s, i) => {
    const col = columns.indexOf(depth.get(s.module) ?? 0);
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    return {
      module: s.module,
      order: i + 1,
      changed: changed.has(s.module),
      install: s.install,
      reason: typeof s.reason === "string" ? s.reason : "",
      x: PAD + col * (NODE_W + GAP_X),
      y: PAD + row * (NODE_H + GAP_Y),
    };
  });
  const maxRows = Math.max(1, ...rows.values());
  return {
    nodes,
    edges,
    width: PAD * 2 + Math.max(1, columns.length) * NODE_W + Math.max(0, columns.length - 1) * GAP_X,
    height: PAD * 2 + maxRows * NODE_H + (maxRows - 1) * GAP_Y,
  };
}
