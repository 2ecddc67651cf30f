import { describeInputProblem, type InputProblem } from "../domain/release-window/index.js";
import type { CliRunState } from "./command.js";
import { ExitCode } from "./exit-codes.js";
import type { CliIo } from "./io.js";

/** Prints what is wrong with the arguments, one problem per line, and sets exit code 2 (bad usage). */
export function reportInputProblems(io: CliIo, state: CliRunState, problems: readonly InputProblem[]): void {
  for (const p of problems) io.err(`orc: ${describeInputProblem(p)}\n`);
  state.exitCode = ExitCode.usage;
}
