import { Temporal } from "temporal-polyfill";
import { agenda } from "../../domain/calendar/index.js";
import { calendarContext } from "../../domain/estate/index.js";
import {
  agendaPeriod,
  agendaView,
  effectiveCalendars,
  lookupEnvironment,
} from "../../domain/release-window/index.js";
import { formatAgendaView } from "../calendar-text.js";
import type { CliCommand } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { printJson } from "../io.js";
import { readLocalEstate } from "../local-estate.js";
import { reportInputProblems } from "./window.js";

interface ShowFlags {
  readonly env: string;
  readonly from?: string;
  readonly to?: string;
  readonly json?: boolean;
  readonly estate?: string;
}

/** `orc calendar show` (from the estate file). */
export const calendarCommand: CliCommand = {
  name: "calendar",
  register(program, io, state) {
    const calendar = program
      .command("calendar")
      .description("business calendars: the agenda of an environment's freezes and maintenance windows");

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
      .addHelpText(
        "after",
        `
Times without an offset are read in the environment's zone; a date given to --to includes that day.
Exit codes: 0 shown, 2 bad usage (unknown environment, bad time), 3 estate file not found.

Example:
  orc calendar show --env northwind-eu/prod --from 2026-11-23 --to 2026-12-04`,
      )
      .action(async (flags: ShowFlags) => {
        const estate = await readLocalEstate(io, flags.estate);
        const found = lookupEnvironment(estate, flags.env);
        if ("field" in found) return reportInputProblems(io, state, [found]);
        const environment = calendarContext(found);
        // "Today" is the real clock's, read here at the edge and passed in.
        const period = agendaPeriod(
          { ...(flags.from ? { from: flags.from } : {}), ...(flags.to ? { to: flags.to } : {}) },
          environment.timezone,
          Temporal.Now.instant(),
        );
        if (!period.ok) return reportInputProblems(io, state, period.problems);
        const calendars = effectiveCalendars(estate, []);
        const view = agendaView(
          agenda(calendars.section, environment, period.value.from, period.value.to),
          calendars.originOf,
        );
        state.exitCode = ExitCode.ok;
        if (flags.json) printJson(io, view);
        else io.out(formatAgendaView(view));
      });
  },
};
