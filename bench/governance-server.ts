/**
 * The server half of `npm run bench:governance`, run in its own process so the 200 clients do not share
 * its event loop: the real orc server (`startServer`) on PostgreSQL, with the estate and the stand-in
 * organization rules the benchmark asks for. Prints one JSON line `{url, adminToken}` when ready and
 * stops on SIGTERM.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import pino from "pino";
import { parse as parseCel } from "@marcbachmann/cel-js";
import { resolveOptions } from "../src/config/option.js";
import { serverOptions } from "../src/config/server-options.js";
import type { PolicyVerdict } from "../src/domain/release/index.js";
import { startServer } from "../src/server/start.js";
import { loadEstateForServer } from "../src/services/estate-loader.js";
import type { ReleasePolicyEvaluator } from "../src/services/release-hooks.js";

const { BENCH_DATABASE_URL, BENCH_ESTATE, BENCH_DATA_DIR } = process.env;
const POLICIES = Number(process.env.BENCH_POLICIES ?? 20);

// Until policy as code is merged, the rules are stand-ins of the same cost: CEL expressions compiled
// once with the CEL library the policy engine uses, evaluated per environment on facts computed in
// TypeScript, through the seam the engine will plug into (ReleasePolicyEvaluator).
const TEMPLATES = [
  (i: number) =>
    `!(env.kind == "prod" && release.impact == "migration" && release.tier == "standard") || ${i} < 0`,
  (i: number) => `release.environments <= ${5 + i} && release.duration_minutes <= 480`,
  (i: number) => `!(at.weekday == 5 && at.hour >= ${12 + (i % 6)} && env.kind == "prod")`,
  (i: number) => `release.summary.size() > ${i % 3} && release.requester != ""`,
  (i: number) => `"release-manager" in release.approver_roles || release.tier == "emergency" || ${i} >= 0`,
];

function standInPolicies(n: number): ReleasePolicyEvaluator {
  const rules = Array.from({ length: n }, (_, i) => ({
    name: `rule-${String(i + 1).padStart(2, "0")}`,
    check: parseCel(TEMPLATES[i % TEMPLATES.length]!(i)),
  }));
  return {
    evaluate({ release, tier, environments, at }) {
      const verdicts: PolicyVerdict[] = [];
      const facts = {
        release: {
          tier: release.tier,
          impact: release.plan.impact.overall,
          environments: BigInt(release.environments.length),
          duration_minutes: 60n,
          summary: release.summary,
          requester: release.requester,
          approver_roles: (tier?.approvals ?? []).map((a) => a.role),
        },
        at: { weekday: BigInt(at.getUTCDay()), hour: BigInt(at.getUTCHours()) },
      };
      for (const env of environments) {
        const input = { ...facts, env: { kind: env.environment.kind, id: env.id } };
        for (const rule of rules) {
          const passed = rule.check(input) === true;
          verdicts.push({ policy: rule.name, passed, message: `${rule.name} holds`, environment: env.id });
        }
      }
      return verdicts;
    },
  };
}

// BENCH_PROFILE=file.cpuprofile: a V8 CPU profile of the server, written at SIGTERM.
const profile = process.env.BENCH_PROFILE ? new Session() : undefined;
if (profile) {
  profile.connect();
  await profile.post("Profiler.enable");
  await profile.post("Profiler.start");
}

const server = await startServer(
  {
    ...resolveOptions(serverOptions, {}, {}),
    host: "127.0.0.1",
    port: 0,
    dataDir: BENCH_DATA_DIR as string,
    estate: BENCH_ESTATE as string,
    databaseUrl: BENCH_DATABASE_URL as string,
    logLevel: "silent",
    checkpointEvery: 100_000,
    checkpointIntervalSeconds: 3600,
    auditKeyFile: undefined,
  },
  {
    loadEstate: loadEstateForServer,
    log: pino({ level: "silent" }),
    ...(POLICIES > 0 ? { policyEvaluator: standInPolicies(POLICIES) } : {}),
  },
);
const adminToken = readFileSync(join(BENCH_DATA_DIR as string, "admin.token"), "utf8").trim();
process.stdout.write(`${JSON.stringify({ url: server.url, adminToken })}\n`);
process.on("SIGTERM", () => {
  void (async () => {
    if (profile) {
      const { profile: data } = await profile.post("Profiler.stop");
      writeFileSync(process.env.BENCH_PROFILE as string, JSON.stringify(data));
    }
    await server.close();
    process.exit(0);
  })().catch(() => process.exit(1));
});
