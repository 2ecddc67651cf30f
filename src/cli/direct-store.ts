import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "../config/option.js";
import { OrcError } from "../domain/errors.js";
import { openDb, type Db } from "../store/index.js";
import type { ApiFlags } from "./api-client.js";
import type { CliIo } from "./io.js";

/** The flags of commands that can read the database themselves instead of asking the server. */
export interface DirectFlags extends ApiFlags {
  direct?: boolean;
  databaseUrl?: string;
}

/** True when the command should open the store itself (`--direct` or `--database-url`). */
export function isDirect(flags: DirectFlags): boolean {
  return Boolean(flags.direct || flags.databaseUrl);
}

/** Opens the store directly (no server): `--database-url`, or the embedded one in `--data-dir`. */
export async function openDirect(flags: DirectFlags, io: CliIo): Promise<{ db: Db; dataDir: string }> {
  const dataDir = resolve(io.cwd, flags.dataDir ?? io.env.ORC_DATA_DIR ?? ".orc");
  const rawUrl = flags.databaseUrl ?? io.env.DATABASE_URL;
  const databaseUrl = rawUrl ? parse.databaseUrl(rawUrl) : undefined;
  if (!databaseUrl && !existsSync(join(dataDir, "pg"))) {
    throw new OrcError("not-found", `no embedded database in ${dataDir} (give --data-dir or --database-url)`);
  }
  const { db } = await openDb({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  return { db, dataDir };
}
