import { relative } from "node:path";
import pino from "pino";
import { serverOptions } from "../../config/server-options.js";
import { formatDiagnostic, type Diagnostic } from "../../domain/diagnostic.js";
import { isOrcError } from "../../domain/errors.js";
import { loadEstateForServer } from "../../services/estate-loader.js";
import { startServer } from "../../server/start.js";
import type { CliCommand } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { addOptions, readOptions } from "../options.js";

/** `orc serve`: the control plane (API, and later the dashboard) on one port. */
export const serveCommand: CliCommand = {
  name: "serve",
  register(program, io, state) {
    const cmd = program
      .command("serve")
      .description(
        "run the control plane: HTTP API on one port, embedded PostgreSQL unless DATABASE_URL is set",
      )
      .addHelpText(
        "after",
        `
Examples:
  orc serve                                   # demo estate, embedded database in ./.orc
  DATABASE_URL=postgres://orc@db:5432/orc orc serve --estate estate.yaml --host 0.0.0.0

On first start with an empty store, an admin token is written to <data-dir>/admin.token (mode 0600).
A second orc on the same data directory is refused (exit 6): the embedded database has one owner.`,
      );
    addOptions(cmd, serverOptions).action(async (flags: Record<string, unknown>) => {
      const opts = readOptions(serverOptions, flags, io.env);
      const log = pino({ level: opts.logLevel }, pino.destination(2));
      let server;
      try {
        server = await startServer(opts, { loadEstate: loadEstateForServer, log });
      } catch (e) {
        if (isOrcError(e, "estate-invalid")) {
          const diagnostics = (e.context.diagnostics ?? []) as Diagnostic[];
          for (const d of diagnostics) io.err(`${formatDiagnostic(d)}\n`);
        }
        throw e;
      }
      const where =
        server.backend === "embedded"
          ? `embedded PostgreSQL in ${opts.dataDir}`
          : "PostgreSQL server from DATABASE_URL";
      const estate = server.ctx.estate.current();
      io.out(`orc listening on ${server.url} (${where})\n`);
      io.out(
        server.dashboard.served
          ? `web dashboard: ${server.url}/ (sign in with an API token${server.ctx.sso ? " or single sign-on" : ""})\n`
          : `web dashboard: not built (${server.dashboard.reason}); the API works without it\n`,
      );
      if (estate)
        io.out(
          `estate: ${relative(io.cwd, estate.source) || estate.source} (sha256 ${estate.hash.slice(0, 12)})\n`,
        );
      const hooks = server.ctx.notifications.webhooks();
      if (hooks.length)
        io.out(
          `webhooks: ${hooks.map((h) => (h.enabled ? h.name : `${h.name} (disabled: ${h.secretEnv} is not set)`)).join(", ")}\n`,
        );
      const sso = server.ctx.sso?.settings;
      if (sso) {
        io.out(
          `single sign-on: ${sso.issuer} (client ${sso.clientId}; register the redirect URI ${sso.redirectUri})\n`,
        );
      }
      if (server.adminTokenFile) {
        // Relative to where the user is when that is shorter (.orc/admin.token), else absolute.
        const rel = relative(io.cwd, server.adminTokenFile);
        const file = rel && !rel.startsWith("..") ? rel : server.adminTokenFile;
        io.out(
          `first start: an admin token was written to ${file} (readable only by you). To use it:\n` +
            `  export ORC_TOKEN=$(cat ${file})\n` +
            `  curl -H "Authorization: Bearer $ORC_TOKEN" ${server.url}/api/v1/estate\n` +
            `  npm run orc -- token create --user alice --role release-manager\n`,
        );
      } else {
        io.out(
          `sign in with an API token (Authorization: Bearer …); the bootstrap admin token is in ${opts.dataDir}/admin.token\n`,
        );
      }
      void server.demoSeed.then((o) => {
        if (o.seeded)
          io.out(
            `demo: ${o.releases.length} Northwind releases seeded (${o.releases.map((r) => r.state).join(", ")}): npm run orc -- release list\n`,
          );
      });
      await new Promise<void>((resolveStop) => {
        const stop = () => {
          io.out("orc stopping…\n");
          server.close().then(resolveStop, (err: unknown) => {
            io.err(`orc: error while stopping: ${String(err)}\n`);
            resolveStop();
          });
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      state.exitCode = ExitCode.ok;
    });
  },
};
