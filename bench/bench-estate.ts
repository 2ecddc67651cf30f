/**
 * The estate the governance and policy benchmarks use: the Northwind demo estate plus a tenant whose
 * promotion path has `environments` environments (ending in prod), and `policies` organization rules:
 * the demo's own, then generated rules of the same kinds (calendar facts, module lists, counts,
 * message placeholders) that mostly hold for the benchmark's releases, so that every rule is evaluated in full.
 */
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";

const root = new URL("../", import.meta.url);

const TEMPLATES: ((i: number) => { rule: string; when?: string })[] = [
  (i) => ({ rule: `release.durationMinutes <= ${240 + i}` }),
  (i) => ({
    when: 'env.kind == "prod"',
    rule: `!(release.tier == "major" && calendar.localHour >= ${20 + (i % 4)} && calendar.localIsoWeekday >= 5)`,
  }),
  (i) => ({ rule: `release.changedModules.all(m, !m.startsWith("l10n_bench_${i}"))` }),
  (i) => ({ rule: `!(release.requester in release.approvers) || ${i} < 0` }),
  (i) => ({ rule: `size(release.authors) < ${50 + i} && release.summary.size() > 0` }),
  (i) => ({ rule: `release.findings.all(f, f != "bench-finding-${i}")` }),
  (i) => ({
    rule: `!(env.kind == "prod" && calendar.inFreeze && release.tier == "standard") || calendar.daysToNextFreeze >= ${i % 3}`,
  }),
];

/** `n` policies: the demo estate's, then generated ones. */
export function benchPolicies(
  demo: readonly Record<string, unknown>[],
  n: number,
): Record<string, unknown>[] {
  const out = demo.slice(0, n).map((p) => ({ ...p }));
  for (let i = out.length; i < n; i++) {
    const t = TEMPLATES[i % TEMPLATES.length]!(i);
    out.push({
      name: `bench-rule-${String(i + 1).padStart(2, "0")}`,
      ...(t.when ? { when: t.when } : {}),
      rule: t.rule,
      message: `bench rule ${i + 1} fails for release {{ release.id }} on {{ env.id }} ({{ calendar.localDate }})`,
    });
  }
  return out;
}

/** The benchmark estate as YAML text. */
export function benchEstate(environments: number, policies: number): string {
  const estate = parse(readFileSync(new URL("examples/northwind/estate.yaml", root), "utf8"));
  const template = estate.tenants[0].environments[0];
  const kinds = [
    "dev",
    "test",
    "training",
    ...Array(Math.max(0, environments - 4)).fill("staging"),
    "staging",
  ];
  const names = Array.from({ length: environments }, (_, i) =>
    i === environments - 1 ? "prod" : `stage${i + 1}`,
  );
  estate.tenants.push({
    name: "northwind-bench",
    hosting: "dedicated",
    region: "eu-central",
    environments: names.map((name, i) => ({
      ...template,
      name,
      kind: i === environments - 1 ? "prod" : kinds[i],
      url: `https://${name}.bench.northwind.example`,
      database: { name: `nw_bench_${name}` },
      kubernetes: { cluster: "bench-1", namespace: `nw-bench-${name}` },
      ...(i > 0 ? { promotesFrom: names[i - 1] } : { promotesFrom: undefined }),
      calendars: ["retail-global", "retail-eu"],
      slos: [],
    })),
  });
  estate.policies = benchPolicies(estate.policies ?? [], policies);
  return stringify(estate, { aliasDuplicateObjects: false });
}

/** The bench tenant's environment names, first to last. */
export function benchEnvironmentNames(environments: number): string[] {
  return Array.from({ length: environments }, (_, i) => (i === environments - 1 ? "prod" : `stage${i + 1}`));
}
