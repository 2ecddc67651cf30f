import { InvalidArgumentError, type Command } from "commander";
import {
  displayPath,
  locateEstateFile,
  readEstateFile,
  type EstateLocation,
} from "../../adapters/estate-file/index.js";
import { formatDiagnostic, type Diagnostic } from "../../domain/diagnostic.js";
import {
  DEFAULT_MAX_ESTATE_BYTES,
  estateJsonSchema,
  formatBytes,
  formatDuration,
  listEnvironments,
  parseIsoDuration,
  type Estate,
  type EstateValidationResult,
  type Tier,
} from "../../domain/estate/index.js";
import type { CliCommand, CliRunState } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { printJson, type CliIo } from "../io.js";
import { formatTable } from "../text-table.js";

const fileHelp = `
The estate file is FILE, else $ORC_ESTATE, else ./estate.yaml, else the Northwind demo
(examples/northwind/estate.yaml).`;

interface ReadOptions {
  readonly json?: boolean;
  readonly maxBytes?: number;
}

function parseByteCount(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new InvalidArgumentError("expected a positive number of bytes");
  return n;
}

function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Finds, reads and validates the estate; the demo is announced on stderr so stdout stays clean. */
async function readEstate(
  io: CliIo,
  file: string | undefined,
  options: ReadOptions,
): Promise<{ location: EstateLocation; shown: string; result: EstateValidationResult }> {
  const location = await locateEstateFile({ file, env: io.env, cwd: io.cwd });
  const shown = displayPath(location.path, io.cwd);
  if (location.source === "demo") io.err(`orc: no estate file given; using the demo estate ${shown}\n`);
  const result = await readEstateFile(location.path, {
    displayPath: shown,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
  });
  return { location, shown, result };
}

function summary(estate: Estate): string {
  const envs = estate.tenants.reduce((n, t) => n + t.environments.length, 0);
  const stores = estate.tenants.reduce((n, t) => n + t.stores, 0);
  return [
    countOf(estate.tenants.length, "tenant"),
    countOf(envs, "environment"),
    countOf(stores, "store"),
    countOf(estate.tiers.length, "tier"),
  ].join(", ");
}

function problemCounts(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return { errors, warnings: diagnostics.filter((d) => d.severity === "warning").length };
}

function printDiagnostics(io: CliIo, shown: string, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.out(`${formatDiagnostic(d)}\n`);
  const { errors, warnings } = problemCounts(diagnostics);
  const parts = [countOf(errors, "error"), ...(warnings ? [countOf(warnings, "warning")] : [])];
  io.out(`${shown}: ${parts.join(", ")}\n`);
}

async function validate(io: CliIo, state: CliRunState, file: string | undefined, options: ReadOptions) {
  const { shown, result } = await readEstate(io, file, options);
  const diagnostics = result.ok ? result.warnings : result.diagnostics;
  const { errors, warnings } = problemCounts(diagnostics);
  state.exitCode = result.ok ? ExitCode.ok : ExitCode.no;
  if (options.json) {
    printJson(io, { file: shown, valid: result.ok, errors, warnings, diagnostics });
    return;
  }
  if (!result.ok) {
    printDiagnostics(io, shown, diagnostics);
    return;
  }
  for (const d of diagnostics) io.out(`${formatDiagnostic(d)}\n`);
  const warned = warnings ? ` (${countOf(warnings, "warning")})` : "";
  io.out(`${shown}: valid${warned}: ${summary(result.estate)}\n`);
}

function duration(iso: string): string {
  const parts = parseIsoDuration(iso);
  return parts ? formatDuration(parts) : iso;
}

function tierRow(t: Tier): string[] {
  const approvals = t.approvals.map((a) => `${a.count} ${a.role}`).join(", ") || "none";
  return [
    t.name,
    approvals,
    t.gates.join(", ") || "-",
    t.minLeadTime === "PT0S" ? "none" : duration(t.minLeadTime),
    t.allowedInFreeze ? "allowed" : "no",
    t.requiresMaintenanceWindow ? "required" : "if disruptive",
    t.postImplementationReview ? `within ${duration(t.postImplementationReview.within)}` : "-",
  ];
}

function showJson(estate: Estate, shown: string, warnings: readonly Diagnostic[]) {
  const environments = listEnvironments(estate);
  return {
    file: shown,
    organization: estate.organization,
    tenants: estate.tenants.map((t) => ({
      name: t.name,
      displayName: t.displayName ?? null,
      hosting: t.hosting,
      region: t.region,
      timezone: environments.find((e) => e.tenant === t)?.timezone ?? null,
      stores: t.stores,
      environments: t.environments.map((e) => e.name),
    })),
    environments: environments.map((e) => ({
      id: e.id,
      tenant: e.tenant.name,
      name: e.environment.name,
      kind: e.environment.kind,
      series: e.environment.odoo.series,
      image: e.environment.odoo.image,
      hosting: e.hosting,
      region: e.tenant.region,
      timezone: e.timezone ?? null,
      promotesFrom: e.promotesFrom ?? null,
      cluster: e.environment.kubernetes.cluster,
      namespace: e.environment.kubernetes.namespace,
      database: e.environment.database.name,
      calendars: e.environment.calendars,
      rpo: e.environment.rpo,
      rto: e.environment.rto,
    })),
    tiers: estate.tiers,
    warnings,
  };
}

function showText(io: CliIo, estate: Estate, shown: string, warnings: readonly Diagnostic[]) {
  const environments = listEnvironments(estate);
  const out: string[] = [];
  out.push(`${estate.organization.name} (${estate.organization.id}): ${summary(estate)}`);
  out.push(`from ${shown}`, "");
  out.push(
    formatTable([
      ["TENANT", "NAME", "HOSTING", "REGION", "TIMEZONE", "STORES", "ENVIRONMENTS"],
      ...estate.tenants.map((t) => [
        t.name,
        t.displayName ?? "-",
        t.hosting,
        t.region,
        environments.find((e) => e.tenant === t)?.timezone ?? "-",
        String(t.stores),
        t.environments.map((e) => e.name).join(", "),
      ]),
    ]),
    "",
  );
  out.push(
    formatTable([
      [
        "ENVIRONMENT",
        "KIND",
        "SERIES",
        "HOSTING",
        "REGION",
        "TIMEZONE",
        "PROMOTES FROM",
        "CLUSTER/NAMESPACE",
        "RPO",
        "RTO",
      ],
      ...environments.map((e) => [
        e.id,
        e.environment.kind,
        e.environment.odoo.series,
        e.hosting,
        e.tenant.region,
        e.timezone ?? "-",
        e.promotesFrom ?? "-",
        `${e.environment.kubernetes.cluster}/${e.environment.kubernetes.namespace}`,
        duration(e.environment.rpo),
        duration(e.environment.rto),
      ]),
    ]),
    "",
  );
  out.push(
    formatTable([
      ["TIER", "APPROVALS", "GATES", "LEAD TIME", "IN FREEZE", "MAINTENANCE WINDOW", "REVIEW"],
      ...estate.tiers.map(tierRow),
    ]),
  );
  for (const w of warnings) out.push("", formatDiagnostic(w));
  io.out(`${out.join("\n")}\n`);
}

async function show(io: CliIo, state: CliRunState, file: string | undefined, options: ReadOptions) {
  const { shown, result } = await readEstate(io, file, options);
  if (!result.ok) {
    state.exitCode = ExitCode.no;
    if (options.json) {
      const { errors, warnings } = problemCounts(result.diagnostics);
      printJson(io, { file: shown, valid: false, errors, warnings, diagnostics: result.diagnostics });
    } else {
      printDiagnostics(io, shown, result.diagnostics);
    }
    return;
  }
  state.exitCode = ExitCode.ok;
  if (options.json) printJson(io, showJson(result.estate, shown, result.warnings));
  else showText(io, result.estate, shown, result.warnings);
}

function addReadOptions(command: Command): Command {
  return command
    .argument("[file]", "the estate file (YAML or JSON)")
    .option("--json", "print JSON instead of text")
    .option(
      "--max-bytes <bytes>",
      `refuse estate files larger than this (default ${DEFAULT_MAX_ESTATE_BYTES}, ${formatBytes(DEFAULT_MAX_ESTATE_BYTES)})`,
      parseByteCount,
    );
}

/** `orc estate validate|schema|show`: check the estate file and describe it. */
export const estateCommand: CliCommand = {
  name: "estate",
  register(program, io, state) {
    const estate = program
      .command("estate")
      .description(
        "check and describe the estate: tenants, environments, tiers, calendars and roles (estate.yaml)",
      );

    addReadOptions(
      estate
        .command("validate")
        .description("report every problem in the estate file at once, with file:line:column and field path"),
    )
      .addHelpText(
        "after",
        `${fileHelp}

Each problem is printed as
  FILE:LINE:COLUMN: error CODE: MESSAGE at FIELD.PATH — HINT
followed by a count. Warnings (such as an unpinned production image) do not make the estate invalid.

Exit codes: 0 valid, 1 invalid, 2 bad usage, 3 file not found.

Examples:
  orc estate validate
  orc estate validate examples/northwind/broken-estate.yaml
  orc estate validate estate.yaml --json`,
      )
      .action(async (file: string | undefined, options: ReadOptions) => validate(io, state, file, options));

    estate
      .command("schema")
      .description("print the JSON Schema of estate.yaml, for editor completion and validation")
      .addHelpText(
        "after",
        `
Save it next to your estate and point your editor at it, e.g. with the YAML language server:
  orc estate schema > estate.schema.json
  # first line of estate.yaml:
  # yaml-language-server: $schema=./estate.schema.json

The schema checks shape only; references, duplicates and cycles need \`orc estate validate\`.`,
      )
      .action(() => {
        printJson(io, estateJsonSchema());
        state.exitCode = ExitCode.ok;
      });

    addReadOptions(
      estate
        .command("show")
        .description(
          "summarize the estate: tenants, environments (kind, series, hosting, region, time zone) and tiers",
        ),
    )
      .addHelpText(
        "after",
        `${fileHelp}\n\nExit codes: 0 shown, 1 invalid estate (its problems are printed), 3 file not found.`,
      )
      .action(async (file: string | undefined, options: ReadOptions) => show(io, state, file, options));
  },
};
