import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import {
  DEFAULT_MAX_ESTATE_BYTES,
  fileDiagnostic,
  fileTooLargeDiagnostic,
  validateEstateText,
  type Estate,
  type EstateValidationOptions,
  type EstateValidationResult,
} from "../../domain/estate/index.js";
import type { Diagnostic } from "../../domain/diagnostic.js";
import { OrcError } from "../../domain/errors.js";

/** A validation result; a valid one also carries the SHA-256 of the file's text (its revision). */
export type EstateFileResult =
  | (Extract<EstateValidationResult, { ok: true }> & { readonly contentHash: string })
  | Extract<EstateValidationResult, { ok: false }>;

/** How to read an estate file. */
export interface ReadEstateFileOptions extends EstateValidationOptions {
  /** The name diagnostics show for the file. @default the path as given */
  readonly displayPath?: string;
}

/** Node's error code for a failed file operation, if any. */
function errnoCode(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "code" in e && typeof e.code === "string"
    ? e.code
    : undefined;
}

/** Classifies a failure to open or read `path` once, here, into an {@link OrcError}. */
function fileError(e: unknown, path: string): OrcError {
  const code = errnoCode(e);
  if (code === "ENOENT" || code === "ENOTDIR") {
    return new OrcError("not-found", `estate file not found: ${path}`, { path });
  }
  if (code === "EISDIR")
    return new OrcError("bad-request", `${path} is a directory, not an estate file`, { path });
  if (code === "EACCES" || code === "EPERM") {
    return new OrcError("config-invalid", `cannot read the estate file ${path}: permission denied`, { path });
  }
  return new OrcError(
    "infrastructure-unavailable",
    `cannot read the estate file ${path} (${code ?? "unknown error"})`,
    {
      path,
    },
  );
}

/**
 * Reads and validates an estate file. The size limit is checked before the file is read, and reading
 * stops at the limit even if the file grows meanwhile. Returns the same result as
 * {@link validateEstateText}; throws {@link OrcError} `not-found` when there is no such file, and
 * other {@link OrcError}s when it cannot be read.
 */
export async function readEstateFile(
  path: string,
  options: ReadEstateFileOptions = {},
): Promise<EstateFileResult> {
  const shown = options.displayPath ?? path;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ESTATE_BYTES;
  const tooLarge: EstateFileResult = {
    ok: false,
    diagnostics: [fileTooLargeDiagnostic(shown, maxBytes)],
  };
  const chunks: Buffer[] = [];
  try {
    const handle = await open(path, "r");
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" });
      if (stat.size > maxBytes) return tooLarge;
      // Read in chunks up to one byte past the limit: the file may have grown since stat.
      let total = 0;
      for (;;) {
        const chunk = Buffer.alloc(Math.min(1024 * 1024, maxBytes + 1 - total));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        chunks.push(chunk.subarray(0, bytesRead));
        total += bytesRead;
        if (total > maxBytes) return tooLarge;
      }
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw fileError(e, path);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return {
      ok: false,
      diagnostics: [
        fileDiagnostic(shown, "invalid-encoding", "the estate file is not valid UTF-8", "save it as UTF-8"),
      ],
    };
  }
  const result = validateEstateText(text, shown, options);
  return result.ok ? { ...result, contentHash: createHash("sha256").update(text).digest("hex") } : result;
}

/**
 * Reads an estate file and returns the estate, or throws {@link OrcError} `estate-invalid` carrying
 * every diagnostic in its context. For callers that need an estate or nothing (the server at start
 * and on reload).
 */
export async function loadEstateFile(
  path: string,
  options: ReadEstateFileOptions = {},
): Promise<{ readonly estate: Estate; readonly warnings: readonly Diagnostic[] }> {
  const result = await readEstateFile(path, options);
  if (result.ok) return { estate: result.estate, warnings: result.warnings };
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  throw new OrcError(
    "estate-invalid",
    `the estate ${options.displayPath ?? path} is invalid: ${errors} ${errors === 1 ? "problem" : "problems"}`,
    { path, diagnostics: result.diagnostics },
  );
}
