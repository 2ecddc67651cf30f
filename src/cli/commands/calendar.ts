import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { Temporal } from "temporal-polyfill";
import { agenda } from "../../domain/calendar/index.js";
import { isOrcError, OrcError } from "../../domain/errors.js";
import { calendarContext } from "../../domain/estate/index.js";
import {
  agendaPeriod,
  agendaView,
  effectiveCalendars,
  lookupEnvironment,
  type AgendaView,
} from "../../domain/release-window/index.js";
import { addApiOptions, apiTarget, callApi, type ApiFlags } from "../api-client.js";
import { asUsage, remoteAgenda } from "../calendar-api.js";
import { formatAgendaView, formatConflicts } from "../calendar-text.js";
import { isDirect, openDirect, type DirectFlags } from "../direct-store.js";
import type { CliCommand, CliRunState } from "../command.js";
import { ExitCode, exitCodeFor } from "../exit-codes.js";
import { reportInputProblems } from "../input-problems.js";
import { printJson, type CliIo } from "../io.js";
import { readLocalEstate } from "../local-estate.js";
import { overlayWindow } from "../../services/calendar-service.js";
import {
  ReleaseScheduleService,
  type ScheduleConflicts,
  type ScheduleScopeInput,
} from "../../services/release-schedule-service.js";
import { listCalendarWindows } from "../../store/index.js";
import { formatTable } from "../text-table.js";

interface ShowFlags extends ApiFlags {
  readonly env: string;
  readonly from?: string;
  readonly to?: string;
  readonly json?: boolean;
  readonly estate?: string;
}

/** What the server answers to an import run. */
interface ImportOutcome {
  import: string;
  calendar: string;
  source: string;
  windows: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  changed: boolean;
  skipped: { uid: string; summary: string; line: number; reason: string }[];
  warnings: { message: string; line?: number; code: string }[];
}

interface FeedInfo {
  id: string;
  environment: string;
  description: string;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

/** The API accepts bodies up to 1 MiB; the ICS text travels as a JSON string. */
const MAX_UPLOAD_BYTES = 900 * 1024;

async function localAgenda(io: CliIo, state: CliRunState, flags: ShowFlags): Promise<AgendaView | undefined> {
  const estate = await readLocalEstate(io, flags.estate);
  const found = lookupEnvironment(estate, flags.env);
  if ("field" in found) {
    reportInputProblems(io, state, [found]);
    return undefined;
  }
  const environment = calendarContext(found);
  // "Today" is the real clock's, read here at the edge and passed in.
  const period = agendaPeriod(
    { ...(flags.from ? { from: flags.from } : {}), ...(flags.to ? { to: flags.to } : {}) },
    environment.timezone,
    Temporal.Now.instant(),
  );
  if (!period.ok) {
    reportInputProblems(io, state, period.problems);
    return undefined;
  }
  const calendars = effectiveCalendars(estate, []);
  return agendaView(
    agenda(calendars.section, environment, period.value.from, period.value.to),
    calendars.originOf,
  );
}

interface ConflictsFlags extends DirectFlags {
  readonly env?: string;
  readonly tenant?: string;
  readonly from?: string;
  readonly to?: string;
  readonly json?: boolean;
  readonly estate?: string;
}

function conflictsScope(flags: ConflictsFlags): ScheduleScopeInput {
  return {
    ...(flags.env !== undefined ? { env: flags.env } : {}),
    ...(flags.tenant !== undefined ? { tenant: flags.tenant } : {}),
    ...(flags.from !== undefined ? { from: flags.from } : {}),
    ...(flags.to !== undefined ? { to: flags.to } : {}),
  };
}

/**
 * `--direct`: the estate file's calendars with the overlay windows stored in the database, and the
 * releases stored there, without a server (the same service the server runs).
 */
async function directConflicts(io: CliIo, flags: ConflictsFlags): Promise<ScheduleConflicts> {
  const estate = await readLocalEstate(io, flags.estate);
  const { db } = await openDirect(flags, io);
  try {
    const rows = await listCalendarWindows(db);
    const overlay = rows.flatMap(
      (r) =>
        overlayWindow(r, (bad) =>
          io.err(`warning: stored window ${bad.calendar}/${bad.name} is no longer valid; ignored\n`),
        ) ?? [],
    );
    const calendars = effectiveCalendars(estate, overlay);
    const service = new ReleaseScheduleService(
      db,
      { current: () => Promise.resolve({ estate, calendars, revision: "direct" }) },
      () => new Date(),
    );
    // An unknown environment or tenant is bad usage, as for the other calendar commands.
    return await asUsage(() => service.conflicts(conflictsScope(flags)));
  } finally {
    await db.close();
  }
}

async function readUpload(io: CliIo, file: string): Promise<string> {
  const path = resolve(io.cwd, file);
  try {
    if ((await stat(path)).size > MAX_UPLOAD_BYTES) {
      throw new OrcError(
        "bad-request",
        `${file} is larger than ${MAX_UPLOAD_BYTES / 1024} KiB; put it on a web server and name its URL in the estate's icsImports`,
      );
    }
    return await readFile(path, "utf8");
  } catch (e) {
    if (isOrcError(e)) throw e;
    throw new OrcError("not-found", `cannot read ${file}`);
  }
}

function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function importText(o: ImportOutcome): string {
  const lines = [
    `${o.import} → calendar ${o.calendar} (from ${o.source}): ${countOf(o.windows, "window")}${o.changed ? "" : ", nothing changed"}`,
    `  ${o.added} added, ${o.updated} updated, ${o.unchanged} unchanged, ${o.removed} removed`,
  ];
  if (o.skipped.length > 0) {
    lines.push(`  ${countOf(o.skipped.length, "event")} skipped:`);
    for (const s of o.skipped) lines.push(`    line ${s.line}  ${s.summary} (${s.uid}): ${s.reason}`);
  }
  for (const w of o.warnings) lines.push(`  warning${w.line ? ` line ${w.line}` : ""}: ${w.message}`);
  return `${lines.join("\n")}\n`;
}

/** Prints a refused import with every problem, and sets the exit code. */
function reportRefusal(io: CliIo, state: CliRunState, e: OrcError): void {
  io.err(`orc: ${e.message}\n`);
  const errors =
    (e.context.errors as { file?: string; line?: number; code?: string; message: string }[]) ?? [];
  if (errors.length > 1) {
    for (const d of errors) {
      const where = [d.file, d.line].filter((x) => x !== undefined).join(":");
      io.err(`  ${where ? `${where}: ` : ""}${d.code ? `${d.code}: ` : ""}${d.message}\n`);
    }
  }
  state.exitCode = exitCodeFor(e.code);
}

/** `orc calendar show|import|feed`. */
export const calendarCommand: CliCommand = {
  name: "calendar",
  register(program, io, state) {
    const calendar = program
      .command("calendar")
      .description(
        "business calendars: agendas of freezes and maintenance windows, promotions imports, ICS feed subscriptions",
      );

    calendar
      .command("show")
      .description("the freezes and maintenance windows of an environment over a period, local and UTC")
      .requiredOption("--env <tenant/env>", "the environment, e.g. northwind-eu/prod")
      .option(
        "--from <time>",
        "start: a date (2026-11-23) or local time, or an instant with Z (default: today)",
      )
      .option(
        "--to <time>",
        "end: a date (included) or local time, or an instant (default: 30 days after --from)",
      )
      .option("--estate <file>", "the estate file (else $ORC_ESTATE, ./estate.yaml, or the demo)")
      .option("--json", "print JSON (the API's agenda document)")
      .option(
        "--server <url>",
        "ask this orc server instead, with the windows added through its API and imports",
      )
      .option("--token <token>", "API token for --server (env ORC_TOKEN; else <data-dir>/admin.token)")
      .option("--data-dir <dir>", "data directory to find admin.token in (env ORC_DATA_DIR, default .orc)")
      .addHelpText(
        "after",
        `
Times without an offset are read in the environment's zone; a date given to --to includes that day.
Exit codes: 0 shown, 2 bad usage (unknown environment, bad time), 3 estate file not found.

Example:
  orc calendar show --env northwind-eu/prod --from 2026-11-23 --to 2026-12-04`,
      )
      .action(async (flags: ShowFlags) => {
        const view =
          flags.server !== undefined
            ? await remoteAgenda(flags, io, flags.env, {
                ...(flags.from ? { from: flags.from } : {}),
                ...(flags.to ? { to: flags.to } : {}),
              })
            : await localAgenda(io, state, flags);
        if (!view) return;
        state.exitCode = ExitCode.ok;
        if (flags.json) printJson(io, view);
        else io.out(formatAgendaView(view));
      });

    addApiOptions(
      calendar
        .command("conflicts")
        .description(
          "conflicts of the scheduled releases: overlaps on one environment, releases in or running into freezes, disruptive ones outside maintenance windows",
        )
        .option("--env <env>", "one environment: tenant/env, or env with --tenant (default: all)")
        .option("--tenant <tenant>", "the environments of one tenant (default: all)")
        .option(
          "--from <time>",
          "start: a date, local time (the environment's zone; UTC for several) or instant (default: today)",
        )
        .option(
          "--to <time>",
          "end: a date (included), local time or instant (default: 30 days after --from)",
        )
        .option("--json", "print JSON (the API's conflicts document)")
        .option("--direct", "read the embedded database in --data-dir instead of asking the server")
        .option(
          "--database-url <url>",
          "read this PostgreSQL database directly (env DATABASE_URL with --direct)",
        )
        .option(
          "--estate <file>",
          "with --direct: the estate file (else $ORC_ESTATE, ./estate.yaml, or the demo)",
        ),
    )
      .addHelpText(
        "after",
        `
Asks the server (GET /api/v1/calendars/conflicts), which sees the windows added through its API and
the imported promotions. With --direct (embedded database in --data-dir, only while no server holds
it) or --database-url it reads the releases and stored windows itself, with the estate file's calendars.

Exit codes: 0 no conflict, 1 conflicts found, 2 bad usage (unknown environment or tenant, bad time),
4 not allowed, 5 server unreachable.

Examples:
  orc calendar conflicts --env northwind-eu/prod --from 2026-11-09 --to 2026-11-15
  orc calendar conflicts --tenant northwind-eu --json`,
      )
      .action(async (flags: ConflictsFlags) => {
        const scope = conflictsScope(flags);
        const query = new URLSearchParams(scope as Record<string, string>).toString();
        const found = isDirect(flags)
          ? await directConflicts(io, flags)
          : await asUsage(() =>
              callApi<ScheduleConflicts>(
                apiTarget(flags, io),
                "GET",
                `/api/v1/calendars/conflicts${query ? `?${query}` : ""}`,
              ),
            );
        state.exitCode = found.conflicts.length > 0 ? ExitCode.no : ExitCode.ok;
        if (flags.json) printJson(io, found);
        else io.out(formatConflicts(found));
      });

    addApiOptions(
      calendar
        .command("import")
        .description(
          "run an ICS import of the estate (icsImports): the promotions calendar becomes freezes (release-manager; through the server)",
        )
        .argument("<name>", "the import, as named in the estate's icsImports")
        .option("--file <file>", "import this ICS file instead of fetching the URL the estate names")
        .option("--json", "print JSON"),
    )
      .addHelpText(
        "after",
        `
A re-import replaces what the import produced last time: unchanged events keep their windows,
events that left the calendar lose them. A malformed file changes nothing; every problem is printed
with its line.

Exit codes: 0 imported, 1 malformed calendar or unusable URL, 2 bad usage, 3 unknown import,
4 not allowed, 5 server or calendar URL unreachable.

Examples:
  orc calendar import promotions
  orc calendar import promotions --file promotions.ics`,
      )
      .action(async (name: string, flags: ApiFlags & { file?: string; json?: boolean }) => {
        const body = flags.file !== undefined ? { ics: await readUpload(io, flags.file) } : undefined;
        let outcome: ImportOutcome;
        try {
          outcome = await callApi<ImportOutcome>(
            apiTarget(flags, io),
            "POST",
            `/api/v1/calendar-imports/${encodeURIComponent(name)}`,
            body,
          );
        } catch (e) {
          if (isOrcError(e, "validation-failed")) return reportRefusal(io, state, e);
          throw e;
        }
        state.exitCode = ExitCode.ok;
        if (flags.json) printJson(io, outcome);
        else io.out(importText(outcome));
      });

    const feed = calendar
      .command("feed")
      .description(
        "ICS feed subscriptions for Outlook, Google Calendar and Apple Calendar (release-manager)",
      );
    addApiOptions(
      feed
        .command("create")
        .description("create a subscription to an environment's feed; prints its URL once")
        .requiredOption("--env <tenant/env>", "the environment, e.g. northwind-eu/prod")
        .option("--description <text>", "who it is for, e.g. 'Store operations, Berlin'")
        .option("--json", "print JSON"),
    ).action(async (flags: ApiFlags & { env: string; description?: string; json?: boolean }) => {
      const created = await callApi<{ url: string; webcalUrl: string; info: FeedInfo }>(
        apiTarget(flags, io),
        "POST",
        "/api/v1/calendar-feeds",
        { environment: flags.env, ...(flags.description ? { description: flags.description } : {}) },
      );
      if (flags.json) return printJson(io, created);
      io.out(`${created.url}\n`);
      io.err(
        `feed ${created.info.id} for ${created.info.environment}; subscribe to this URL in your calendar (webcal: ${created.webcalUrl}). It is shown only now.\n`,
      );
    });
    addApiOptions(
      feed
        .command("list")
        .description("list subscriptions (never their URLs)")
        .option("--json", "print JSON"),
    ).action(async (flags: ApiFlags & { json?: boolean }) => {
      const { feeds } = await callApi<{ feeds: FeedInfo[] }>(
        apiTarget(flags, io),
        "GET",
        "/api/v1/calendar-feeds",
      );
      if (flags.json) return printJson(io, feeds);
      const rows = feeds.map((f) => [
        f.id,
        f.environment,
        f.revokedAt ? "revoked" : "active",
        f.createdBy,
        f.lastUsedAt ?? "never",
        f.description,
      ]);
      io.out(
        `${formatTable([["ID", "ENVIRONMENT", "STATE", "CREATED BY", "LAST FETCHED", "DESCRIPTION"], ...rows])}\n`,
      );
    });
    addApiOptions(
      feed
        .command("revoke")
        .description("revoke a subscription: its URL stops working")
        .argument("<id>", "feed id (12 hex)"),
    ).action(async (id: string, flags: ApiFlags) => {
      await callApi(apiTarget(flags, io), "DELETE", `/api/v1/calendar-feeds/${encodeURIComponent(id)}`);
      io.out(`feed ${id} revoked\n`);
    });
  },
};
