import type { CliCommand } from "../command.js";
import { addonsCommand } from "./addons.js";
import { auditCommand } from "./audit.js";
import { calendarCommand } from "./calendar.js";
import { estateCommand } from "./estate.js";
import { evidenceCommand } from "./evidence.js";
import { notificationsCommand } from "./notifications.js";
import { planCommand } from "./plan.js";
import { policyCommand } from "./policy.js";
import { releaseCommand } from "./release.js";
import { serveCommand } from "./serve.js";
import { tokenCommand } from "./token.js";
import { windowCommand } from "./window.js";

/** Every `orc` command, in help order. Add a command here and nowhere else. */
export const commands: readonly CliCommand[] = [
  serveCommand,
  planCommand,
  addonsCommand,
  estateCommand,
  windowCommand,
  calendarCommand,
  releaseCommand,
  evidenceCommand,
  notificationsCommand,
  policyCommand,
  tokenCommand,
  auditCommand,
];
