import { Command, CommanderError } from "commander";
import { isOrcError } from "../domain/errors.js";
import { commands } from "./commands/index.js";
import { ExitCode, exitCodeFor } from "./exit-codes.js";
import { processIo, type CliIo } from "./io.js";
import type { CliRunState } from "./command.js";

const exitCodeHelp = `
Exit codes:
  0  success
  1  the answer is "no": invalid estate, blocking finding, broken audit chain, blocked decision
  2  bad usage: unknown command, missing or malformed argument
  3  not found
  4  authentication or authorization failed
  5  infrastructure unavailable (database, git, server)
  6  conflict (for example the data directory is locked by another orc)
 70  internal error (a bug: please report it)
`;

/** Builds the `orc` program with every registered command. */
export function buildProgram(io: CliIo, state: CliRunState): Command {
  const program = new Command("orc")
    .description("Odoo Release Control: plan, govern, run and prove Odoo releases for retailers.")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", exitCodeHelp)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  for (const command of commands) command.register(program, io, state);
  return program;
}

/** Runs `orc` with the given arguments and returns its exit code; never throws. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const state: CliRunState = { exitCode: ExitCode.ok };
  const program = buildProgram(io, state);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return state.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return ExitCode.ok;
      // `orc help` exits 0; help shown because a subcommand is missing (`orc estate`) is bad usage.
      if (e.code === "commander.help") return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      return ExitCode.usage;
    }
    if (isOrcError(e)) {
      io.err(`orc: ${e.message}\n`);
      return exitCodeFor(e.code);
    }
    io.err(`orc: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (io.env.ORC_DEBUG) io.err(`${e instanceof Error ? e.stack : ""}\n`);
    return ExitCode.internal;
  }
}
