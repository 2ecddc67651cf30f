import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { OrcError, type ErrorCode } from "../domain/errors.js";
import type { CliIo } from "./io.js";

/** Where a state-changing command finds the running server and its credentials. */
export interface ApiTarget {
  readonly server: string;
  readonly token?: string;
}

/** Adds `--server` and `--token` to a command that talks to the API. */
export function addApiOptions(cmd: Command): Command {
  return cmd
    .option("--server <url>", "orc server URL (env ORC_SERVER, default http://127.0.0.1:8080)")
    .option("--token <token>", "API token (env ORC_TOKEN; else <data-dir>/admin.token when readable)")
    .option("--data-dir <dir>", "data directory to find admin.token in (env ORC_DATA_DIR, default .orc)");
}

/** Resolves the target: flag, then environment, then the local data directory's admin token. */
/** The flags {@link addApiOptions} adds. */
export interface ApiFlags {
  server?: string;
  token?: string;
  dataDir?: string;
}

export function apiTarget(flags: ApiFlags, io: CliIo): ApiTarget {
  const server = String(flags.server ?? io.env.ORC_SERVER ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
  const explicit = (flags.token as string | undefined) ?? io.env.ORC_TOKEN;
  if (explicit) return { server, token: explicit.trim() };
  const dataDir = String(flags.dataDir ?? io.env.ORC_DATA_DIR ?? ".orc");
  try {
    return { server, token: readFileSync(join(io.cwd, dataDir, "admin.token"), "utf8").trim() };
  } catch {
    return { server };
  }
}

interface ProblemBody {
  code?: ErrorCode;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/** Calls the API; a problem response becomes an OrcError with the server's code and sentence. */
export async function callApi<T>(
  target: ApiTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${target.server}${path}`, {
      method,
      headers: {
        accept: "application/json",
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    throw new OrcError(
      "infrastructure-unavailable",
      `cannot reach orc at ${target.server}: is \`orc serve\` running? (set --server or ORC_SERVER)`,
    );
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (res.ok) return (text ? JSON.parse(text) : undefined) as T;
  let problem: ProblemBody = {};
  try {
    problem = JSON.parse(text) as ProblemBody;
  } catch {
    // not a problem document
  }
  const code: ErrorCode =
    problem.code ?? (res.status === 401 ? "unauthenticated" : res.status === 403 ? "forbidden" : "internal");
  const hint =
    code === "unauthenticated" && !target.token ? " (no token: pass --token or set ORC_TOKEN)" : "";
  throw new OrcError(code, `${problem.detail ?? `HTTP ${res.status}`}${hint}`, {
    errors: problem.errors ?? [],
  });
}
