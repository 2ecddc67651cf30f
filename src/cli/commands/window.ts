import { InvalidArgumentError, type Command } from "commander";
import { Temporal } from "temporal-polyfill";
import { decide } from "../../domain/calendar/index.js";
import {
  effectiveCalendars,
  windowCheck,
  windowQuestion,
  type WindowCheck,
} from "../../domain/release-window/index.js";
import type { ApiFlags } from "../api-client.js";
import { remoteWindowCheck } from "../calendar-api.js";
import { formatNextStart, formatWindowCheck } from "../calendar-text.js";
import type { CliCommand, CliRunState } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { reportInputProblems } from "../input-problems.js";
import { printJson, type CliIo } from "../io.js";
import { readLocalEstate } from "../local-estate.js";

interface WindowFlags extends ApiFlags {
  readonly env: string;
  readonly tier: string;
  readonly at?: string;
  readonly duration: string;
  readonly disruptive?: boolean;
  readonly horizon?: number;
  readonly json?: boolean;
  readonly estate?: string;
}

function parseDays(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of days");
  return n;
}

/** Answers a window question from the estate file; undefined (exit 2 set) when the input is wrong. */
async function answer(io: CliIo, state: CliRunState, flags: WindowFlags): Promise<WindowCheck | undefined> {
  if (flags.server !== undefined) {
    return remoteWindowCheck(flags, io, {
      environment: flags.env,
      tier: flags.tier,
      duration: flags.duration,
      ...(flags.at !== undefined ? { at: flags.at } : {}),
      ...(flags.disruptive ? { disruptive: true } : {}),
      ...(flags.horizon !== undefined ? { horizonDays: flags.horizon } : {}),
    });
  }
  const estate = await readLocalEstate(io, flags.estate);
  // The real clock, read here at the edge: the default start is now.
  const now = Temporal.Now.instant();
  const question = windowQuestion(
    estate,
    {
      environment: flags.env,
      tier: flags.tier,
      duration: flags.duration,
      ...(flags.at !== undefined ? { at: flags.at } : {}),
      ...(flags.disruptive ? { disruptive: true } : {}),
      ...(flags.horizon !== undefined ? { horizonDays: flags.horizon } : {}),
    },
    now,
  );
  if (!question.ok) {
    reportInputProblems(io, state, question.problems);
    return undefined;
  }
  const q = question.value;
  const calendars = effectiveCalendars(estate, []);
  const decision = decide(
    {
      environment: q.environment,
      tier: q.tier.name,
      start: q.start,
      duration: q.duration,
      disruptive: q.disruptive,
      horizonDays: q.horizonDays,
    },
    calendars.section,
  );
  return windowCheck(q, decision, calendars.originOf);
}

function addQuestionOptions(cmd: Command): Command {
  return cmd
    .requiredOption("--env <tenant/env>", "the environment, e.g. northwind-eu/prod")
    .requiredOption("--tier <tier>", "the release tier, one of the estate's tiers (e.g. standard)")
    .option(
      "--at <time>",
      "start: local time in the environment's zone (2026-11-27T06:00), or with an offset or Z (default: now)",
    )
    .requiredOption(
      "--duration <duration>",
      "how long the release runs: 2h, 90m, 1d, 1h30m or ISO 8601 (PT2H)",
    )
    .option("--disruptive", "the release must run inside a maintenance window")
    .option("--horizon <days>", "how far ahead to look for the next allowed start (default 180)", parseDays)
    .option("--estate <file>", "the estate file (else $ORC_ESTATE, ./estate.yaml, or the demo)")
    .option("--json", "print JSON (the API's decision document)")
    .option(
      "--server <url>",
      "ask this orc server instead, with the windows added through its API and imports",
    )
    .option("--token <token>", "API token for --server (env ORC_TOKEN; else <data-dir>/admin.token)")
    .option("--data-dir <dir>", "data directory to find admin.token in (env ORC_DATA_DIR, default .orc)");
}

const timeHelp = `
--at without an offset is wall-clock time in the environment's own zone (daylight-saving gaps and folds
follow RFC 5545); 2026-11-27T05:00Z or 2026-11-27T06:00+01:00 are instants. Durations in days are
nominal (the same local time a day later), in hours and minutes exact. A tier that requires a
maintenance window makes the release disruptive.

The answer comes from the estate file; windows added through the API and imported promotions live
on the server: add --server URL to ask it instead (GET /api/v1/environments/{tenant}/{env}/decision).`;

/** `orc window check|next`: may a release start then, and if not, when? */
export const windowCommand: CliCommand = {
  name: "window",
  register(program, io, state) {
    const window = program
      .command("window")
      .description("release windows: may a release start then, and when is the next allowed start?");

    addQuestionOptions(
      window
        .command("check")
        .description(
          "allowed or blocked, with every freeze and maintenance window that applied and why, extra approvals, and the next allowed start",
        ),
    )
      .addHelpText(
        "after",
        `${timeHelp}

Exit codes: 0 allowed, 1 blocked, 2 bad usage (unknown environment or tier, bad time or duration),
3 estate file not found.

Examples:
  orc window check --env northwind-eu/prod --tier standard --at 2026-11-27T06:00 --duration 2h
  orc window check --env northwind-us/prod --tier major --at 2026-12-08T23:00 --duration 3h --json`,
      )
      .action(async (flags: WindowFlags) => {
        const check = await answer(io, state, flags);
        if (!check) return;
        state.exitCode = check.allowed ? ExitCode.ok : ExitCode.no;
        if (flags.json) printJson(io, check);
        else io.out(formatWindowCheck(check));
      });

    addQuestionOptions(
      window.command("next").description("the next allowed start at or after --at (default: now)"),
    )
      .addHelpText(
        "after",
        `${timeHelp}

Exit codes: 0 found, 1 none within the horizon, 2 bad usage, 3 estate file not found.

Example:
  orc window next --env northwind-eu/prod --tier standard --at 2026-11-27T06:00 --duration 2h`,
      )
      .action(async (flags: WindowFlags) => {
        const check = await answer(io, state, flags);
        if (!check) return;
        const next = check.allowed ? check.start : check.next;
        const nextLocal = check.allowed ? check.localStart : check.nextLocal;
        state.exitCode = next ? ExitCode.ok : ExitCode.no;
        if (!flags.json) return io.out(formatNextStart(check));
        printJson(io, {
          environment: check.environment,
          timezone: check.timezone,
          tier: check.tier,
          duration: check.duration,
          disruptive: check.disruptive,
          requested: check.start,
          requestedLocal: check.localStart,
          allowedAtRequest: check.allowed,
          next: next ?? null,
          nextLocal: nextLocal ?? null,
          horizonDays: check.horizonDays,
        });
      });
  },
};
