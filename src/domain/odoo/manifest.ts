import { finding, type Finding } from "./finding.js";
import { parsePythonLiteral, pyToJs, type PyValue } from "./python-literal.js";
import { seriesMajor, type OdooSeries } from "./series.js";
import { adaptVersion } from "./version.js";

/** `auto_install` after Odoo's normalisation: off, or on with its trigger set (`[]` = always). */
export type AutoInstall = false | { readonly triggers: readonly string[] };

/** The manifest keys the planner uses, after Odoo's defaults and normalisation. Plain JSON data. */
export interface Manifest {
  readonly name: string;
  /** The `version` as written (default `1.0`). */
  readonly rawVersion: string;
  /** The full version Odoo stores (`adapt_version`), e.g. `17.0.1.2.0`. */
  readonly version: string;
  readonly depends: readonly string[];
  readonly autoInstall: AutoInstall;
  readonly installable: boolean;
  /** As written; `undefined` when missing (Odoo then uses LGPL-3 with a warning). */
  readonly license?: string;
  readonly application: boolean;
  readonly data: readonly string[];
  readonly demo: readonly string[];
  readonly excludes: readonly string[];
  readonly externalDependencies: { readonly python: readonly string[]; readonly bin: readonly string[] };
  readonly hooks: readonly string[];
  readonly developmentStatus?: string;
}

export interface ManifestReadResult {
  /** Undefined when the file is not a readable manifest (Odoo does not see the module). */
  readonly manifest?: Manifest;
  readonly findings: readonly Finding[];
}

function strList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
}

/**
 * Reads a manifest's text as Odoo's `load_manifest` would for `series`, without executing it:
 * a Python literal on top of the defaults, `auto_install` normalised, the version adapted.
 */
export function readManifest(
  source: string,
  opts: { readonly module: string; readonly file: string; readonly series: OdooSeries },
): ManifestReadResult {
  const { module, file, series } = opts;
  const major = seriesMajor(series);
  const findings: Finding[] = [];
  const parsed = parsePythonLiteral(source);
  if (!parsed.ok) {
    return {
      findings: [
        finding("manifest-parse-error", "error", `manifest is not a Python literal: ${parsed.error.reason}`, {
          module,
          file,
          line: parsed.error.line,
          column: parsed.error.column,
          hint: "Odoo does not see this module: it cannot read its manifest",
        }),
      ],
    };
  }
  if (parsed.value.type !== "dict") {
    return {
      findings: [
        finding("manifest-invalid", "error", `manifest must be a dict, found a ${parsed.value.type}`, {
          module,
          file,
          line: 1,
          column: 1,
        }),
      ],
    };
  }
  const raw: Record<string, unknown> = {};
  for (const [k, v] of parsed.value.entries as (readonly [PyValue, PyValue])[]) {
    if (k.type === "str") raw[k.value] = pyToJs(v);
  }
  const invalid = (message: string): ManifestReadResult => ({
    findings: [...findings, finding("manifest-invalid", "error", message, { module, file })],
  });

  const installableRaw = raw.installable ?? true;
  let installable =
    Boolean(installableRaw) && !(Array.isArray(installableRaw) && installableRaw.length === 0);
  let depends = raw.depends === undefined ? [] : strList(raw.depends);
  if (!depends) return invalid("'depends' must be a list of module names");
  if (major >= 19 && depends.length === 0 && module !== "base") {
    depends = ["base"];
    findings.push(
      finding("depends-empty-forced-base", "info", "'depends': [] is read as ['base'] by Odoo 19", {
        module,
        file,
      }),
    );
  }

  let autoInstall: AutoInstall = false;
  const ai = raw.auto_install ?? false;
  if (ai === true) autoInstall = { triggers: [...new Set(depends)].sort() };
  else if (Array.isArray(ai)) {
    const triggers = strList(ai);
    if (!triggers) return invalid("'auto_install' must be a boolean or a list of module names");
    const missing = triggers.filter((t) => !depends.includes(t));
    if (missing.length > 0) {
      return invalid(
        `'auto_install' names modules that are not in 'depends' (${missing.join(", ")}): Odoo fails with an AssertionError`,
      );
    }
    autoInstall = { triggers: [...new Set(triggers)].sort() };
  } else if (ai !== false && ai !== null && ai !== 0) {
    autoInstall = { triggers: [...new Set(depends)].sort() };
  }

  const rawVersion = raw.version === undefined ? "1.0" : raw.version;
  if (typeof rawVersion !== "string") return invalid("'version' must be a string");
  const adapted = adaptVersion(rawVersion, series);
  if (adapted.problem) {
    switch (adapted.problem.kind) {
      case "foreign-series-prefixed":
        findings.push(
          finding("version-foreign-series", "warning", adapted.problem.message, { module, file }),
        );
        break;
      case "invalid":
        if (installable)
          findings.push(finding("version-invalid", "error", adapted.problem.message, { module, file }));
        break;
      case "incompatible-uninstallable":
        if (installable) {
          findings.push(
            finding("version-incompatible", "warning", adapted.problem.message, { module, file }),
          );
          installable = false;
        }
        break;
    }
  }

  const license = typeof raw.license === "string" && raw.license !== "" ? raw.license : undefined;
  if (license === undefined) {
    findings.push(
      finding("license-missing", "info", "no 'license': Odoo assumes LGPL-3 and warns", { module, file }),
    );
  }
  if (file.endsWith("__openerp__.py") && major >= 17) {
    findings.push(
      finding(
        "manifest-legacy-file",
        "warning",
        `'__openerp__.py' is deprecated in ${series} and no longer read by 19.0`,
        {
          module,
          file,
          hint: "rename it to __manifest__.py",
        },
      ),
    );
  }
  const ext = raw.external_dependencies;
  const extObj =
    ext && typeof ext === "object" && !Array.isArray(ext) ? (ext as Record<string, unknown>) : {};
  const manifest: Manifest = {
    name: typeof raw.name === "string" ? raw.name : module,
    rawVersion,
    version: adapted.version,
    depends,
    autoInstall,
    installable,
    ...(license !== undefined ? { license } : {}),
    application: Boolean(raw.application),
    data: strList(raw.data) ?? [],
    demo: strList(raw.demo) ?? [],
    excludes: strList(raw.excludes) ?? [],
    externalDependencies: { python: strList(extObj.python) ?? [], bin: strList(extObj.bin) ?? [] },
    hooks: ["pre_init_hook", "post_init_hook", "uninstall_hook", "post_load"].filter(
      (h) => typeof raw[h] === "string" && raw[h] !== "",
    ),
    ...(typeof raw.development_status === "string" ? { developmentStatus: raw.development_status } : {}),
  };
  return { manifest, findings };
}
