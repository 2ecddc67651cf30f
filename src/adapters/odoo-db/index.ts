/** Installed state of an Odoo database: live over PostgreSQL, or from files. */
export {
  readInstalledState,
  readInstalledFromDatabase,
  readInstalledFile,
  readDependencyExport,
  exportInstalledState,
  redactUrl,
  isPostgresUrl,
  INSTALLED_EXPORT_FORMAT,
  InstalledExport,
  ExportedModule,
} from "./installed-state.js";
