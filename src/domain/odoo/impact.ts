import type { SchemaChange } from "./python-models.js";

/** What a change does to a running system, from least to most disruptive. */
export const IMPACT_LEVELS = ["none", "assets-only", "code-only", "data", "schema", "migration"] as const;
export type ImpactLevel = (typeof IMPACT_LEVELS)[number];

export function maxImpact(a: ImpactLevel, b: ImpactLevel): ImpactLevel {
  return IMPACT_LEVELS.indexOf(a) >= IMPACT_LEVELS.indexOf(b) ? a : b;
}

/** The role of one file of a module, by its path relative to the module folder. */
export type FileKind =
  | "asset"
  | "test"
  | "excluded"
  | "docs"
  | "manifest"
  | "python"
  | "data"
  | "translation"
  | "migration-script"
  | "other";

/**
 * click-odoo-update's default exclusions (`*.pyc,*.pyo,i18n/*.pot,i18n_extra/*.pot,static/*,tests/*`):
 * changes there do not call for `-u` under the `changed` policy.
 */
export function isExcludedByClickOdooUpdate(path: string): boolean {
  return (
    path.endsWith(".pyc") ||
    path.endsWith(".pyo") ||
    /^i18n(?:_extra)?\/[^/]*\.pot$/.test(path) ||
    path.startsWith("static/") ||
    path.startsWith("tests/")
  );
}

export function classifyFile(path: string): FileKind {
  if (path.endsWith(".pyc") || path.endsWith(".pyo") || /^i18n(?:_extra)?\/[^/]*\.pot$/.test(path))
    return "excluded";
  if (path.startsWith("static/")) return "asset";
  if (path.startsWith("tests/")) return "test";
  if (path === "__manifest__.py" || path === "__openerp__.py" || path === "__terp__.py") return "manifest";
  if (path.startsWith("migrations/") || path.startsWith("upgrades/")) return "migration-script";
  if (/^i18n(?:_extra)?\/[^/]*\.po$/.test(path)) return "translation";
  if (
    /^(?:readme|doc|docs)\//i.test(path) ||
    /^(?:README|CHANGELOG|HISTORY)[^/]*$/i.test(path) ||
    path.endsWith(".md") ||
    path.endsWith(".rst")
  ) {
    return "docs";
  }
  if (path.endsWith(".py")) return "python";
  if (/\.(?:xml|csv|yml|yaml|sql)$/i.test(path)) return "data";
  if (/\.(?:js|scss|css|less|sass|png|jpe?g|gif|svg|woff2?|ttf|eot|ico)$/i.test(path)) return "asset";
  return "other";
}

/** One module's impact with the evidence behind it. */
export interface ModuleImpact {
  readonly level: ImpactLevel;
  /** Every kind of impact found (not only the highest). */
  readonly kinds: readonly ImpactLevel[];
  readonly schema?: SchemaChange;
  /** True when models or fields are removed: a rehearsal and a verified backup are needed. */
  readonly removals: boolean;
}

/** Classifies a module's changed files; `schema` is the model/field diff of its Python files. */
export function moduleImpact(input: {
  readonly files: readonly string[];
  readonly schema?: SchemaChange;
  readonly migrationScriptsRun: boolean;
  readonly versionBumped: boolean;
}): ModuleImpact {
  const kinds = new Set<ImpactLevel>();
  for (const f of input.files) {
    switch (classifyFile(f)) {
      case "asset":
        kinds.add("assets-only");
        break;
      case "python":
      case "other":
        kinds.add("code-only");
        break;
      case "data":
      case "translation":
      case "manifest":
        kinds.add("data");
        break;
      case "migration-script":
        kinds.add("code-only");
        break;
      default:
        break;
    }
  }
  const s = input.schema;
  const schemaChanged =
    s !== undefined &&
    s.modelsAdded.length +
      s.modelsRemoved.length +
      s.fieldsAdded.length +
      s.fieldsRemoved.length +
      s.fieldsChanged.length +
      s.attributesChanged.length >
      0;
  if (schemaChanged) kinds.add("schema");
  if (input.migrationScriptsRun) kinds.add("migration");
  let level: ImpactLevel = "none";
  for (const k of kinds) level = maxImpact(level, k);
  const sorted = IMPACT_LEVELS.filter((l) => kinds.has(l));
  const removals = s !== undefined && s.modelsRemoved.length + s.fieldsRemoved.length > 0;
  return { level, kinds: sorted, ...(schemaChanged && s ? { schema: s } : {}), removals };
}
