import { z } from "zod";
import { evidenceDiagnostic } from "../evidence-diagnostic.js";
import type { EvidenceParseResult } from "../evidence-parser.js";
import type { EvidenceParseOptions } from "../input-limits.js";
import { parseJsonEvidence, type JsonEvidenceFormat } from "../json-evidence.js";
import {
  MAX_FINDINGS,
  findingSeverityRank,
  severityOfScore,
  type FindingSeverity,
  type SarifFinding,
  type SarifLevel,
  type SarifReport,
} from "./report.js";

const Level = z.enum(["error", "warning", "note", "none"]);
const Properties = z.record(z.string(), z.unknown());

/** A `reportingDescriptor` (rule) as SARIF writes it. */
export const SarifRuleJson = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  defaultConfiguration: z.looseObject({ level: Level.optional() }).optional(),
  messageStrings: z.record(z.string(), z.looseObject({ text: z.string().optional() })).optional(),
  properties: Properties.optional(),
});
export type SarifRuleJson = z.infer<typeof SarifRuleJson>;

/** A `toolComponent`: the driver or an extension (CodeQL keeps its rules in extensions). */
export const SarifToolComponentJson = z.looseObject({
  name: z.string(),
  rules: z.array(SarifRuleJson).optional(),
});
export type SarifToolComponentJson = z.infer<typeof SarifToolComponentJson>;

/** A `result`. */
export const SarifResultJson = z
  .looseObject({
    ruleId: z.string().optional(),
    ruleIndex: z.int().optional(),
    rule: z
      .looseObject({
        id: z.string().optional(),
        index: z.int().optional(),
        toolComponent: z.looseObject({ index: z.int().optional() }).optional(),
      })
      .optional(),
    kind: z.string().optional(),
    level: Level.optional(),
    message: z.looseObject({ text: z.string().optional(), id: z.string().optional() }),
    locations: z
      .array(
        z.looseObject({
          physicalLocation: z
            .looseObject({
              artifactLocation: z.looseObject({ uri: z.string().optional() }).optional(),
              region: z
                .looseObject({ startLine: z.int().min(1).optional(), startColumn: z.int().min(1).optional() })
                .optional(),
            })
            .optional(),
        }),
      )
      .optional(),
    suppressions: z
      .array(z.looseObject({ status: z.string().optional(), justification: z.string().optional() }))
      .optional(),
    properties: Properties.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.message.text === undefined && r.message.id === undefined) {
      ctx.addIssue({ code: "custom", path: ["message", "text"], message: "a result needs a message `text`" });
    }
  });
export type SarifResultJson = z.infer<typeof SarifResultJson>;

/** A SARIF 2.1.0 log (fields orc reads; others allowed). */
export const SarifJson = z.looseObject({
  version: z.literal("2.1.0"),
  runs: z.array(
    z.looseObject({
      tool: z.looseObject({
        driver: SarifToolComponentJson,
        extensions: z.array(SarifToolComponentJson).optional(),
      }),
      results: z.array(SarifResultJson).nullish(),
    }),
  ),
});
export type SarifJson = z.infer<typeof SarifJson>;

type Run = SarifJson["runs"][number];

function findRule(run: Run, result: SarifResultJson): SarifRuleJson | undefined {
  const { driver, extensions = [] } = run.tool;
  const componentIndex = result.rule?.toolComponent?.index;
  const component = componentIndex === undefined ? driver : extensions[componentIndex];
  const index = result.rule?.index ?? result.ruleIndex;
  const byIndex = index === undefined ? undefined : component?.rules?.[index];
  if (byIndex) return byIndex;
  const id = result.ruleId ?? result.rule?.id;
  if (id === undefined) return undefined;
  for (const c of [driver, ...extensions]) {
    const rule = c.rules?.find((r) => r.id === id);
    if (rule) return rule;
  }
  return undefined;
}

function score(properties: Record<string, unknown> | undefined): number | undefined {
  const raw = properties?.["security-severity"];
  const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
}

const LEVEL_SEVERITY: Readonly<Record<SarifLevel, FindingSeverity>> = {
  error: "high",
  warning: "medium",
  note: "low",
  none: "info",
};

/** Kinds that are not problems: a passed check, a rule that did not apply, plain information. */
const NOT_FINDINGS = new Set(["pass", "notApplicable", "informational"]);

function compareFindings(a: SarifFinding, b: SarifFinding): number {
  return (
    Number(a.suppressed) - Number(b.suppressed) ||
    findingSeverityRank(a.severity) - findingSeverityRank(b.severity) ||
    a.tool.localeCompare(b.tool) ||
    a.ruleId.localeCompare(b.ruleId) ||
    (a.uri ?? "").localeCompare(b.uri ?? "") ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0)
  );
}

const format: JsonEvidenceFormat<SarifJson, SarifReport> = {
  type: "sarif",
  expectedShape: 'a SARIF 2.1.0 log: an object with "version": "2.1.0" and "runs"',
  input: SarifJson,
  precheck(value, document, file) {
    const version = (value as Record<string, unknown>)["version"];
    if (version === "2.1.0") return [];
    const [position] = document.locate([["version"]]);
    return [
      evidenceDiagnostic(
        file,
        version === undefined ? "missing-field" : "unsupported-version",
        version === undefined
          ? "required field `version` is missing"
          : `SARIF version ${JSON.stringify(version)} is not supported`,
        {
          ...(position ? { position } : {}),
          path: "version",
          hint: 'orc reads SARIF 2.1.0 ("version": "2.1.0")',
        },
      ),
    ];
  },
  normalize(input) {
    const all: SarifFinding[] = [];
    for (const run of input.runs) {
      const tool = run.tool.driver.name;
      for (const result of run.results ?? []) {
        if (result.kind !== undefined && NOT_FINDINGS.has(result.kind)) continue;
        const rule = findRule(run, result);
        const level = result.level ?? rule?.defaultConfiguration?.level ?? "warning";
        const cvss = score(result.properties) ?? score(rule?.properties);
        const severity = cvss !== undefined ? severityOfScore(cvss) : LEVEL_SEVERITY[level];
        const location = result.locations?.[0]?.physicalLocation;
        const uri = location?.artifactLocation?.uri;
        const line = location?.region?.startLine;
        const column = location?.region?.startColumn;
        const suppressions = result.suppressions ?? [];
        const accepted = suppressions.find((s) => s.status === undefined || s.status === "accepted");
        const messageId = result.message.id;
        const message =
          result.message.text ??
          (messageId !== undefined ? rule?.messageStrings?.[messageId]?.text : undefined) ??
          messageId ??
          "";
        all.push({
          tool,
          ruleId: result.ruleId ?? result.rule?.id ?? rule?.id ?? "(no rule)",
          level,
          severity,
          ...(cvss !== undefined ? { securitySeverity: cvss } : {}),
          message,
          ...(uri !== undefined ? { uri } : {}),
          ...(line !== undefined ? { line } : {}),
          ...(column !== undefined ? { column } : {}),
          suppressed: accepted !== undefined,
          ...(accepted?.justification ? { justification: accepted.justification } : {}),
        });
      }
    }
    all.sort(compareFindings);
    const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    let errors = 0;
    let suppressed = 0;
    for (const f of all) {
      if (f.suppressed) {
        suppressed++;
        continue;
      }
      counts[f.severity]++;
      if (f.level === "error") errors++;
    }
    const findings = all.slice(0, MAX_FINDINGS);
    return {
      report: {
        type: "sarif",
        version: "2.1.0",
        tools: input.runs.map((r) => r.tool.driver.name),
        counts,
        errors,
        suppressed,
        findings,
        omitted: all.length - findings.length,
      },
    };
  },
};

/**
 * Parses a SARIF 2.1.0 log (ESLint, CodeQL, Semgrep, Trivy `--format sarif`, …): every result of every
 * run with its rule, level, severity (from the rule's `security-severity` CVSS score when present),
 * message and first location. Results of kind pass, notApplicable or informational are not findings;
 * suppressed results are kept but marked.
 */
export function parseSarif(
  text: string,
  file: string,
  options?: EvidenceParseOptions,
): EvidenceParseResult<SarifReport> {
  return parseJsonEvidence(format, text, file, options);
}
