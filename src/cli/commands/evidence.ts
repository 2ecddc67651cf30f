import { readFileSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { InvalidArgumentError } from "commander";
import { isOrcError, OrcError } from "../../domain/errors.js";
import { EVIDENCE_GATES } from "../../domain/estate/index.js";
import { DEFAULT_MAX_EVIDENCE_BYTES, EVIDENCE_TYPES } from "../../domain/evidence/index.js";
import type { EvidenceInfo } from "../../store/index.js";
import { addApiOptions, apiTarget, callApi, type ApiFlags } from "../api-client.js";
import type { CliCommand } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { printJson } from "../io.js";
import { formatEvidenceList } from "../release-format.js";
import { printProblems } from "./release.js";

function oneOf(values: readonly string[], what: string) {
  return (value: string) => {
    if (!values.includes(value))
      throw new InvalidArgumentError(`unknown ${what} "${value}"; use ${values.join(", ")}`);
    return value;
  };
}

/** `orc evidence add|list` (through the API). */
export const evidenceCommand: CliCommand = {
  name: "evidence",
  register(program, io, state) {
    const evidence = program
      .command("evidence")
      .description("upload and list a release's evidence: test reports, scans, SBOMs, rehearsals");
    addApiOptions(
      evidence
        .command("add")
        .description(
          "upload a report; the server parses it and refuses a malformed one with its line (exit 1)",
        )
        .argument("<release>", "release id")
        .argument("<file>", "the report")
        .requiredOption("--type <type>", EVIDENCE_TYPES.join(", "), oneOf(EVIDENCE_TYPES, "evidence type"))
        .option(
          "--gate <gate>",
          "the gate it answers, when the type can answer several (SARIF: sast or image-scan)",
          oneOf(EVIDENCE_GATES, "gate"),
        )
        .option("--json", "print JSON"),
    ).action(
      async (
        release: string,
        file: string,
        flags: ApiFlags & { type: string; gate?: string; json?: boolean },
      ) => {
        const path = resolve(io.cwd, file);
        let content: string;
        try {
          if (statSync(path).size > DEFAULT_MAX_EVIDENCE_BYTES)
            throw new OrcError("payload-too-large", `${file} is larger than the 20 MiB limit for evidence`);
          content = readFileSync(path, "utf8");
        } catch (e) {
          if (isOrcError(e)) throw e;
          throw new OrcError("not-found", `cannot read ${file}`);
        }
        try {
          const info = await callApi<EvidenceInfo>(
            apiTarget(flags, io),
            "POST",
            `/api/v1/releases/${encodeURIComponent(release)}/evidence`,
            {
              type: flags.type,
              fileName: basename(file),
              content,
              ...(flags.gate ? { gate: flags.gate } : {}),
            },
          );
          if (flags.json) return printJson(io, info);
          io.out(
            `evidence ${info.id} added to release ${release}: ${info.type} for gate ${info.gate}, sha256 ${info.sha256}\n`,
          );
        } catch (e) {
          if (!isOrcError(e, "validation-failed")) throw e;
          printProblems(io, e, e.message);
          state.exitCode = ExitCode.no;
        }
      },
    );
    addApiOptions(
      evidence
        .command("list")
        .description("list a release's evidence")
        .argument("<release>", "release id")
        .option("--json", "print JSON"),
    ).action(async (release: string, flags: ApiFlags & { json?: boolean }) => {
      const { evidence: list } = await callApi<{ evidence: EvidenceInfo[] }>(
        apiTarget(flags, io),
        "GET",
        `/api/v1/releases/${encodeURIComponent(release)}/evidence`,
      );
      if (flags.json) return printJson(io, list);
      io.out(formatEvidenceList(list));
    });
  },
};
