// Benchmark: how long `validateEstateText` takes on a large estate (10,000 environments by default)
// and on the Northwind demo. Run with `npm run bench:estate [-- TENANTS ENVIRONMENTS_PER_TENANT]`.
// Prints figures; asserts nothing.
import { readFileSync } from "node:fs";
import { DEMO_ESTATE_PATH } from "../src/adapters/estate-file/index.js";
import { largeEstateYaml } from "../src/domain/estate/large-estate.js";
import { validateEstateText } from "../src/domain/estate/index.js";
import { parseYaml } from "../src/domain/estate/yaml-document.js";

const tenants = Number(process.argv[2] ?? 500);
const perTenant = Number(process.argv[3] ?? 20);
const runs = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function time(f: () => unknown): number {
  const started = performance.now();
  f();
  return performance.now() - started;
}

const text = largeEstateYaml(tenants, perTenant);
const lines = text.split("\n").length;
console.log(
  `large estate: ${tenants * perTenant} environments (${tenants} tenants × ${perTenant}), ${(text.length / 1024 / 1024).toFixed(1)} MiB, ${lines} lines`,
);
const yamlOnly: number[] = [];
const total: number[] = [];
for (let i = 0; i < runs; i++) {
  yamlOnly.push(
    time(() => parseYaml(text, { maxAliasCount: 100, maxExpandedNodes: 2_000_000, maxProblems: 1000 })),
  );
  total.push(
    time(() => {
      const result = validateEstateText(text, "large.yaml");
      if (!result.ok) throw new Error("the generated estate should be valid");
    }),
  );
}
console.log(
  `  validateEstateText: median ${median(total).toFixed(0)} ms of ${runs} runs (${total.map((t) => t.toFixed(0)).join(", ")})`,
);
console.log(
  `  of which YAML parsing (yaml library, with positions, alias and duplicate checks): median ${median(yamlOnly).toFixed(0)} ms`,
);

const demo = readFileSync(DEMO_ESTATE_PATH, "utf8");
const demoTimes = Array.from({ length: 20 }, () => time(() => validateEstateText(demo, "estate.yaml")));
console.log(
  `demo estate: median ${median(demoTimes).toFixed(1)} ms over 20 runs (first ${demoTimes[0]?.toFixed(1)} ms)`,
);
