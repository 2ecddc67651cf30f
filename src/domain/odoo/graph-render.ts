import { cmp } from "./finding.js";
import { transitiveDependencies, type Catalog } from "./module-catalog.js";

export type GraphFormat = "dot" | "mermaid" | "json";

export interface DependencyGraph {
  readonly nodes: readonly {
    readonly name: string;
    readonly addonsPath: string | null;
    readonly dependsSource: string;
  }[];
  readonly edges: readonly { readonly from: string; readonly to: string }[];
}

/** The dependency graph of `roots` and everything they depend on (all catalog modules with no roots). */
export function dependencyGraph(catalog: Catalog, roots?: readonly string[]): DependencyGraph {
  const names = new Set<string>();
  if (roots && roots.length > 0) {
    for (const r of roots) {
      names.add(r);
      for (const d of transitiveDependencies(catalog, r)) names.add(d);
    }
  } else {
    for (const m of catalog.values()) if (m.addonsPath !== undefined) names.add(m.name);
    for (const m of [...names]) for (const d of catalog.get(m)?.depends ?? []) names.add(d);
  }
  const sorted = [...names].sort(cmp);
  return {
    nodes: sorted.map((n) => ({
      name: n,
      addonsPath: catalog.get(n)?.addonsPath ?? null,
      dependsSource: catalog.get(n)?.dependsSource ?? "unknown",
    })),
    edges: sorted.flatMap((n) =>
      [...(catalog.get(n)?.depends ?? [])]
        .sort(cmp)
        .filter((d) => names.has(d))
        .map((d) => ({ from: n, to: d })),
    ),
  };
}

/** The graph of an upgrade: the modules `-u` upgrades and installs, with the edges between them. */
export function upgradeGraph(catalog: Catalog, modules: ReadonlySet<string>): DependencyGraph {
  const sorted = [...modules].sort(cmp);
  return {
    nodes: sorted.map((n) => ({
      name: n,
      addonsPath: catalog.get(n)?.addonsPath ?? null,
      dependsSource: catalog.get(n)?.dependsSource ?? "unknown",
    })),
    edges: sorted.flatMap((n) =>
      [...(catalog.get(n)?.depends ?? [])]
        .sort(cmp)
        .filter((d) => modules.has(d))
        .map((d) => ({ from: n, to: d })),
    ),
  };
}

/** Renders a dependency graph; edges point from a module to what it depends on. */
export function renderGraph(graph: DependencyGraph, format: GraphFormat): string {
  if (format === "json") return `${JSON.stringify(graph, null, 2)}\n`;
  if (format === "dot") {
    const lines = ["digraph odoo_modules {", "  rankdir=BT;", "  node [shape=box];"];
    for (const n of graph.nodes)
      lines.push(`  "${n.name}"${n.addonsPath === null ? " [style=dashed]" : ""};`);
    for (const e of graph.edges) lines.push(`  "${e.from}" -> "${e.to}";`);
    lines.push("}");
    return `${lines.join("\n")}\n`;
  }
  const id = (n: string) => `m_${n.replace(/[^A-Za-z0-9_]/g, "_")}`;
  const lines = ["graph BT"];
  for (const n of graph.nodes) lines.push(`  ${id(n.name)}["${n.name}"]`);
  for (const e of graph.edges) lines.push(`  ${id(e.from)} --> ${id(e.to)}`);
  return `${lines.join("\n")}\n`;
}
