// Test support: reads the committed samples beside the parsers and builds stored evidence from them.
import { readFileSync, readdirSync } from "node:fs";
import type { Evidence } from "../evidence.js";
import type { EvidenceType } from "../evidence-type.js";
import { parseEvidence } from "../parsers.js";

const root = new URL("../samples/", import.meta.url);

/** The text of `samples/<path>`. */
export function sample(path: string): string {
  return readFileSync(new URL(path, root), "utf8");
}

/** Sample paths (relative to samples/) under `dir`, malformed ones included, sorted. */
export function samplePaths(dir: string): string[] {
  const list = (sub: string) =>
    readdirSync(new URL(sub, root), { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => `${sub}${e.name}`);
  return [...list(`${dir}/`), ...list(`${dir}/malformed/`)].sort();
}

let counter = 0;

/** Parses a sample as `type` and wraps it as stored evidence; throws when the sample is invalid. */
export function sampleEvidence(
  type: EvidenceType,
  path: string,
  overrides: Partial<Pick<Evidence, "id" | "uploadedAt" | "gate">> = {},
): Evidence {
  const parsed = parseEvidence(type, sample(path), path);
  if (!parsed.ok) throw new Error(`sample ${path} is invalid: ${JSON.stringify(parsed.diagnostics)}`);
  counter++;
  return {
    id: overrides.id ?? `ev-${type}-${counter}`,
    type,
    sha256: "a".repeat(64),
    uploadedBy: "ci-bot",
    uploadedAt: overrides.uploadedAt ?? "2025-11-20T10:00:00Z",
    fileName: path.split("/").pop() ?? path,
    ...(overrides.gate ? { gate: overrides.gate } : {}),
    report: parsed.report,
  } as Evidence;
}
