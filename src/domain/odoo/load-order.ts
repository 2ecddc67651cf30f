import { cmp } from "./finding.js";
import type { Catalog, CatalogModule, ModuleState } from "./module-catalog.js";
import { seriesMajor, type OdooSeries } from "./series.js";

/** One module as Odoo loads it, with the state it has while loading. */
export interface LoadedModule {
  readonly name: string;
  readonly state: ModuleState;
  readonly depth: number;
  /** 19 only: the phase of `module_graph.py` (0 for base). */
  readonly phase?: number;
}

export type NotLoadedReason = "not-installable" | "unmet-dependencies" | "dependency-cycle";

export interface NotLoaded {
  readonly name: string;
  readonly state: ModuleState;
  readonly reason: NotLoadedReason;
  /** Dependencies that were never in the graph. */
  readonly missing: readonly string[];
}

export interface LoadResult {
  readonly order: readonly LoadedModule[];
  readonly notLoaded: readonly NotLoaded[];
}

/**
 * Odoo's loading order for a database whose modules have `states`, per series.
 * 16–18 (`graph.py` + `loading.py`): base alone, then passes over installed/to upgrade/to remove and
 * (when updating) to install modules, each pass iterating the graph by (depth, name) and looping while
 * something new is processed. 19 (`module_graph.py`): one graph sorted by (phase, depth, order_name).
 */
export function loadOrder(input: {
  readonly series: OdooSeries;
  readonly catalog: Catalog;
  readonly states: ReadonlyMap<string, ModuleState>;
  readonly update: boolean;
}): LoadResult {
  return seriesMajor(input.series) >= 19 ? loadOrder19(input) : loadOrder16(input);
}

const LOADED_STATES: readonly ModuleState[] = ["installed", "to upgrade", "to remove"];

function loadOrder16(input: {
  readonly catalog: Catalog;
  readonly states: ReadonlyMap<string, ModuleState>;
  readonly update: boolean;
}): LoadResult {
  const { catalog, states, update } = input;
  const depth = new Map<string, number>();
  const loaded = new Set<string>();
  const order: LoadedModule[] = [];
  const skipped = new Map<string, NotLoaded>();
  const buckets = new Map<ModuleState, string[]>();
  for (const [n, s] of states) {
    const b = buckets.get(s);
    if (b) b.push(n);
    else buckets.set(s, [n]);
  }
  const byState = (wanted: readonly ModuleState[]) => wanted.flatMap((s) => buckets.get(s) ?? []);

  const addModules = (names: readonly string[]): string[] => {
    // Graph.add_modules: a module enters once all its depends are in the graph (Odoo loops to a
    // fixpoint); depth = 1 + max(depth of depends). Equivalent here: a memoized depth-first walk
    // where a dependency neither in the graph nor resolvable among `names` (or in a cycle) blocks.
    const added: string[] = [];
    const pending = new Set<string>();
    for (const name of names) {
      const m = catalog.get(name);
      if (m && m.installable) pending.add(name);
      else if (name !== "studio_customization") {
        skipped.set(name, {
          name,
          state: states.get(name) ?? "uninstalled",
          reason: "not-installable",
          missing: [],
        });
      }
    }
    const blocked = new Set<string>();
    const visiting = new Set<string>();
    const resolve = (name: string): number => {
      const known = depth.get(name);
      if (known !== undefined) return known;
      if (blocked.has(name) || visiting.has(name) || !pending.has(name)) return -1;
      visiting.add(name);
      let d = 0;
      for (const dep of (catalog.get(name) as CatalogModule).depends) {
        const dd = resolve(dep);
        if (dd < 0) {
          d = -1;
          break;
        }
        if (dd + 1 > d) d = dd + 1;
      }
      visiting.delete(name);
      if (d < 0) {
        blocked.add(name);
        return -1;
      }
      depth.set(name, d);
      added.push(name);
      return d;
    };
    for (const name of pending) resolve(name);
    for (const name of blocked) {
      const missing = (catalog.get(name)?.depends ?? []).filter((d) => !depth.has(d));
      skipped.set(name, {
        name,
        state: states.get(name) ?? "uninstalled",
        reason: "unmet-dependencies",
        missing,
      });
    }
    for (const name of added) skipped.delete(name);
    return added;
  };

  let unloaded: string[] = [];
  const loadGraph = (): string[] => {
    // Iterating the graph by (depth, name) and skipping loaded modules = sorting the new ones:
    // bucket by depth, then the default sort (UTF-16 code units, like `cmp`) within each bucket.
    const byDepth: string[][] = [];
    for (const n of unloaded) (byDepth[depth.get(n) as number] ??= []).push(n);
    unloaded = [];
    const fresh: string[] = [];
    for (const bucket of byDepth) if (bucket) fresh.push(...bucket.sort());
    for (const n of fresh) {
      loaded.add(n);
      order.push({ name: n, state: states.get(n) ?? "installed", depth: depth.get(n) as number });
    }
    return fresh;
  };

  const markedPass = (wanted: readonly ModuleState[]): number => {
    let processed = 0;
    for (;;) {
      const list = byState(wanted).filter(
        (n) => !depth.has(n) && skipped.get(n)?.reason !== "not-installable",
      );
      if (list.length === 0) break;
      unloaded.push(...addModules(list));
      const fresh = loadGraph();
      processed += fresh.length;
      if (fresh.length === 0) break;
    }
    return processed;
  };

  // STEP 1: base alone.
  if (catalog.get("base")?.installable && states.has("base")) {
    depth.set("base", 0);
    unloaded.push("base");
    loadGraph();
  }
  // STEP 3: loop until nothing new is processed.
  let previous = -1;
  let total = 0;
  while (previous < total) {
    previous = total;
    total += markedPass(LOADED_STATES);
    if (update) total += markedPass(["to install"]);
  }
  return { order, notLoaded: [...skipped.values()].sort((a, b) => cmp(a.name, b.name)) };
}

function loadOrder19(input: {
  readonly catalog: Catalog;
  readonly states: ReadonlyMap<string, ModuleState>;
  readonly update: boolean;
}): LoadResult {
  const { catalog, states, update } = input;
  const wanted: readonly ModuleState[] = update ? [...LOADED_STATES, "to install"] : LOADED_STATES;
  const members = new Set([...states].filter(([, s]) => wanted.includes(s)).map(([n]) => n));
  const notLoaded = new Map<string, NotLoaded>();
  const remove = (name: string, reason: NotLoadedReason, missing: readonly string[]) => {
    if (!members.delete(name)) return;
    notLoaded.set(name, { name, state: states.get(name) ?? "uninstalled", reason, missing });
    // Removal cascades to dependents.
    for (const other of [...members]) {
      if ((catalog.get(other)?.depends ?? []).includes(name)) remove(other, "unmet-dependencies", [name]);
    }
  };
  for (const name of [...members]) {
    const m = catalog.get(name);
    if ((!m || !m.installable) && name !== "studio_customization") remove(name, "not-installable", []);
    else if (!m) members.delete(name);
  }
  for (const name of [...members]) {
    if (!members.has(name)) continue;
    const missing = (catalog.get(name)?.depends ?? []).filter((d) => !members.has(d));
    if (missing.length > 0) remove(name, "unmet-dependencies", missing);
  }
  const depthMemo = new Map<string, number>();
  const orderNameMemo = new Map<string, string>();
  const visiting = new Set<string>();
  const depsOf = (n: string) => catalog.get(n)?.depends ?? [];
  const depthOf = (n: string): number => {
    const known = depthMemo.get(n);
    if (known !== undefined) return known;
    if (visiting.has(n)) throw new CycleError();
    visiting.add(n);
    try {
      const deps = depsOf(n);
      let d: number;
      if (n.startsWith("test_") && deps.length > 0) d = depthOf(lastDependency(n));
      else d = deps.length === 0 ? 0 : Math.max(...deps.map(depthOf)) + 1;
      depthMemo.set(n, d);
      return d;
    } finally {
      visiting.delete(n);
    }
  };
  const orderName = (n: string): string => {
    const known = orderNameMemo.get(n);
    if (known !== undefined) return known;
    const v = n.startsWith("test_") && depsOf(n).length > 0 ? `${orderName(lastDependency(n))} ${n}` : n;
    orderNameMemo.set(n, v);
    return v;
  };
  const lastDependency = (n: string): string => {
    let best: string | undefined;
    for (const d of depsOf(n)) {
      if (
        best === undefined ||
        depthOf(d) > depthOf(best) ||
        (depthOf(d) === depthOf(best) && orderName(d) > orderName(best))
      ) {
        best = d;
      }
    }
    return best as string;
  };
  for (const name of [...members].sort()) {
    if (!members.has(name)) continue;
    try {
      depthOf(name);
    } catch (e) {
      if (!(e instanceof CycleError)) throw e;
      visiting.clear();
      remove(name, "dependency-cycle", []);
    }
  }
  const phaseMemo = new Map<string, number>();
  const phaseOf = (n: string): number => {
    const known = phaseMemo.get(n);
    if (known !== undefined) return known;
    let p: number;
    if (n === "base") p = 0;
    else if (!update) p = 1;
    else {
      const mine = states.get(n) === "to install";
      p = 0;
      for (const d of depsOf(n)) {
        const crosses = mine !== (states.get(d) === "to install");
        p = Math.max(p, phaseOf(d) + (crosses ? 1 : 0) + (d === "base" ? 1 : 0));
      }
    }
    phaseMemo.set(n, p);
    return p;
  };
  const order = [...members]
    .map((n) => ({
      name: n,
      state: states.get(n) ?? "installed",
      depth: depthOf(n),
      phase: phaseOf(n),
      key: orderName(n),
    }))
    .sort((a, b) => a.phase - b.phase || a.depth - b.depth || cmp(a.key, b.key))
    .map(({ key: _key, ...m }) => m satisfies LoadedModule);
  return { order, notLoaded: [...notLoaded.values()].sort((a, b) => cmp(a.name, b.name)) };
}

class CycleError extends Error {}
