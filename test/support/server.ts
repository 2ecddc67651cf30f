import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pino from "pino";
import { resolveOptions } from "../../src/config/option.js";
import { serverOptions } from "../../src/config/server-options.js";
import type { Backend } from "../../src/store/index.js";
import { loadEstateForServer } from "../../src/services/estate-loader.js";
import {
  startServer,
  type RunningServer,
  type ServeOptions,
  type ServerDeps,
} from "../../src/server/start.js";
import { createTestDatabase, prepareEmbeddedDataDir } from "./backends.js";

/** The demo estate, which the server serves by default. */
export const DEMO_ESTATE = resolve("examples/northwind/estate.yaml");

export interface TestServer {
  readonly url: string;
  readonly adminToken: string;
  readonly server: RunningServer;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  /** GET/POST/... with an optional bearer token; returns status, headers and parsed body. */
  call(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

/** Starts a real server on a free port, on the chosen backend, with a fresh store. */
export async function startTestServer(
  backend: Backend,
  options: {
    estate?: string;
    now?: () => Date;
    dataDir?: string;
    /** @default 0 (a free port) */
    port?: number;
    /** Options beyond the defaults (e.g. single sign-on). */
    serve?: Partial<ServeOptions>;
    /** Hooks of the server (lifecycle listener, policy evaluator). */
    deps?: Pick<ServerDeps, "lifecycleListener" | "policyEvaluator">;
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "orc-server-"));
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (backend === "embedded") {
    if (!options.dataDir) await prepareEmbeddedDataDir(dataDir);
  } else {
    const db = await createTestDatabase();
    databaseUrl = db.url;
    drop = db.drop;
  }
  const server = await startServer(
    {
      ...resolveOptions(serverOptions, {}, {}),
      host: "127.0.0.1",
      port: options.port ?? 0,
      dataDir,
      estate: options.estate ?? DEMO_ESTATE,
      logLevel: "silent",
      checkpointEvery: 1000,
      checkpointIntervalSeconds: 3600,
      databaseUrl,
      auditKeyFile: undefined,
      // Suites count releases from an empty store; the demo seeding has its own suite.
      demoData: "off",
      ...options.serve,
    },
    {
      loadEstate: loadEstateForServer,
      log: pino({ level: "silent" }),
      ...(options.now ? { now: options.now } : {}),
      ...options.deps,
    },
  );
  const adminToken = readFileSync(join(dataDir, "admin.token"), "utf8").trim();
  return {
    url: server.url,
    adminToken,
    server,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    async call(method, path, token, body) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async stop() {
      await server.close();
      await drop?.();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
