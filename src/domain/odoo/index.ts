/** The Odoo release planner: pure rules of Odoo per series, from manifests to an ordered upgrade plan. */
export { ODOO_SERIES, parseSeries, seriesMajor, manifestNames, type OdooSeries } from "./series.js";
export {
  parsePythonLiteral,
  toPythonSource,
  pyToJs,
  type PyValue,
  type LiteralResult,
  type LiteralError,
} from "./python-literal.js";
export {
  parseVersion,
  compareVersions,
  compareParsed,
  adaptVersion,
  type ParsedVersion,
  type AdaptedVersion,
  type VersionProblem,
} from "./version.js";
export { readManifest, type Manifest, type ManifestReadResult, type AutoInstall } from "./manifest.js";
export { FINDING_CODES, sortFindings, type Finding, type FindingCode } from "./finding.js";
export {
  reverseDependencies,
  findCycles,
  transitiveDependencies,
  type Catalog,
  type CatalogModule,
  type DependencySource,
  type ModuleState,
} from "./module-catalog.js";
export { buildCatalog, type BuiltCatalog, type ModuleDuplicate } from "./catalog-builder.js";
export { loadOrder, type LoadedModule, type LoadResult, type NotLoaded } from "./load-order.js";
export {
  upgradeClosure,
  type ClosureResult,
  type UpgradeReason,
  type InstallReason,
} from "./upgrade-closure.js";
export {
  selectMigrations,
  folderFullVersion,
  type MigrationFolder,
  type MigrationScript,
  type MigrationSelection,
  type MigrationStage,
} from "./migrations.js";
export {
  summarizeModels,
  diffModels,
  type PythonModelSummary,
  type SchemaChange,
  type SyntaxNodeLike,
} from "./python-models.js";
export {
  classifyFile,
  isExcludedByClickOdooUpdate,
  moduleImpact,
  IMPACT_LEVELS,
  type ImpactLevel,
  type ModuleImpact,
} from "./impact.js";
export { decideStrategy, type ReleaseStrategy, type StrategyKind } from "./strategy.js";
export {
  UPGRADE_POLICIES,
  type UpgradePolicy,
  type AddonSnapshot,
  type ChangedFile,
  type ChangeSet,
  type InstalledModule,
  type InstalledState,
  type DependencyExport,
  type PlanInput,
  type RevisionRef,
  type FileStatus,
} from "./plan-input.js";
export { planRelease, checkAddons, UPGRADE_PLAN_SCHEMA, type UpgradePlan } from "./upgrade-plan.js";
export { stableJson } from "./stable-json.js";
export {
  dependencyGraph,
  upgradeGraph,
  renderGraph,
  type DependencyGraph,
  type GraphFormat,
} from "./graph-render.js";
