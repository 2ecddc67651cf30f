// The variables a policy's CEL expressions read, declared once: the CEL environment's type schema, the
// "did you mean" candidates and the reference in docs/policies.md all come from this table.

/** The CEL types used by policy variables. */
export type CelFieldType = "string" | "int" | "bool" | "list<string>" | "map<string, string>";

/** One field of a policy variable: its CEL type and what it means. */
export interface PolicyField {
  readonly type: CelFieldType;
  readonly description: string;
}

/** One top-level variable of the policy input: an object with fields, or a plain value. */
export type PolicyVariable =
  | { readonly description: string; readonly fields: Readonly<Record<string, PolicyField>> }
  | { readonly description: string; readonly type: CelFieldType };

const f = (type: CelFieldType, description: string): PolicyField => ({ type, description });

/** Every variable a policy may read, with its fields. */
export const POLICY_VARIABLES = {
  release: {
    description: "The release being decided.",
    fields: {
      id: f("int", "Release id (0 for a release not stored yet)."),
      tenant: f("string", "The tenant."),
      tier: f("string", "The release's tier, e.g. `standard`."),
      suggestedTier: f("string", 'The tier the plan and environments suggest (`""` when none).'),
      state: f("string", "Lifecycle state: `draft`, `submitted`, `approved`, `scheduled`, `running`, …"),
      summary: f("string", "The release's one-sentence summary."),
      requester: f("string", "Who created it."),
      authors: f("list<string>", "Authors of the commits it deploys."),
      environments: f("list<string>", "Every environment id of the release, in promotion order."),
      imageDigest: f("string", "The image deployed, `sha256:…`."),
      addons: f("map<string, string>", "Addons source name → revision deployed."),
      series: f("string", "The plan's Odoo series, e.g. `17.0`."),
      impact: f("string", "The plan's overall impact: `none`, `code`, `data`, `schema` or `migration`."),
      moduleImpacts: f("map<string, string>", "Changed module → its impact level."),
      changedModules: f("list<string>", "Modules the plan changes."),
      upgradedModules: f("list<string>", "Modules `odoo -u` upgrades (changed ones and their dependants)."),
      installedModules: f("list<string>", "Modules the plan installs."),
      removals: f("list<string>", "Models or fields the plan removes."),
      strategy: f("string", "Rollout strategy: `none`, `rolling`, `maintenance-window` or `rehearsal`."),
      migrationScripts: f("int", "Number of migration scripts that run."),
      findings: f("list<string>", "Codes of the plan's findings, e.g. `license-conflict` (sorted, unique)."),
      errorFindings: f("int", "Number of the plan's findings of severity error."),
      rollback: f("string", "Rollback intent: `redeploy-previous`, `restore-backup` or `forward-fix`."),
      durationMinutes: f("int", "Expected run time per environment, in minutes."),
      leadTimeHours: f("int", "Whole hours between submission and the start (-1 when not submitted)."),
      approvals: f("int", "Active approvals that count (not voided, bound to the current plan and image)."),
      approvers: f("list<string>", "Who gave those approvals."),
      evidenceGates: f("list<string>", "Gates the release has evidence for, e.g. `tests`, `rehearsal`."),
    },
  },
  tier: {
    description: "The release's tier as the estate declares it.",
    fields: {
      name: f("string", "The tier's name."),
      known: f("bool", "False when the estate no longer declares the release's tier."),
      gates: f("list<string>", "Evidence gates the tier requires."),
      approvalRoles: f("list<string>", "Roles whose approval the tier requires."),
      approvalsRequired: f("int", "Total approvals the tier requires."),
      allowedInFreeze: f("bool", "Whether the tier may run inside freezes that exempt it."),
      requiresMaintenanceWindow: f("bool", "Whether it must run inside a maintenance window."),
      requiresRehearsal: f("bool", "Whether it requires a rehearsal."),
    },
  },
  env: {
    description: "The environment the rule is evaluated for (rules run once per environment decided).",
    fields: {
      id: f("string", "`tenant/environment`."),
      name: f("string", "The environment's name, e.g. `prod`."),
      tenant: f("string", "Its tenant."),
      kind: f("string", "`prod`, `staging`, `dev`, `test` or `training`."),
      region: f("string", "Its tenant's region."),
      timezone: f("string", "The region's IANA time zone."),
      series: f("string", "The Odoo series it runs, e.g. `17.0`."),
      hosting: f("string", "`dedicated` or `shared`."),
      stores: f("int", "Its tenant's number of stores."),
      calendars: f("list<string>", "Calendars whose windows apply."),
      promotesFrom: f("string", 'The environment it is promoted from (`""` when none).'),
      isLast: f("bool", "True for the last environment of the release's promotion path."),
    },
  },
  calendar: {
    description:
      "Calendar facts about the start on this environment, computed in TypeScript by the calendar engine in the environment's time zone.",
    fields: {
      localDate: f("string", "Local date of the start, `YYYY-MM-DD`."),
      localTime: f("string", "Local time of the start, `HH:MM`."),
      localHour: f("int", "Local hour of the start, 0–23."),
      localWeekday: f("string", "Local weekday of the start: `monday` … `sunday`."),
      localIsoWeekday: f("int", "Local weekday of the start, 1 (Monday) – 7 (Sunday)."),
      inFreeze: f("bool", "A freeze window is in force at the start (whether or not it exempts the tier)."),
      freezes: f("list<string>", "Freezes in force at the start, as `calendar/window`."),
      inMaintenanceWindow: f("bool", "A maintenance window is open at the start."),
      daysToNextFreeze: f(
        "int",
        "Whole days from the start to the next freeze (0 inside one; -1 when none within 90 days).",
      ),
    },
  },
  at: {
    description: "The start decided for, ISO 8601 in UTC (`timestamp(at)` gives a CEL timestamp).",
    type: "string",
  },
} as const satisfies Readonly<Record<string, PolicyVariable>>;

/** The name of a policy variable. */
export type PolicyVariableName = keyof typeof POLICY_VARIABLES;

/** Every variable and field name, for "did you mean" on unknown names. */
export function policyNames(): string[] {
  const out: string[] = [];
  for (const [name, v] of Object.entries(POLICY_VARIABLES) as [string, PolicyVariable][]) {
    out.push(name, ...("fields" in v ? Object.keys(v.fields) : []));
  }
  return out;
}

/** The Markdown table of every variable and field, as docs/policies.md shows it (a test keeps it in sync). */
export function policyVariablesTable(): string {
  const rows = ["| variable | CEL type | meaning |", "| --- | --- | --- |"];
  for (const [name, v] of Object.entries(POLICY_VARIABLES) as [string, PolicyVariable][]) {
    if ("type" in v) rows.push(`| \`${name}\` | \`${v.type}\` | ${v.description} |`);
    else
      for (const [field, f] of Object.entries(v.fields))
        rows.push(`| \`${name}.${field}\` | \`${f.type}\` | ${f.description} |`);
  }
  return `${rows.join("\n")}\n`;
}
