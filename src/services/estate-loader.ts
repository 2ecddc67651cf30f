import { readEstateFile } from "../adapters/estate-file/index.js";
import { isOrcError } from "../domain/errors.js";
import { listEnvironments, type Estate } from "../domain/estate/index.js";
import type { EstateLoad } from "./estate-holder.js";

/** Reads and validates the estate file for the server; an unreadable file is a diagnostic, not a crash. */
export async function loadEstateForServer(source: string): Promise<EstateLoad<Estate>> {
  let result;
  try {
    result = await readEstateFile(source);
  } catch (e) {
    if (!isOrcError(e)) throw e;
    return {
      ok: false,
      diagnostics: [{ code: e.code, severity: "error", message: e.message, file: source }],
    };
  }
  if (!result.ok) return { ok: false, diagnostics: result.diagnostics };
  const { estate } = result;
  return {
    ok: true,
    estate,
    hash: result.contentHash,
    summary: {
      organization: estate.organization.id,
      tenants: estate.tenants.length,
      environments: listEnvironments(estate).length,
      warnings: result.warnings.length,
    },
  };
}
