import type { Command } from "commander";
import type { CliIo } from "./io.js";

/**
 * A top-level `orc` command. Each lives in `cli/commands/<name>.ts` and is registered once in
 * `cli/commands/index.ts`. `register` adds it to the program; its action sets `state.exitCode`.
 */
export interface CliCommand {
  readonly name: string;
  register(program: Command, io: CliIo, state: CliRunState): void;
}

/** Mutable outcome of one CLI invocation, written by the command that ran. */
export interface CliRunState {
  exitCode: number;
}
