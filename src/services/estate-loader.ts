import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import type { EstateLoad } from "./estate-holder.js";

/** Reads and validates the estate file for the server. (Temporary: replaced by the estate validator.) */
export async function loadEstateForServer(source: string): Promise<EstateLoad<unknown>> {
  let text: string;
  try {
    text = await readFile(source, "utf8");
  } catch {
    return {
      ok: false,
      diagnostics: [
        { code: "estate-not-found", severity: "error", message: `cannot read ${source}`, file: source },
      ],
    };
  }
  const estate = parse(text) as unknown;
  return { ok: true, estate, hash: createHash("sha256").update(text).digest("hex"), summary: {} };
}
