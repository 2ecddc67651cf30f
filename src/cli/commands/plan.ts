import { resolve } from "node:path";
import { buildPlanFromSources, type PlanSources } from "../../adapters/addons/index.js";
import { OrcError } from "../../domain/errors.js";
import { stableJson } from "../../domain/odoo/index.js";
import type { CliCommand } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { formatPlan, listOption, policyOption, seriesOption } from "../planner-format.js";

interface PlanOptions {
  addonsPath: string;
  series: string;
  from?: string;
  to?: string;
  changed?: string;
  installed?: string;
  dependencies?: string;
  policy: string;
  json?: boolean;
  cacheDir?: string;
  cache: boolean;
}

/** `orc plan`: which modules Odoo will upgrade and install, in its order, with scripts, impact and findings. */
export const planCommand: CliCommand = {
  name: "plan",
  register(program, io, state) {
    program
      .command("plan")
      .description(
        "plan an Odoo release: upgrade order, installs, migration scripts, impact, strategy and findings",
      )
      .requiredOption(
        "--addons-path <paths>",
        "comma-separated addons paths, in Odoo's order (the first having a module wins)",
      )
      .requiredOption("--series <series>", "Odoo series of the environment: 16.0, 17.0, 18.0 or 19.0")
      .option("--from <rev>", "deployed revision (REV for every repository, or entry=REV,…)")
      .option("--to <rev>", "revision to release (default HEAD)")
      .option("--changed <modules>", "comma-separated modules to upgrade, without git")
      .option(
        "--installed <file|url>",
        "installed state: postgres://… or a JSON file (names, {name: version} or an export)",
      )
      .option(
        "--dependencies <file>",
        "exported dependencies (orc addons export-installed) for modules missing from the addons path",
      )
      .option(
        "--policy <policy>",
        "which changed modules need -u: changed, version-bump or impact",
        "changed",
      )
      .option("--json", "print the stable JSON plan document")
      .option("--cache-dir <dir>", "scan cache directory (default .orc/cache, or $ORC_CACHE_DIR)")
      .option("--no-cache", "do not read or write the scan cache")
      .addHelpText(
        "after",
        "\nExit codes: 0 no error finding, 1 an error finding, 2 bad usage.\nExample: orc plan --addons-path ./addons,./oca/pos --series 17.0 --from v1.4.0 --to HEAD --installed postgres://odoo@db/prod",
      )
      .action(async (opts: PlanOptions) => {
        const series = seriesOption(opts.series);
        const policy = policyOption(opts.policy);
        if ((opts.from !== undefined || opts.to !== undefined) === (opts.changed !== undefined)) {
          throw new OrcError(
            "bad-request",
            "give either --from/--to (git revisions) or --changed (module names), not both and not neither",
          );
        }
        if (opts.to !== undefined && opts.from === undefined)
          throw new OrcError("bad-request", "--to needs --from");
        const changes: PlanSources["changes"] =
          opts.changed !== undefined
            ? { kind: "explicit", modules: listOption(opts.changed) }
            : { kind: "revisions", from: opts.from as string, to: opts.to ?? "HEAD" };
        if (changes.kind === "explicit" && changes.modules.length === 0)
          throw new OrcError("bad-request", "--changed names no module");
        const cacheDir = opts.cache
          ? resolve(io.cwd, opts.cacheDir ?? io.env.ORC_CACHE_DIR ?? ".orc/cache")
          : undefined;
        const plan = await buildPlanFromSources({
          series,
          policy,
          addonsPaths: listOption(opts.addonsPath),
          changes,
          ...(opts.installed !== undefined ? { installed: opts.installed } : {}),
          ...(opts.dependencies !== undefined ? { dependencies: opts.dependencies } : {}),
          ...(cacheDir ? { cacheDir } : {}),
          cwd: io.cwd,
          ...(io.env.ORC_TRACE
            ? { trace: (phase: string, ms: number) => io.err(`orc: trace ${phase} ${ms.toFixed(0)} ms\n`) }
            : {}),
        });
        io.out(opts.json ? stableJson(plan) : formatPlan(plan));
        state.exitCode = plan.summary.errors > 0 ? ExitCode.no : ExitCode.ok;
      });
  },
};
