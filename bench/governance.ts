/**
 * Release governance benchmark (`npm run bench:governance`): 200 concurrent clients creating,
 * submitting and approving releases and asking for decisions for 10 s against a real orc server on
 * PostgreSQL (its own process); then decisions only on one heavy release (5 environments, 50 evidence
 * items, 20 organization rules declared in its estate) from a few concurrent clients; then that decision alone. Prints throughput and p50/p99
 * per operation; it is not a test and never fails on timing.
 *
 * Settings (environment): BENCH_CLIENTS (200), BENCH_SECONDS (10), BENCH_ENVIRONMENTS (5),
 * BENCH_EVIDENCE (50), BENCH_POLICIES (20), ORC_TEST_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_DECIDERS (8: clients of the decisions-only phase), BENCH_PROFILE (a file: the server's V8 CPU
 * profile is written there).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { loadavg, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { stableJson } from "../src/domain/odoo/index.js";
import { planOf } from "../src/domain/release/test-support/fixtures.js";
import { CLEAN_SARIF } from "../src/domain/release/test-support/evidence.js";
import { createTestDatabase } from "../test/support/backends.js";
import { benchEnvironmentNames, benchEstate } from "./bench-estate.js";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ENVIRONMENTS = Math.max(2, Number(process.env.BENCH_ENVIRONMENTS ?? 5));
const EVIDENCE = Number(process.env.BENCH_EVIDENCE ?? 50);
const POLICIES = Number(process.env.BENCH_POLICIES ?? 20);

const root = new URL("../", import.meta.url);
const sample = (path: string) => readFileSync(new URL(`src/domain/evidence/samples/${path}`, root), "utf8");

interface Server {
  url: string;
  adminToken: string;
  stop(): Promise<void>;
}

async function startServerProcess(databaseUrl: string, estateFile: string, dataDir: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", new URL("bench/governance-server.ts", root).pathname],
    {
      env: {
        ...process.env,
        BENCH_DATABASE_URL: databaseUrl,
        BENCH_ESTATE: estateFile,
        BENCH_DATA_DIR: dataDir,
        BENCH_POLICIES: String(POLICIES),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`benchmark server exited with ${code}`)));
  });
  const { url, adminToken } = JSON.parse(first) as { url: string; adminToken: string };
  return {
    url,
    adminToken,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function call(server: Server, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

function describe(label: string, samples: number[], seconds?: number): string {
  const s = [...samples].sort((a, b) => a - b);
  const rate = seconds
    ? `${Math.round(s.length / seconds)
        .toString()
        .padStart(6)}/s`
    : "".padStart(8);
  return `  ${label.padEnd(34)} ${String(s.length).padStart(7)} ${rate}  p50 ${percentile(s, 0.5).toFixed(1).padStart(7)} ms  p99 ${percentile(s, 0.99).toFixed(1).padStart(7)} ms`;
}

const DECISION_AT = "2026-12-08T21:00:00Z"; // a Tuesday, 22:00 in Berlin: maintenance time, no freeze

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "orc-bench-governance-"));
  const db = await createTestDatabase();
  const estateFile = join(work, "estate.yaml");
  writeFileSync(estateFile, benchEstate(ENVIRONMENTS, POLICIES));
  const server = await startServerProcess(db.url, estateFile, join(work, "data"));
  try {
    const people: Record<string, string[]> = {
      farid: ["engineer"],
      alice: ["release-manager", "engineer"],
      bruno: ["release-manager"],
      vera: ["viewer"],
    };
    const tok: Record<string, string> = {};
    for (const [user, roles] of Object.entries(people)) {
      tok[user] = (await call(server, server.adminToken, "POST", "/api/v1/tokens", { user, roles })).token;
    }
    const plan = JSON.parse(stableJson(planOf("rolling")));
    const body = (tenant: string, environments: string[]) => ({
      tenant,
      environments,
      addons: [{ name: "northwind-retail", revision: "3f2a9c1d" }],
      imageDigest: `sha256:${"ab".repeat(32)}`,
      plan,
      tier: "standard",
      summary: "benchmark release",
      rollbackIntent: { strategy: "restore-backup", notes: "" },
      authors: ["grace"],
    });

    // The heavy release: every environment of the bench tenant, EVIDENCE reports, approved.
    const envs = benchEnvironmentNames(ENVIRONMENTS);
    const heavy = await call(server, tok.farid!, "POST", "/api/v1/releases", body("northwind-bench", envs));
    await call(server, tok.farid!, "POST", `/api/v1/releases/${heavy.id}/submit`);
    await call(server, tok.alice!, "POST", `/api/v1/releases/${heavy.id}/approve`, {
      planHash: heavy.planHash,
      imageDigest: heavy.imageDigest,
    });
    const reports: [string, string, string][] = [
      ["junit", "junit.xml", sample("junit/pytest-passing.xml")],
      ["trivy", "trivy.json", sample("trivy/odoo-17-image.json")],
      ["sarif", "eslint.sarif", CLEAN_SARIF],
      ["cyclonedx", "sbom.cdx.json", sample("cyclonedx/orc-npm.cdx.json")],
      ["rehearsal", "rehearsal.json", sample("rehearsal/staging-17-upgrade.json")],
    ];
    for (let i = 0; i < EVIDENCE; i++) {
      const [type, fileName, content] = reports[i % reports.length]!;
      await call(server, tok.farid!, "POST", `/api/v1/releases/${heavy.id}/evidence`, {
        type,
        fileName,
        content,
      });
    }
    const heavyPath = `/api/v1/releases/${heavy.id}/decision?at=${encodeURIComponent(DECISION_AT)}`;
    const sampleDecision = await call(server, tok.vera!, "GET", heavyPath);
    for (let i = 0; i < 50; i++) await call(server, tok.vera!, "GET", heavyPath); // warm-up

    // Under load: each client creates and submits a release, approves it, asks for its decision and for
    // the heavy release's, again and again.
    const latency: Record<string, number[]> = {
      create: [],
      submit: [],
      approve: [],
      decision: [],
      "decision (heavy)": [],
    };
    let errors = 0;
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    // Each request is timed; none starts after the deadline (a client stops in the middle of its cycle).
    class Stop extends Error {}
    const timed = async <T>(op: string, f: () => Promise<T>): Promise<T> => {
      if (performance.now() >= deadline) throw new Stop();
      const t0 = performance.now();
      try {
        return await f();
      } finally {
        latency[op]!.push(performance.now() - t0);
      }
    };
    const tenants = ["northwind-eu", "northwind-us", "northwind-apac"];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const tenant = tenants[c % tenants.length]!;
        while (performance.now() < deadline) {
          try {
            const r = await timed("create", () =>
              call(server, tok.farid!, "POST", "/api/v1/releases", body(tenant, ["staging", "prod"])),
            );
            await timed("submit", () => call(server, tok.farid!, "POST", `/api/v1/releases/${r.id}/submit`));
            await timed("approve", () =>
              call(server, c % 2 ? tok.alice! : tok.bruno!, "POST", `/api/v1/releases/${r.id}/approve`, {
                planHash: r.planHash,
                imageDigest: r.imageDigest,
              }),
            );
            await timed("decision", () =>
              call(
                server,
                tok.vera!,
                "GET",
                `/api/v1/releases/${r.id}/decision?at=${encodeURIComponent(DECISION_AT)}`,
              ),
            );
            await timed("decision (heavy)", () => call(server, tok.vera!, "GET", heavyPath));
          } catch (e) {
            if (e instanceof Stop) break;
            errors++;
            if (errors <= 3) console.error(String(e));
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const all = Object.values(latency).flat();

    // Decisions only, at a concurrency the machine can serve without queueing for long.
    const DECIDERS = Number(process.env.BENCH_DECIDERS ?? 8);
    const decisionsOnly: number[] = [];
    const decideUntil = performance.now() + Math.min(5, SECONDS) * 1000;
    const decideStart = performance.now();
    await Promise.all(
      Array.from({ length: DECIDERS }, async () => {
        while (performance.now() < decideUntil) {
          const t0 = performance.now();
          await call(server, tok.vera!, "GET", heavyPath);
          decisionsOnly.push(performance.now() - t0);
        }
      }),
    );
    const decideElapsed = (performance.now() - decideStart) / 1000;

    // Alone: the heavy decision with nothing else running.
    const alone: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      await call(server, tok.vera!, "GET", heavyPath);
      alone.push(performance.now() - t0);
    }

    const policyNote =
      POLICIES > 0
        ? `${POLICIES} estate policies (the demo's and generated ones; ${POLICIES * ENVIRONMENTS} rule evaluations per decision at most, fewer where out of scope)`
        : "none";
    console.log(
      `orc governance benchmark: PostgreSQL, server in its own process, ${cpus().length} CPUs, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    console.log(
      `  heavy release ${heavy.id}: ${ENVIRONMENTS} environments, ${EVIDENCE} evidence items, policies: ${policyNote}`,
    );
    console.log(
      `  its decision at ${DECISION_AT}: allowed=${sampleDecision.allowed}, ${sampleDecision.reasons.length} reasons (${
        sampleDecision.reasons
          .filter((r: { blocking: boolean }) => r.blocking)
          .map((r: { code: string }) => r.code)
          .join(", ") || "none blocking"
      })`,
    );
    console.log(
      `\n${CLIENTS} clients for ${elapsed.toFixed(1)} s: ${all.length} requests, ${Math.round(all.length / elapsed)} requests/s, ${errors} errors`,
    );
    console.log(`  ${"operation".padEnd(34)} ${"count".padStart(7)} ${"rate".padStart(8)}`);
    for (const [op, samples] of Object.entries(latency)) console.log(describe(op, samples, elapsed));
    console.log(describe("all", all, elapsed));
    console.log(`\nheavy decisions only, ${DECIDERS} concurrent clients for ${decideElapsed.toFixed(1)} s:`);
    console.log(describe("decision (heavy)", decisionsOnly, decideElapsed));
    console.log(`\nheavy decision alone (sequential):`);
    console.log(describe("decision (heavy)", alone));
    console.log(
      `\ntarget: p99 < 100 ms for the heavy decision (alone: ${percentile(
        [...alone].sort((a, b) => a - b),
        0.99,
      ).toFixed(1)} ms)`,
    );
  } finally {
    await server.stop();
    await db.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
