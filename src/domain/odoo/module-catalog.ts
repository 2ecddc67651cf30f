import type { AutoInstall } from "./manifest.js";

/** `ir_module_module.state`. */
export type ModuleState =
  "uninstallable" | "uninstalled" | "installed" | "to upgrade" | "to remove" | "to install";

/** Where a module's dependencies were taken from. */
export type DependencySource = "addons-path" | "database" | "export" | "unknown";

/** What the planner knows of one module: Odoo's view after `update_list()`. */
export interface CatalogModule {
  readonly name: string;
  readonly depends: readonly string[];
  readonly autoInstall: AutoInstall;
  readonly installable: boolean;
  readonly excludes: readonly string[];
  readonly dependsSource: DependencySource;
  /** The manifest version on disk (full), when the source is present. */
  readonly version?: string;
  readonly license?: string;
  /** The addons-path entry the module is read from (the first that has it). */
  readonly addonsPath?: string;
}

export type Catalog = ReadonlyMap<string, CatalogModule>;

/** Modules that depend directly on each module (`ir_module_module_dependency` read backwards). */
export function reverseDependencies(catalog: Catalog): Map<string, string[]> {
  const rev = new Map<string, string[]>();
  for (const m of catalog.values()) {
    for (const d of m.depends) {
      const list = rev.get(d);
      if (list) list.push(m.name);
      else rev.set(d, [m.name]);
    }
  }
  for (const list of rev.values()) list.sort();
  return rev;
}

/**
 * Dependency cycles (strongly connected components with more than one module, or a self-loop),
 * each named in a stable order starting from its smallest name; with `roots`, those reachable from them.
 */
export function findCycles(catalog: Catalog, roots?: Iterable<string>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  // With roots, only the part of the graph reachable from them is searched (a cycle through a root
  // lies there).
  const names = [...(roots ?? catalog.keys())].filter((n) => catalog.has(n)).sort();
  // Iterative Tarjan so deep graphs cannot overflow the call stack.
  for (const root of names) {
    if (indices.has(root)) continue;
    const work: { name: string; next: number }[] = [{ name: root, next: 0 }];
    indices.set(root, index);
    low.set(root, index++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { name: string; next: number };
      const deps = catalog.get(frame.name)?.depends ?? [];
      if (frame.next < deps.length) {
        const d = deps[frame.next++] as string;
        if (!catalog.has(d)) continue;
        if (!indices.has(d)) {
          indices.set(d, index);
          low.set(d, index++);
          stack.push(d);
          onStack.add(d);
          work.push({ name: d, next: 0 });
        } else if (onStack.has(d)) {
          low.set(frame.name, Math.min(low.get(frame.name) as number, indices.get(d) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        low.set(parent.name, Math.min(low.get(parent.name) as number, low.get(frame.name) as number));
      if (low.get(frame.name) === indices.get(frame.name)) {
        const comp: string[] = [];
        for (;;) {
          const n = stack.pop() as string;
          onStack.delete(n);
          comp.push(n);
          if (n === frame.name) break;
        }
        const selfLoop = comp.length === 1 && (catalog.get(frame.name)?.depends ?? []).includes(frame.name);
        if (comp.length > 1 || selfLoop) cycles.push(orderCycle(comp, catalog));
      }
    }
  }
  return cycles.sort((a, b) => (a[0] as string).localeCompare(b[0] as string, "en"));
}

/** A cycle path through the component starting at its smallest name: `a → b → c → a`. */
function orderCycle(comp: string[], catalog: Catalog): string[] {
  const members = new Set(comp);
  const start = [...comp].sort()[0] as string;
  const path = [start];
  const seen = new Set(path);
  let cur = start;
  for (;;) {
    const deps = [...(catalog.get(cur)?.depends ?? [])].filter((d) => members.has(d)).sort();
    const next = deps.find((d) => !seen.has(d)) ?? deps.find((d) => d === start);
    if (next === undefined || next === start) break;
    path.push(next);
    seen.add(next);
    cur = next;
  }
  return path;
}

/** Every module `name` depends on, transitively (not including itself). */
export function transitiveDependencies(catalog: Catalog, name: string): Set<string> {
  const out = new Set<string>();
  const todo = [...(catalog.get(name)?.depends ?? [])];
  while (todo.length > 0) {
    const d = todo.pop() as string;
    if (out.has(d)) continue;
    out.add(d);
    todo.push(...(catalog.get(d)?.depends ?? []));
  }
  return out;
}
