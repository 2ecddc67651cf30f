import { resolve } from "node:path";
import { checkAddonsFromSources, readAddonsForGraph } from "../../adapters/addons/index.js";
import { exportInstalledState, readInstalledState } from "../../adapters/odoo-db/index.js";
import { OrcError } from "../../domain/errors.js";
import {
  buildCatalog,
  dependencyGraph,
  renderGraph,
  stableJson,
  upgradeClosure,
  upgradeGraph,
  type GraphFormat,
} from "../../domain/odoo/index.js";
import type { CliCommand } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { formatFindings, listOption, seriesOption } from "../planner-format.js";

interface CommonOptions {
  addonsPath: string;
  series: string;
  installed?: string;
  dependencies?: string;
}

const FORMATS: readonly GraphFormat[] = ["dot", "mermaid", "json"];

/** `orc addons check|graph|export-installed`: findings and dependency graphs of an addons path. */
export const addonsCommand: CliCommand = {
  name: "addons",
  register(program, io, state) {
    const addons = program
      .command("addons")
      .description("inspect Odoo addons paths: findings, dependency graphs, installed-state exports");
    addons
      .command("check")
      .description(
        "Findings for a whole addons path (manifests, versions, dependencies, cycles, duplicates, licences, migration folders)",
      )
      .requiredOption("--addons-path <paths>", "comma-separated addons paths, in Odoo's order")
      .requiredOption("--series <series>", "Odoo series: 16.0, 17.0, 18.0 or 19.0")
      .option("--installed <file|url>", "installed state: postgres://… or a JSON file")
      .option("--dependencies <file>", "exported dependencies for modules missing from the addons path")
      .option("--json", "print findings as JSON")
      .option("--cache-dir <dir>", "scan cache directory (default .orc/cache)")
      .option("--no-cache", "do not read or write the scan cache")
      .action(async (opts: CommonOptions & { json?: boolean; cacheDir?: string; cache: boolean }) => {
        const series = seriesOption(opts.series);
        const findings = await checkAddonsFromSources({
          series,
          addonsPaths: listOption(opts.addonsPath),
          ...(opts.installed !== undefined ? { installed: opts.installed } : {}),
          ...(opts.dependencies !== undefined ? { dependencies: opts.dependencies } : {}),
          ...(opts.cache
            ? { cacheDir: resolve(io.cwd, opts.cacheDir ?? io.env.ORC_CACHE_DIR ?? ".orc/cache") }
            : {}),
          cwd: io.cwd,
        });
        const errors = findings.filter((f) => f.severity === "error").length;
        if (opts.json)
          io.out(
            stableJson({
              findings,
              summary: {
                errors,
                warnings: findings.filter((f) => f.severity === "warning").length,
                infos: findings.filter((f) => f.severity === "info").length,
              },
            }),
          );
        else {
          io.out(findings.length > 0 ? `${formatFindings(findings).join("\n")}\n` : "No findings.\n");
          io.out(`${findings.length} finding(s), ${errors} error(s)\n`);
        }
        state.exitCode = errors > 0 ? ExitCode.no : ExitCode.ok;
      });
    addons
      .command("graph")
      .description(
        "The dependency graph of the addons path, or of some modules' dependency trees, as DOT, Mermaid or JSON",
      )
      .requiredOption("--addons-path <paths>", "comma-separated addons paths, in Odoo's order")
      .requiredOption("--series <series>", "Odoo series: 16.0, 17.0, 18.0 or 19.0")
      .option("--format <format>", "dot, mermaid or json", "dot")
      .option("--module <modules>", "comma-separated modules whose dependency trees to draw")
      .option(
        "--upgrade-set <modules>",
        "draw the modules `odoo -u <modules>` upgrades and installs (needs --installed)",
      )
      .option("--installed <file|url>", "installed state, for modules missing from the addons path")
      .option("--dependencies <file>", "exported dependencies for modules missing from the addons path")
      .action(async (opts: CommonOptions & { format: string; module?: string; upgradeSet?: string }) => {
        const series = seriesOption(opts.series);
        if (!(FORMATS as readonly string[]).includes(opts.format))
          throw new OrcError("bad-request", `--format '${opts.format}' is not one of ${FORMATS.join(", ")}`);
        const sources = await readAddonsForGraph({
          series,
          addonsPaths: listOption(opts.addonsPath),
          ...(opts.installed !== undefined ? { installed: opts.installed } : {}),
          ...(opts.dependencies !== undefined ? { dependencies: opts.dependencies } : {}),
          cwd: io.cwd,
        });
        const { catalog, states } = buildCatalog({ series, ...sources });
        if (opts.upgradeSet !== undefined) {
          const closure = upgradeClosure({ catalog, states, selected: listOption(opts.upgradeSet) });
          io.out(
            renderGraph(
              upgradeGraph(catalog, new Set([...closure.upgrade.keys(), ...closure.install.keys()])),
              opts.format as GraphFormat,
            ),
          );
          state.exitCode = ExitCode.ok;
          return;
        }
        const roots = opts.module !== undefined ? listOption(opts.module) : undefined;
        for (const r of roots ?? [])
          if (!catalog.has(r))
            throw new OrcError(
              "not-found",
              `module '${r}' is in no addons path and not in the installed state`,
            );
        io.out(renderGraph(dependencyGraph(catalog, roots), opts.format as GraphFormat));
        state.exitCode = ExitCode.ok;
      });
    addons
      .command("export-installed")
      .description(
        "Export a database's modules and dependencies, for CI that lacks Odoo's core addons (use with --dependencies)",
      )
      .requiredOption(
        "--installed <file|url>",
        "postgres://… URL of the Odoo database (or an installed-state file)",
      )
      .action(async (opts: { installed: string }) => {
        io.out(stableJson(exportInstalledState(await readInstalledState(opts.installed))));
        state.exitCode = ExitCode.ok;
      });
  },
};
