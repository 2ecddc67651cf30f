import type { EvidenceType } from "./evidence-type.js";

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Which evidence type a parsed JSON value looks like, from the fields each format always has; used to
 * tell the uploader "this is a SARIF report, not a Trivy one". `undefined` when none fits.
 */
export function detectJsonEvidenceType(value: unknown): EvidenceType | undefined {
  if (Array.isArray(value)) {
    // Trivy before schema version 2 wrote a bare list of results.
    const first: unknown = value[0];
    return isObject(first) && "Target" in first ? "trivy" : undefined;
  }
  if (!isObject(value)) return undefined;
  if (value["bomFormat"] === "CycloneDX") return "cyclonedx";
  if (
    Array.isArray(value["runs"]) ||
    (typeof value["$schema"] === "string" && /sarif/i.test(value["$schema"]))
  ) {
    return "sarif";
  }
  if ("SchemaVersion" in value && ("Results" in value || "ArtifactName" in value)) return "trivy";
  if (typeof value["format"] === "string" && value["format"].startsWith("orc-rehearsal/")) return "rehearsal";
  return undefined;
}

/** Other well-known formats people upload by mistake, named in the wrong-format message. */
export function describeForeignJson(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value["spdxVersion"] === "string") return "an SPDX document";
  return undefined;
}

/** Which evidence type an XML root element looks like. */
export function detectXmlEvidenceType(rootName: string): EvidenceType | undefined {
  return rootName === "testsuites" || rootName === "testsuite" ? "junit" : undefined;
}

/**
 * Guesses the type of a report from its text: JSON formats by their marker fields, JUnit by its root
 * element. Cheap (reads the start of XML, parses JSON once); `undefined` when unsure.
 */
export function detectEvidenceType(text: string): EvidenceType | undefined {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (start.startsWith("<")) {
    const root = /<(?!\?|!)([A-Za-z_][\w.-]*)/.exec(start.slice(0, 4096));
    return root?.[1] ? detectXmlEvidenceType(root[1]) : undefined;
  }
  try {
    return detectJsonEvidenceType(JSON.parse(start));
  } catch {
    return undefined;
  }
}
