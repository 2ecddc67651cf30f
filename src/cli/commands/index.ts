import type { CliCommand } from "../command.js";
import { estateCommand } from "./estate.js";

/** Every `orc` command, in help order. Add a command here and nowhere else. */
export const commands: readonly CliCommand[] = [estateCommand];
