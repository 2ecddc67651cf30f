import type { Diagnostic, Severity } from "../diagnostic.js";

/**
 * Stable codes of every planner finding. A code never changes meaning; new problems get new codes.
 */
export const FINDING_CODES = [
  "manifest-parse-error",
  "manifest-invalid",
  "manifest-legacy-file",
  "manifest-ignored-legacy-file",
  "module-name-invalid",
  "version-foreign-series",
  "version-invalid",
  "version-incompatible",
  "version-decreased",
  "code-changed-without-version-bump",
  "version-bump-without-change",
  "depends-empty-forced-base",
  "license-missing",
  "license-conflict",
  "module-duplicate",
  "dependency-missing",
  "dependency-cycle",
  "dependency-uninstallable",
  "dependency-unknown-source",
  "new-dependency-install",
  "auto-install-cascade",
  "changed-not-installed",
  "module-not-found",
  "migration-folder-never-runs",
  "migration-folder-empty",
  "migration-folder-invalid-name",
  "migration-on-install-ignored",
  "module-will-not-load",
  "addons-path-not-git",
  "installed-state-unknown",
  "module-removed",
  "migration-version-unknown",
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/** A problem the planner found, with a stable code, a severity and where it is. */
export interface Finding extends Diagnostic {
  readonly code: FindingCode;
  readonly severity: Severity;
  /** The module concerned, when there is one. */
  readonly module?: string;
}

/** Builds a finding without undefined properties (keeps JSON output minimal and stable). */
export function finding(
  code: FindingCode,
  severity: Severity,
  message: string,
  extra: {
    module?: string;
    file?: string;
    line?: number;
    column?: number;
    hint?: string;
    path?: string;
  } = {},
): Finding {
  const f: Record<string, unknown> = { code, severity, message };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) f[k] = v;
  return f as unknown as Finding;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Deterministic order: severity, module, code, file, line, message. */
export function sortFindings(list: readonly Finding[]): Finding[] {
  return [...list].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      cmp(a.module ?? "", b.module ?? "") ||
      cmp(a.code, b.code) ||
      cmp(a.file ?? "", b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      cmp(a.message, b.message),
  );
}

/** Plain code-point comparison (what Python's `sorted` does on str), never locale-dependent. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
