/**
 * Policy engine micro-benchmark (`npm run bench:policies`): compiles the benchmark estate's 20 policies
 * (the Northwind demo's and generated ones) and evaluates them for a release decision on 5 environments:
 * building the policy input (calendar facts per environment included) and evaluating every rule. Prints
 * compile time and p50/p99 per decision. Pure computation, no I/O; never fails on timing.
 *
 * Settings (environment): BENCH_POLICIES (20), BENCH_ENVIRONMENTS (5), BENCH_DECISIONS (5000).
 */
import { cpus, loadavg } from "node:os";
import {
  findEnvironment,
  findTier,
  validateEstateText,
  type EnvironmentView,
} from "../src/domain/estate/index.js";
import { buildPolicyInput, compilePolicies, evaluatePolicies } from "../src/domain/policy/index.js";
import { releaseOf } from "../src/domain/release/test-support/fixtures.js";
import { benchEnvironmentNames, benchEstate } from "./bench-estate.js";

const POLICIES = Number(process.env.BENCH_POLICIES ?? 20);
const ENVIRONMENTS = Math.max(2, Number(process.env.BENCH_ENVIRONMENTS ?? 5));
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 5000);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}
const ms = (x: number) => `${x.toFixed(3)} ms`;

const validated = validateEstateText(benchEstate(ENVIRONMENTS, POLICIES), "bench-estate.yaml");
if (!validated.ok) throw new Error(JSON.stringify(validated.diagnostics.slice(0, 3)));
const estate = validated.estate;

// Compile: the first time (cold library caches) and then the median of fresh compilations.
let t0 = performance.now();
let compiled = compilePolicies(estate.policies);
const firstCompile = performance.now() - t0;
const compiles: number[] = [];
for (let i = 0; i < 50; i++) {
  t0 = performance.now();
  compiled = compilePolicies(estate.policies);
  compiles.push(performance.now() - t0);
}
compiles.sort((a, b) => a - b);

const environments = benchEnvironmentNames(ENVIRONMENTS).map((e) => `northwind-bench/${e}`);
const release = releaseOf({ tenant: "northwind-bench", environments, state: "approved" });
const views = environments
  .map((e) => findEnvironment(estate, e))
  .filter((v): v is EnvironmentView => v !== undefined);
const tier = findTier(estate, release.tier);
// Starts spread over a year, so calendar facts are not all cached the same way.
const start = Date.parse("2026-01-05T21:00:00Z");
const at = (i: number) => new Date(start + (i % 365) * 86_400_000 + (i % 24) * 3_600_000);

const decide = (i: number) =>
  evaluatePolicies(compiled, buildPolicyInput({ estate, release, tier, environments: views, at: at(i) }));
for (let i = 0; i < 500; i++) decide(i); // warm-up
const input: number[] = [];
const evaluation: number[] = [];
const total: number[] = [];
let verdicts = 0;
let failing = 0;
for (let i = 0; i < DECISIONS; i++) {
  const a = performance.now();
  const built = buildPolicyInput({ estate, release, tier, environments: views, at: at(i) });
  const b = performance.now();
  const v = evaluatePolicies(compiled, built);
  const c = performance.now();
  input.push(b - a);
  evaluation.push(c - b);
  total.push(c - a);
  verdicts += v.length;
  failing += v.filter((x) => !x.passed).length;
}
for (const list of [input, evaluation, total]) list.sort((a, b) => a - b);

console.log(
  `orc policy benchmark: ${cpus().length} CPUs, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(
  `  ${POLICIES} policies, a release on ${ENVIRONMENTS} environments, ${DECISIONS} decisions (${(verdicts / DECISIONS).toFixed(0)} verdicts each, ${((failing / verdicts) * 100).toFixed(1)}% failing)`,
);
console.log(
  `  compile ${POLICIES} policies: first ${ms(firstCompile)}, then median ${ms(percentile(compiles, 0.5))}`,
);
for (const [label, list] of [
  ["policy input (calendar facts)", input],
  ["evaluation", evaluation],
  ["per decision", total],
] as const) {
  console.log(`  ${label.padEnd(30)} p50 ${ms(percentile(list, 0.5))}  p99 ${ms(percentile(list, 0.99))}`);
}
