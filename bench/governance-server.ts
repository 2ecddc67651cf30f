/**
 * The server half of `npm run bench:governance`, run in its own process so the 200 clients do not share
 * its event loop: the real orc server (`startServer`) on PostgreSQL, with the estate the benchmark
 * writes (its organization rules are evaluated by the server's default evaluator, the estate's
 * policies, as in production). Prints one JSON line `{url, adminToken}` when ready and
 * stops on SIGTERM.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import pino from "pino";
import { resolveOptions } from "../src/config/option.js";
import { serverOptions } from "../src/config/server-options.js";
import { startServer } from "../src/server/start.js";
import { loadEstateForServer } from "../src/services/estate-loader.js";

const { BENCH_DATABASE_URL, BENCH_ESTATE, BENCH_DATA_DIR } = process.env;

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
