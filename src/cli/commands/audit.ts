import { createWriteStream, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { once } from "node:events";
import { loadPublicKey, publicKeyPath } from "../../adapters/keys/signing-key-file.js";
import { describeChainBreak, type AuditEvent } from "../../domain/audit/index.js";
import { OrcError } from "../../domain/errors.js";
import { AuditLog } from "../../services/audit-log.js";
import { streamAuditEvents } from "../../store/index.js";
import { addApiOptions, apiTarget, callApi } from "../api-client.js";
import type { CliCommand } from "../command.js";
import { isDirect, openDirect, type DirectFlags } from "../direct-store.js";
import { ExitCode } from "../exit-codes.js";
import { printJson, type CliIo } from "../io.js";

interface Verification {
  ok: boolean;
  eventsChecked: number;
  headSeq: number;
  headHash: string;
  checkpointsVerified: number;
  checkpointsInDatabase: number;
  checkpointsInDirectory: number;
  firstBadSeq?: number;
  problem?: string;
  durationMs: number;
}

interface AuditDirectFlags extends DirectFlags {
  publicKey?: string;
}

async function verifyDirect(flags: AuditDirectFlags, io: CliIo): Promise<Verification> {
  const { db, dataDir } = await openDirect(flags, io);
  try {
    const keyFile = flags.publicKey ?? publicKeyPath(join(dataDir, "audit-signing-key.pem"));
    const verifier = existsSync(keyFile)
      ? { name: "orc-audit", publicKey: loadPublicKey(keyFile) }
      : undefined;
    if (!verifier)
      io.err(
        `warning: no public key at ${keyFile}; checkpoint signatures are not checked (give --public-key)\n`,
      );
    const audit = new AuditLog({
      db,
      now: () => new Date(),
      ...(verifier ? { verifier } : {}),
      checkpointDir: join(dataDir, "checkpoints"),
    });
    const { firstBreak, lastCheckpoint: _l, ...v } = await audit.verify();
    return {
      ...v,
      ...(firstBreak ? { firstBadSeq: firstBreak.seq, problem: describeChainBreak(firstBreak) } : {}),
    };
  } finally {
    await db.close();
  }
}

const directHelp = `
By default these commands ask the running server (--server, ORC_SERVER) with an auditor token.
With --direct (embedded database in --data-dir, only while no server holds it) or --database-url they
read the database themselves, so an auditor does not have to trust the server.`;

/** `orc audit verify|export`. */
export const auditCommand: CliCommand = {
  name: "audit",
  register(program, io, state) {
    const audit = program
      .command("audit")
      .description("verify and export the tamper-evident audit trail")
      .addHelpText("after", directHelp);
    const withDirect = (c: ReturnType<typeof audit.command>) =>
      addApiOptions(c)
        .option("--direct", "read the embedded database in --data-dir instead of asking the server")
        .option(
          "--database-url <url>",
          "read this PostgreSQL database directly (env DATABASE_URL with --direct)",
        );
    withDirect(
      audit
        .command("verify")
        .description(
          "recompute the hash chain and check signed checkpoints; exit 1 naming the first bad event",
        )
        .option(
          "--public-key <file>",
          "public key that signs checkpoints (direct mode; default <data-dir>/audit-signing-key.pub.pem)",
        )
        .option("--json", "print JSON"),
    ).action(async (flags: AuditDirectFlags & { json?: boolean }) => {
      const v = isDirect(flags)
        ? await verifyDirect(flags, io)
        : await callApi<Verification>(apiTarget(flags, io), "GET", "/api/v1/audit/verify");
      state.exitCode = v.ok ? ExitCode.ok : ExitCode.no;
      if (flags.json) return printJson(io, v);
      const cps = `${v.checkpointsVerified} signed checkpoint(s) verified`;
      if (v.ok) {
        io.out(
          `audit chain OK: ${v.eventsChecked} events, head ${v.headSeq} (${v.headHash.slice(0, 16)}…), ${cps}, in ${v.durationMs} ms\n`,
        );
      } else {
        io.out(
          `audit chain BROKEN at event ${v.firstBadSeq}: ${v.problem}\n(${v.eventsChecked} events verified before it, ${cps})\n`,
        );
      }
    });
    withDirect(
      audit
        .command("export")
        .description("write audit events as JSON lines (to stdout or --output)")
        .option("--since <iso-datetime>", "only events at or after this time")
        .option("--output <file>", "write to a file instead of stdout"),
    ).action(async (flags: DirectFlags & { since?: string; output?: string }) => {
      const since = flags.since ? new Date(flags.since) : undefined;
      if (since && Number.isNaN(since.getTime()))
        throw new OrcError("bad-request", `--since: "${flags.since}" is not an ISO date-time`);
      const file = flags.output
        ? createWriteStream(resolve(io.cwd, flags.output), { flags: "wx" })
        : undefined;
      const write = async (e: AuditEvent) => {
        const line = `${JSON.stringify(e)}\n`;
        if (!file) return io.out(line);
        if (!file.write(line)) await once(file, "drain");
      };
      let count = 0;
      if (isDirect(flags)) {
        const { db } = await openDirect(flags, io);
        try {
          for await (const e of streamAuditEvents(db)) {
            if (since && new Date(e.ts) < since) continue;
            await write(e);
            count++;
          }
        } finally {
          await db.close();
        }
      } else {
        const target = apiTarget(flags, io);
        let after = 0;
        for (;;) {
          const q = new URLSearchParams({
            after: String(after),
            limit: "1000",
            ...(since ? { since: since.toISOString() } : {}),
          });
          const page = await callApi<{ events: AuditEvent[]; next?: number }>(
            target,
            "GET",
            `/api/v1/audit/events?${q}`,
          );
          for (const e of page.events) await write(e);
          count += page.events.length;
          if (page.next === undefined) break;
          after = page.next;
        }
      }
      if (file) {
        file.end();
        await once(file, "finish");
        io.err(`${count} events written to ${flags.output}\n`);
      }
    });
  },
};
