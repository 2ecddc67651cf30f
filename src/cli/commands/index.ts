import type { CliCommand } from "../command.js";
import { addonsCommand } from "./addons.js";
import { planCommand } from "./plan.js";

/** Every `orc` command, in help order. Add a command here and nowhere else. */
export const commands: readonly CliCommand[] = [planCommand, addonsCommand];
