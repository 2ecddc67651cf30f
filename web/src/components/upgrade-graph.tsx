import type { Plan } from "../api/types.js";
import { layoutUpgradeGraph, NODE_H, NODE_W } from "./upgrade-graph-layout.js";

/** The upgrade set drawn as a dependency graph: changed modules highlighted, upgrade order numbered. */
export function UpgradeGraph({ plan }: { plan: Plan }) {
  const g = layoutUpgradeGraph(plan);
  if (g.nodes.length === 0) return <p className="muted">The plan upgrades no module.</p>;
  const at = new Map(g.nodes.map((n) => [n.module, n]));
  const changed = g.nodes.filter((n) => n.changed).length;
  return (
    <figure className="graph">
      <div className="graph-scroll">
        <svg
          width={g.width}
          height={g.height}
          viewBox={`0 0 ${g.width} ${g.height}`}
          role="img"
          aria-label={`Upgrade set of ${g.nodes.length} modules, ${changed} changed; order: ${g.nodes.map((n) => `${n.order} ${n.module}`).join(", ")}`}
          data-testid="upgrade-graph"
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="graph-arrow" />
            </marker>
          </defs>
          {g.edges.map((e) => {
            const a = at.get(e.from);
            const b = at.get(e.to);
            if (!a || !b) return null;
            const x1 = a.x + NODE_W;
            const y1 = a.y + NODE_H / 2;
            const x2 = b.x;
            const y2 = b.y + NODE_H / 2;
            const mid = (x1 + x2) / 2;
            return (
              <path
                key={`${e.from}->${e.to}`}
                className="graph-edge"
                d={`M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`}
                markerEnd="url(#arrow)"
              />
            );
          })}
          {g.nodes.map((n) => (
            <g
              key={n.module}
              transform={`translate(${n.x},${n.y})`}
              className={`graph-node${n.changed ? " graph-changed" : ""}${n.install ? " graph-install" : ""}`}
              data-module={n.module}
              data-changed={n.changed}
            >
              <title>{`${n.order}. ${n.module}: ${n.reason}`}</title>
              <rect width={NODE_W} height={NODE_H} rx="6" />
              <circle cx="18" cy={NODE_H / 2} r="11" className="graph-order" />
              <text x="18" y={NODE_H / 2 + 4} textAnchor="middle" className="graph-order-text">
                {n.order}
              </text>
              <text x="36" y={NODE_H / 2 + 4} className="graph-label">
                {n.module.length > 22 ? `${n.module.slice(0, 21)}…` : n.module}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <figcaption>
        <span className="swatch swatch-changed" aria-hidden="true" /> changed module{" "}
        <span className="swatch swatch-dependent" aria-hidden="true" /> reloaded dependent{" "}
        <span className="swatch swatch-install" aria-hidden="true" /> installed · arrows point from a module
        to the modules depending on it; numbers are Odoo&apos;s upgrade order.
      </figcaption>
    </figure>
  );
}
