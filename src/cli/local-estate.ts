import { displayPath, locateEstateFile, readEstateFile } from "../adapters/estate-file/index.js";
import { OrcError } from "../domain/errors.js";
import type { Estate } from "../domain/estate/index.js";
import type { CliIo } from "./io.js";

/**
 * Finds and reads the estate for a command that answers from the file alone: `file`, else
 * `$ORC_ESTATE`, else `./estate.yaml`, else the Northwind demo (announced on stderr, so stdout stays
 * clean). A missing file is `not-found` (exit 3), an invalid one `estate-invalid` (exit 1).
 */
export async function readLocalEstate(io: CliIo, file: string | undefined): Promise<Estate> {
  const location = await locateEstateFile({ file, env: io.env, cwd: io.cwd });
  const shown = displayPath(location.path, io.cwd);
  if (location.source === "demo") io.err(`orc: no estate file given; using the demo estate ${shown}\n`);
  const result = await readEstateFile(location.path, { displayPath: shown });
  if (result.ok) return result.estate;
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  throw new OrcError(
    "estate-invalid",
    `the estate ${shown} is invalid (${errors} ${errors === 1 ? "problem" : "problems"}); run \`orc estate validate ${shown}\``,
  );
}
