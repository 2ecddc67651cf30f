import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { isOrcError, OrcError } from "../../domain/errors.js";
import {
  RELEASE_STATES,
  REVIEW_OUTCOMES,
  ROLLBACK_STRATEGIES,
  type ApprovalRecord,
  type Release,
  type ReleaseDecision,
} from "../../domain/release/index.js";
import type { ReleaseSummary, TransitionRecord } from "../../store/index.js";
import { addApiOptions, apiTarget, callApi, type ApiFlags, type ApiTarget } from "../api-client.js";
import type { CliCommand } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { printJson, type CliIo } from "../io.js";
import { formatDecision, formatRelease, formatReleaseList } from "../release-format.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

function releaseId(value: string): string {
  if (!/^[1-9]\d{0,14}$/.test(value)) throw new InvalidArgumentError("a release id is a positive integer");
  return value;
}

function choice(values: readonly string[], what: string) {
  return (value: string) => {
    if (!values.includes(value))
      throw new InvalidArgumentError(`unknown ${what} "${value}"; use ${values.join(", ")}`);
    return value;
  };
}

function instant(value: string): string {
  const d = new Date(value);
  if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(d.getTime()))
    throw new InvalidArgumentError(`"${value}" is not an ISO 8601 date-time such as 2026-11-10T21:00:00Z`);
  return d.toISOString();
}

function addons(values: readonly string[] = []) {
  return values.map((v) => {
    const i = v.lastIndexOf("=");
    if (i <= 0 || i === v.length - 1) throw new OrcError("bad-request", `--addons ${v}: write name=revision`);
    return { name: v.slice(0, i), revision: v.slice(i + 1) };
  });
}

function readJsonFile(io: CliIo, file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), "utf8");
  } catch {
    throw new OrcError("not-found", `cannot read ${what} ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new OrcError("bad-request", `${file} is not JSON (expected the output of \`orc plan --json\`)`);
  }
}

/** Prints a refusal's listed problems (blocking reasons, evidence diagnostics) and returns its exit code. */
export function printProblems(io: CliIo, e: OrcError, headline: string): void {
  io.err(`orc: ${headline}\n`);
  const errors = (e.context.errors ?? []) as {
    path?: string;
    message: string;
    code?: string;
    file?: string;
    line?: number;
    column?: number;
  }[];
  for (const x of errors) {
    const where = x.file ? `${x.file}:${x.line ?? 1}:${x.column ?? 1}: ` : x.path ? `[${x.path}] ` : "";
    io.err(`  ${where}${x.code ? `${x.code}: ` : ""}${x.message}\n`);
  }
}

async function getRelease(target: ApiTarget, id: string) {
  return callApi<{ release: Release; approvals: ApprovalRecord[]; history: TransitionRecord[] }>(
    target,
    "GET",
    `/api/v1/releases/${id}`,
  );
}

function line(r: Release, verb: string): string {
  return `release ${r.id} ${verb} (${r.state}, tier ${r.tier}, version ${r.version})\n`;
}

/** `orc release create|show|list|submit|approve|reject|cancel|schedule|status|review` (through the API). */
export const releaseCommand: CliCommand = {
  name: "release",
  register(program, io, state) {
    const release = program
      .command("release")
      .description("release governance: create, approve, schedule and check releases (talks to the server)");
    const sub = (name: string, description: string): Command =>
      addApiOptions(release.command(name).description(description));

    sub("create", "create a release from a plan (orc plan --json); prints its id")
      .requiredOption("--tenant <tenant>", "the tenant")
      .requiredOption(
        "--env <environment>",
        "an environment, in promotion order (repeat: --env staging --env prod)",
        collect,
      )
      .requiredOption("--image-digest <digest>", "the image deployed, sha256:…")
      .requiredOption("--plan <file>", "the plan document: the output of orc plan --json")
      .requiredOption("--summary <text>", "what the release changes, in a sentence")
      .requiredOption(
        "--rollback <strategy>",
        `how it is undone: ${ROLLBACK_STRATEGIES.join(", ")}`,
        choice(ROLLBACK_STRATEGIES, "rollback strategy"),
      )
      .option("--rollback-notes <text>", "notes for whoever rolls it back")
      .option("--addons <name=revision>", "an addons source and the revision deployed (repeat)", collect)
      .option("--tier <tier>", "the tier (default: the one the plan and environments suggest)")
      .option("--start <iso-datetime>", "requested start", instant)
      .option("--duration <iso-duration>", "expected run time per environment (default PT1H)")
      .option("--author <name-or-email>", "a commit author (repeat)", collect)
      .option("--submit", "submit it for approval right away")
      .option("--json", "print JSON")
      .action(
        async (
          flags: ApiFlags & {
            tenant: string;
            env: string[];
            imageDigest: string;
            plan: string;
            summary: string;
            rollback: string;
            rollbackNotes?: string;
            addons?: string[];
            tier?: string;
            start?: string;
            duration?: string;
            author?: string[];
            submit?: boolean;
            json?: boolean;
          },
        ) => {
          const target = apiTarget(flags, io);
          let created = await callApi<Release>(target, "POST", "/api/v1/releases", {
            tenant: flags.tenant,
            environments: flags.env,
            addons: addons(flags.addons),
            imageDigest: flags.imageDigest,
            plan: readJsonFile(io, flags.plan, "the plan"),
            ...(flags.tier ? { tier: flags.tier } : {}),
            summary: flags.summary,
            rollbackIntent: { strategy: flags.rollback, notes: flags.rollbackNotes ?? "" },
            ...(flags.start ? { requestedStart: flags.start } : {}),
            ...(flags.duration ? { duration: flags.duration } : {}),
            authors: flags.author ?? [],
          });
          if (flags.submit)
            created = await callApi<Release>(target, "POST", `/api/v1/releases/${created.id}/submit`);
          if (flags.json) return printJson(io, created);
          io.out(`${created.id}\n`);
          io.err(line(created, flags.submit ? "created and submitted" : "created"));
        },
      );

    sub("show", "show a release: plan in brief, approvals, history")
      .argument("<id>", "release id", releaseId)
      .option("--json", "print JSON")
      .action(async (id: string, flags: ApiFlags & { json?: boolean }) => {
        const detail = await getRelease(apiTarget(flags, io), id);
        if (flags.json) return printJson(io, detail);
        io.out(formatRelease(detail.release, detail.approvals, detail.history));
      });

    sub("list", "list releases, newest first")
      .option("--state <state>", `filter: ${RELEASE_STATES.join(", ")}`, choice(RELEASE_STATES, "state"))
      .option("--tenant <tenant>", "filter by tenant")
      .option("--env <environment>", "filter by environment (tenant/env)")
      .option("--tier <tier>", "filter by tier")
      .option("--limit <n>", "at most this many (default 50)")
      .option("--json", "print JSON")
      .action(
        async (
          flags: ApiFlags & {
            state?: string;
            tenant?: string;
            env?: string;
            tier?: string;
            limit?: string;
            json?: boolean;
          },
        ) => {
          const q = new URLSearchParams();
          if (flags.state) q.set("state", flags.state);
          if (flags.tenant) q.set("tenant", flags.tenant);
          if (flags.env) q.set("environment", flags.env);
          if (flags.tier) q.set("tier", flags.tier);
          if (flags.limit) q.set("limit", flags.limit);
          const { releases } = await callApi<{ releases: ReleaseSummary[] }>(
            apiTarget(flags, io),
            "GET",
            `/api/v1/releases${q.size ? `?${q}` : ""}`,
          );
          if (flags.json) return printJson(io, releases);
          io.out(formatReleaseList(releases));
        },
      );

    for (const [name, description, verb] of [
      ["submit", "submit a draft for approval", "submitted"],
      ["cancel", "withdraw a release that has not run", "cancelled"],
    ] as const) {
      sub(name, description)
        .argument("<id>", "release id", releaseId)
        .option("--json", "print JSON")
        .action(async (id: string, flags: ApiFlags & { json?: boolean }) => {
          const r = await callApi<Release>(apiTarget(flags, io), "POST", `/api/v1/releases/${id}/${name}`);
          if (flags.json) return printJson(io, r);
          io.out(line(r, verb));
        });
    }

    for (const [name, verb] of [
      ["approve", "approved"],
      ["reject", "rejected"],
    ] as const) {
      const cmd = sub(
        name,
        `${name} the release as it is now (its current plan hash and image digest, which the vote binds to)`,
      )
        .argument("<id>", "release id", releaseId)
        .option(
          "--role <role>",
          "the role to vote in (default: the first of the tier's roles you hold that still lacks votes)",
        )
        .option("--plan-hash <sha256>", "refuse unless the plan is still this one (the hash you reviewed)")
        .option("--json", "print JSON");
      if (name === "reject") cmd.requiredOption("--comment <text>", "why");
      else cmd.option("--comment <text>", "a comment");
      cmd.action(
        async (
          id: string,
          flags: ApiFlags & { role?: string; planHash?: string; comment?: string; json?: boolean },
        ) => {
          const target = apiTarget(flags, io);
          const { release: current } = await getRelease(target, id);
          const out = await callApi<{ release: Release; approval: ApprovalRecord }>(
            target,
            "POST",
            `/api/v1/releases/${id}/${name}`,
            {
              planHash: flags.planHash ?? current.planHash,
              imageDigest: current.imageDigest,
              ...(flags.role ? { role: flags.role } : {}),
              ...(flags.comment ? { comment: flags.comment } : {}),
            },
          );
          if (flags.json) return printJson(io, out);
          io.out(
            `release ${id} ${verb} by ${out.approval.approver} as ${out.approval.role} (plan ${out.approval.planHash.slice(0, 12)}…, image ${out.approval.imageDigest.slice(0, 19)}…); now ${out.release.state}\n`,
          );
        },
      );
    }

    sub(
      "schedule",
      "schedule an approved release; refused, with every reason, unless the decision at that start allows it",
    )
      .argument("<id>", "release id", releaseId)
      .requiredOption("--at <iso-datetime>", "the start, e.g. 2026-11-10T21:00:00Z", instant)
      .option("--json", "print JSON")
      .action(async (id: string, flags: ApiFlags & { at: string; json?: boolean }) => {
        try {
          const out = await callApi<{ release: Release; decision: ReleaseDecision }>(
            apiTarget(flags, io),
            "POST",
            `/api/v1/releases/${id}/schedule`,
            { start: flags.at },
          );
          if (flags.json) return printJson(io, out);
          io.out(line(out.release, `scheduled at ${out.release.scheduledStart}`));
        } catch (e) {
          if (!isOrcError(e, "release-blocked")) throw e;
          printProblems(io, e, `release ${id} cannot be scheduled at ${flags.at}:`);
          state.exitCode = ExitCode.no;
        }
      });

    sub("status", "may the release start now? every reason and what would unblock it (exit 0 yes, 1 no)")
      .argument("<id>", "release id", releaseId)
      .option("--env <environment>", "one environment only")
      .option("--at <iso-datetime>", "the start to ask about (default now)", instant)
      .option("--json", "print JSON")
      .action(async (id: string, flags: ApiFlags & { env?: string; at?: string; json?: boolean }) => {
        const target = apiTarget(flags, io);
        const q = new URLSearchParams();
        if (flags.env) q.set("env", flags.env);
        if (flags.at) q.set("at", flags.at);
        const d = await callApi<ReleaseDecision>(
          target,
          "GET",
          `/api/v1/releases/${id}/decision${q.size ? `?${q}` : ""}`,
        );
        state.exitCode = d.allowed ? ExitCode.ok : ExitCode.no;
        if (flags.json) return printJson(io, d);
        const { release: r } = await getRelease(target, id);
        io.out(formatDecision(d, r.summary));
      });

    sub("review", "file the post-implementation review of a release")
      .argument("<id>", "release id", releaseId)
      .requiredOption("--outcome <outcome>", REVIEW_OUTCOMES.join(", "), choice(REVIEW_OUTCOMES, "outcome"))
      .requiredOption("--notes <text>", "what happened and what follows")
      .option("--json", "print JSON")
      .action(async (id: string, flags: ApiFlags & { outcome: string; notes: string; json?: boolean }) => {
        const r = await callApi<Release>(apiTarget(flags, io), "POST", `/api/v1/releases/${id}/review`, {
          outcome: flags.outcome,
          notes: flags.notes,
        });
        if (flags.json) return printJson(io, r);
        io.out(`review of release ${id} filed: ${flags.outcome}\n`);
      });
  },
};
