/** Reading addons paths (disk and git) and building plans from real sources. */
export {
  scanAddonsOnDisk,
  readMigrationFolders,
  MANIFEST_CANDIDATES,
  type AddonsPathEntry,
} from "./disk-scan.js";
export { flushScanCaches } from "./scan-cache.js";
export { pythonModelReader, type PythonModelReader } from "./python-parser.js";
export {
  buildPlanFromSources,
  collectPlanInput,
  checkAddonsFromSources,
  readAddonsForGraph,
  parseRevisionSpec,
  type PlanSources,
} from "./build-plan.js";
