import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InvalidArgumentError } from "commander";
import { displayPath, locateEstateFile, readEstateFile } from "../../adapters/estate-file/index.js";
import { formatDiagnostic } from "../../domain/diagnostic.js";
import { OrcError } from "../../domain/errors.js";
import {
  didYouMean,
  findEnvironment,
  findTier,
  parseEnvironmentReference,
  type EnvironmentView,
  type Estate,
} from "../../domain/estate/index.js";
import {
  buildPolicyInput,
  compiledPoliciesOf,
  decisionTimeOf,
  evaluatePolicies,
  PolicyEvalDocument,
  type CompiledPolicy,
  listReleaseIds,
  testPolicies,
  type PastRelease,
  type PolicyTestReport,
} from "../../domain/policy/index.js";
import { RELEASE_STATES, type ApprovalRecord, type Release } from "../../domain/release/index.js";
import {
  findRelease,
  listApprovals,
  listEvidence,
  listReleases,
  type EvidenceInfo,
  type ReleaseSummary,
} from "../../store/index.js";
import { addApiOptions, apiTarget, callApi, type ApiTarget } from "../api-client.js";
import type { CliCommand } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { openDirect, type DirectFlags } from "../direct-store.js";
import { printJson, type CliIo } from "../io.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

function stateOption(value: string, previous: string[] = []): string[] {
  if (!(RELEASE_STATES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`unknown state "${value}"; use ${RELEASE_STATES.join(", ")}`);
  return [...previous, value];
}

function limitOption(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > 10_000)
    throw new InvalidArgumentError("expected a number of releases from 1 to 10000");
  return n;
}

interface PolicyTestFlags extends DirectFlags {
  estate?: string;
  policy?: string[];
  state?: string[];
  tenant?: string;
  limit: number;
  json?: boolean;
}

interface PolicyEvalFlags {
  input: string;
  estate?: string;
  policy?: string[];
  at?: string;
  env?: string[];
  json?: boolean;
}

/** Which stored releases to judge. */
interface ReleaseSelection {
  readonly states: readonly string[];
  readonly tenant?: string;
  readonly limit: number;
}

/** Reads and validates the estate whose rules are tested; an invalid one prints every problem (exit 1). */
async function estateUnderTest(
  io: CliIo,
  file: string | undefined,
): Promise<{ estate: Estate; shown: string }> {
  const location = await locateEstateFile({ file, env: io.env, cwd: io.cwd });
  const shown = displayPath(location.path, io.cwd);
  if (location.source === "demo") io.err(`orc: no estate file given; using the demo estate ${shown}\n`);
  const result = await readEstateFile(location.path, { displayPath: shown });
  if (result.ok) return { estate: result.estate, shown };
  for (const d of result.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  throw new OrcError(
    "estate-invalid",
    `the estate ${shown} is invalid (${errors} ${errors === 1 ? "problem" : "problems"}); its rules cannot be tested`,
  );
}

/**
 * Pages through the release list (newest first) and yields the summaries that match, up to the limit.
 * `list(before, pageSize)` returns one page.
 */
async function* selectReleases(
  selection: ReleaseSelection,
  list: (before: number | undefined, pageSize: number) => Promise<readonly ReleaseSummary[]>,
): AsyncGenerator<ReleaseSummary> {
  let before: number | undefined;
  let yielded = 0;
  const pageSize = selection.states.length > 1 ? 200 : Math.min(selection.limit, 200);
  for (;;) {
    const page = await list(before, pageSize);
    for (const s of page) {
      if (selection.states.length > 0 && !selection.states.includes(s.state)) continue;
      yield s;
      if (++yielded >= selection.limit) return;
    }
    if (page.length < pageSize) return;
    before = page.at(-1)?.id;
  }
}

function gatesOf(evidence: readonly EvidenceInfo[]): string[] {
  return [...new Set(evidence.map((e) => e.gate))];
}

/** Stored releases through the API: the list, then each release with its votes and evidence. */
async function releasesFromApi(target: ApiTarget, selection: ReleaseSelection): Promise<PastRelease[]> {
  const out: PastRelease[] = [];
  const summaries = selectReleases(selection, async (before, pageSize) => {
    const q = new URLSearchParams({ limit: String(pageSize) });
    if (selection.states.length === 1) q.set("state", selection.states[0] as string);
    if (selection.tenant) q.set("tenant", selection.tenant);
    if (before !== undefined) q.set("before", String(before));
    const { releases } = await callApi<{ releases: ReleaseSummary[] }>(
      target,
      "GET",
      `/api/v1/releases?${q}`,
    );
    return releases;
  });
  for await (const s of summaries) {
    const [detail, evidence] = await Promise.all([
      callApi<{ release: Release; approvals: ApprovalRecord[] }>(target, "GET", `/api/v1/releases/${s.id}`),
      callApi<{ evidence: EvidenceInfo[] }>(target, "GET", `/api/v1/releases/${s.id}/evidence`),
    ]);
    out.push({
      release: detail.release,
      approvals: detail.approvals,
      evidenceGates: gatesOf(evidence.evidence),
    });
  }
  return out;
}

/** Stored releases read from the database itself (`--direct`, `--database-url`). */
async function releasesFromDatabase(
  flags: PolicyTestFlags,
  io: CliIo,
  selection: ReleaseSelection,
): Promise<PastRelease[]> {
  const { db } = await openDirect(flags, io);
  try {
    const out: PastRelease[] = [];
    const summaries = selectReleases(selection, (before, limit) =>
      listReleases(db, {
        ...(selection.states.length === 1 ? { state: selection.states[0] as Release["state"] } : {}),
        ...(selection.tenant ? { tenant: selection.tenant } : {}),
        ...(before !== undefined ? { before } : {}),
        limit,
      }),
    );
    for await (const s of summaries) {
      const release = await findRelease(db, s.id);
      if (!release) continue;
      out.push({
        release,
        approvals: await listApprovals(db, s.id),
        evidenceGates: gatesOf(await listEvidence(db, s.id)),
      });
    }
    return out;
  } finally {
    await db.close();
  }
}

/** The estate's compiled rules, or only those named (an unknown name is bad usage, with "did you mean"). */
function selectPolicies(
  estate: Estate,
  shown: string,
  wanted: readonly string[] | undefined,
): readonly CompiledPolicy[] {
  const policies = compiledPoliciesOf(estate);
  if (!wanted?.length) return policies;
  const names = policies.map((p) => p.name);
  for (const name of wanted) {
    if (names.includes(name)) continue;
    const hint = didYouMean(name, names);
    throw new OrcError(
      "bad-request",
      `--policy ${name}: the estate ${shown} has no such rule${hint ? `; ${hint}` : names.length ? `; its rules are ${names.join(", ")}` : ""}`,
    );
  }
  return policies.filter((p) => wanted.includes(p.name));
}

/** Reads the input of `orc policy eval`; every problem is reported with its field path (exit 1). */
function readEvalDocument(io: CliIo, file: string): PolicyEvalDocument {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), "utf8");
  } catch {
    throw new OrcError("not-found", `cannot read ${file}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new OrcError(
      "validation-failed",
      `${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  // `orc release show --json` prints {release, approvals, history}; a bare release is accepted too.
  const wrapped =
    typeof data === "object" && data !== null && !("release" in data) ? { release: data } : data;
  const parsed = PolicyEvalDocument.safeParse(wrapped);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues.slice(0, 20)) {
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    io.err(`${file}: ${path.replace(/^\./, "") || "(document)"}: ${issue.message}\n`);
  }
  throw new OrcError(
    "validation-failed",
    `${file} is not a release document (the output of \`orc release show --json\`): ${parsed.error.issues.length} problem(s)`,
  );
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The report for people: one paragraph per rule, then a summary line. */
export function formatPolicyTest(report: PolicyTestReport, estateShown: string): string {
  const lines: string[] = [];
  const n = report.releases.length;
  lines.push(
    `policy test: ${plural(report.rules.length, "rule")} of ${estateShown} on ${plural(n, "stored release")}${
      report.skipped.length ? ` (${report.skipped.length} skipped)` : ""
    }`,
    "",
  );
  for (const r of report.rules) {
    if (r.blocked.length > 0) {
      lines.push(
        `✗ rule ${r.policy} would have blocked ${r.blocked.length === 1 ? "release" : "releases"} ${listReleaseIds(r.blocked)}`,
      );
    } else if (r.warned.length > 0) {
      lines.push(
        `! rule ${r.policy} (warn) would have warned on ${r.warned.length === 1 ? "release" : "releases"} ${listReleaseIds(r.warned)}`,
      );
    } else if (r.errored.length === 0) {
      lines.push(`✓ rule ${r.policy} holds on every release`);
    }
    if (r.errored.length > 0) {
      lines.push(
        `✗ rule ${r.policy} could not be evaluated on ${r.errored.length === 1 ? "release" : "releases"} ${listReleaseIds(r.errored)}`,
      );
    }
    for (const f of r.failures) {
      lines.push(`    release ${f.release} on ${f.environment} at ${f.at}: ${f.message}`);
    }
  }
  for (const s of report.skipped) lines.push(`· release ${s.release} skipped: ${s.reason}`);
  const blocking = report.rules.filter((r) => r.blocked.length > 0).length;
  const errored = report.rules.filter((r) => r.errored.length > 0).length;
  lines.push(
    "",
    report.ok
      ? `ok: no rule would have blocked any of the ${plural(n, "release")}`
      : [
          blocking
            ? `${plural(blocking, "rule")} would have blocked ${plural(report.blocked.length, "release")} (${listReleaseIds(report.blocked)})`
            : "",
          errored ? `${plural(errored, "rule")} could not be evaluated` : "",
        ]
          .filter(Boolean)
          .join("; "),
  );
  return `${lines.join("\n")}\n`;
}

const testHelp = `
Evaluates the rules of an estate file (which need not be deployed yet) against releases already stored,
each judged at its scheduled start (else its start, requested start, submission or creation), on each of
its environments: "rule X would have blocked releases 41 and 57". Releases come from the server
(--server, ORC_SERVER; GET /api/v1/releases), or from the database itself with --direct (embedded, in
--data-dir, while no server holds it) or --database-url.

Exit codes: 0 no rule would have blocked a release; 1 some rule would have blocked one, a rule could not be
evaluated, or the estate is invalid (each problem printed with file, line and column); 2 bad usage (an
unknown --policy, say); 3 no such estate file or database; 4 the token is refused; 5 the server is
unreachable.`;

/** `orc policy test` (a dry run of organization rules on stored releases) and `orc policy eval`. */
export const policyCommand: CliCommand = {
  name: "policy",
  register(program, io, state) {
    const policy = program
      .command("policy")
      .description("organization rules (policy as code): try them on past releases");
    addApiOptions(
      policy
        .command("test")
        .description("dry run: which stored releases the estate's rules would have blocked; exit 1 if any")
        .addHelpText("after", testHelp)
        .option(
          "--estate <file>",
          "the estate whose rules are tested (default $ORC_ESTATE, ./estate.yaml, the demo)",
        )
        .option("--policy <name>", "test only this rule (repeat)", collect)
        .option(
          "--state <state>",
          `only releases in this state (repeat): ${RELEASE_STATES.join(", ")}`,
          stateOption,
        )
        .option("--tenant <tenant>", "only releases of this tenant")
        .option("--limit <n>", "at most this many releases, newest first (default 100)", limitOption, 100)
        .option("--json", "print the report as JSON"),
    )
      .option("--direct", "read the embedded database in --data-dir instead of asking the server")
      .option(
        "--database-url <url>",
        "read this PostgreSQL database directly (env DATABASE_URL with --direct)",
      )
      .action(async (flags: PolicyTestFlags) => {
        const { estate, shown } = await estateUnderTest(io, flags.estate);
        const policies = selectPolicies(estate, shown, flags.policy);
        const selection: ReleaseSelection = {
          states: flags.state ?? [],
          ...(flags.tenant ? { tenant: flags.tenant } : {}),
          limit: flags.limit,
        };
        const past =
          flags.direct || flags.databaseUrl
            ? await releasesFromDatabase(flags, io, selection)
            : await releasesFromApi(apiTarget(flags, io), selection);
        const report = testPolicies(estate, policies, past);
        state.exitCode = report.ok ? ExitCode.ok : ExitCode.no;
        if (flags.json) return printJson(io, { estate: shown, ...report });
        io.out(formatPolicyTest(report, shown));
      });

    policy
      .command("eval")
      .description(
        "evaluate the estate's rules on one release document (orc release show --json); exit 1 if one blocks",
      )
      .requiredOption(
        "--input <file>",
        "the release: the output of orc release show --json, or a release object",
      )
      .option(
        "--estate <file>",
        "the estate whose rules are evaluated (default $ORC_ESTATE, ./estate.yaml, the demo)",
      )
      .option("--policy <name>", "evaluate only this rule (repeat)", collect)
      .option(
        "--at <iso-datetime>",
        "the start decided for (default: scheduled, requested, submission or creation time)",
      )
      .option("--env <environment>", "only this environment of the release (repeat)", collect)
      .option("--json", "print the verdicts as JSON")
      .action(async (flags: PolicyEvalFlags) => {
        const { estate, shown } = await estateUnderTest(io, flags.estate);
        const policies = selectPolicies(estate, shown, flags.policy);
        const doc = readEvalDocument(io, flags.input);
        const release = doc.release as unknown as Release;
        const at = flags.at ? new Date(flags.at) : decisionTimeOf(release);
        if (Number.isNaN(at.getTime()) || (flags.at !== undefined && !/^\d{4}-\d\d-\d\dT/.test(flags.at)))
          throw new OrcError(
            "bad-request",
            `--at ${flags.at}: not an ISO 8601 date-time such as 2026-11-10T21:00:00Z`,
          );
        const ids = flags.env?.length
          ? flags.env.map((e) => {
              const ref = parseEnvironmentReference(e, release.tenant);
              return ref ? `${ref.tenant}/${ref.environment}` : e;
            })
          : release.environments;
        const environments: EnvironmentView[] = [];
        for (const id of ids) {
          const view = findEnvironment(estate, id);
          if (!view) throw new OrcError("bad-request", `environment ${id} is not in the estate ${shown}`);
          environments.push(view);
        }
        const verdicts = evaluatePolicies(
          policies,
          buildPolicyInput({
            estate,
            release,
            tier: findTier(estate, release.tier),
            environments,
            at,
            approvals: doc.approvals as unknown as ApprovalRecord[],
            evidenceGates: doc.evidenceGates,
          }),
        );
        const blocking = verdicts.filter((v) => !v.passed && v.severity !== "warn");
        state.exitCode = blocking.length ? ExitCode.no : ExitCode.ok;
        if (flags.json) return printJson(io, { at: at.toISOString(), verdicts });
        const where = environments.map((e) => e.id).join(", ");
        io.out(
          `release ${release.id} at ${at.toISOString()}: ${plural(policies.length, "rule")} of ${shown} on ${where}\n`,
        );
        for (const v of verdicts) {
          const mark = v.passed ? "✓" : v.severity === "warn" ? "!" : "✗";
          io.out(`${mark} ${v.policy} [${v.environment}]${v.passed ? "" : `: ${v.message}`}\n`);
        }
        io.out(
          blocking.length ? `${plural(blocking.length, "failing rule verdict")} block\n` : "no rule blocks\n",
        );
      });
  },
};
