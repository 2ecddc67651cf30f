import { detectJsonEvidenceType } from "../detect-evidence-type.js";
import { evidenceDiagnostic, type EvidenceDiagnostic } from "../evidence-diagnostic.js";
import { refuse, wrongFormatDiagnostic, type EvidenceParseResult } from "../evidence-parser.js";
import {
  admitText,
  capDiagnostics,
  resolveParseOptions,
  type EvidenceParseOptions,
} from "../input-limits.js";
import { parseXmlDocument, type XmlDocument, type XmlElement } from "../xml-document.js";
import {
  MAX_FAILING_TESTS,
  MAX_TRACE_LINES,
  type JunitFailingTest,
  type JunitReport,
  type JunitSuite,
  type JunitTotals,
} from "./report.js";

const EXPECTED =
  "a JUnit XML document whose root is <testsuites> or <testsuite> (pytest --junitxml, unittest-xml-reporting)";
const MAX_LINE = 500;
const MAX_MESSAGE = 2000;

type Outcome = "passed" | "failure" | "error" | "skipped";

interface Walk {
  readonly file: string;
  readonly document: XmlDocument;
  readonly diagnostics: EvidenceDiagnostic[];
  readonly warnings: EvidenceDiagnostic[];
  readonly suites: JunitSuite[];
  readonly failing: JunitFailingTest[];
  failingOmitted: number;
}

/** A `time` attribute in seconds: `0.051`, also `1,234.5` as some writers emit; invalid or absent → undefined. */
function seconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(/,/g, "").trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function roundMs(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function outcomeOf(testcase: XmlElement): { outcome: Outcome; detail?: XmlElement } {
  let failure: XmlElement | undefined;
  let skipped: XmlElement | undefined;
  for (const child of testcase.children) {
    if (child.name === "error") return { outcome: "error", detail: child };
    if (child.name === "failure") failure ??= child;
    else if (child.name === "skipped") skipped ??= child;
  }
  if (failure) return { outcome: "failure", detail: failure };
  if (skipped) return { outcome: "skipped", detail: skipped };
  return { outcome: "passed" };
}

function failingTest(
  suite: string,
  testcase: XmlElement,
  name: string,
  kind: "failure" | "error",
  detail: XmlElement,
): JunitFailingTest {
  const text = detail.text.replace(/\r\n?/g, "\n").replace(/^\n+|\s+$/g, "");
  const lines = text === "" ? [] : text.split("\n");
  const message = (detail.attributes["message"] ?? lines.find((l) => l.trim() !== "") ?? "").trim();
  const type = detail.attributes["type"];
  const file = testcase.attributes["file"];
  const line = Number(testcase.attributes["line"]);
  return {
    suite,
    className: testcase.attributes["classname"] ?? suite,
    name,
    kind,
    ...(type ? { type } : {}),
    message: clip(message, MAX_MESSAGE),
    trace: lines.slice(0, MAX_TRACE_LINES).map((l) => clip(l, MAX_LINE)),
    ...(file ? { file } : {}),
    ...(Number.isInteger(line) && line >= 1 ? { line } : {}),
  };
}

const DECLARED = ["tests", "failures", "errors", "skipped"] as const;

/** Reads one `<testsuite>` (and suites nested in it) into `walk`; returns its totals. */
function readSuite(suite: XmlElement, walk: Walk): JunitTotals {
  const name = suite.attributes["name"] ?? "";
  // Keep suites in document order: reserve this suite's place before reading nested ones.
  const place = walk.suites.length;
  walk.suites.push({ name, tests: 0, passed: 0, failures: 0, errors: 0, skipped: 0, durationSeconds: 0 });
  const totals = { tests: 0, passed: 0, failures: 0, errors: 0, skipped: 0, durationSeconds: 0 };
  let caseSeconds = 0;
  for (const child of suite.children) {
    if (child.name === "testsuite") {
      const nested = readSuite(child, walk);
      for (const k of ["tests", "passed", "failures", "errors", "skipped"] as const) totals[k] += nested[k];
      caseSeconds += nested.durationSeconds;
      continue;
    }
    if (child.name !== "testcase") continue;
    const testName = child.attributes["name"];
    if (testName === undefined || testName.trim() === "") {
      walk.diagnostics.push(
        evidenceDiagnostic(walk.file, "missing-field", "a <testcase> has no `name` attribute", {
          position: walk.document.position(child.offset),
          hint: "every test case needs a name to be reported",
        }),
      );
      continue;
    }
    const { outcome, detail } = outcomeOf(child);
    totals.tests++;
    caseSeconds += seconds(child.attributes["time"]) ?? 0;
    if (outcome === "passed") totals.passed++;
    else if (outcome === "skipped") totals.skipped++;
    else {
      if (outcome === "failure") totals.failures++;
      else totals.errors++;
      if (walk.failing.length < MAX_FAILING_TESTS && detail) {
        walk.failing.push(failingTest(name, child, testName, outcome, detail));
      } else walk.failingOmitted++;
    }
  }
  totals.durationSeconds = roundMs(seconds(suite.attributes["time"]) ?? caseSeconds);
  const mismatched = DECLARED.filter((k) => {
    const declared = suite.attributes[k];
    return declared !== undefined && Number(declared) !== totals[k];
  });
  if (mismatched.length > 0) {
    const said = mismatched.map((k) => `${k}="${suite.attributes[k]}"`).join(", ");
    const listed = mismatched.map((k) => `${totals[k]} ${k}`).join(", ");
    walk.warnings.push(
      evidenceDiagnostic(
        walk.file,
        "count-mismatch",
        `suite \`${name}\` declares ${said} but lists ${listed}`,
        {
          position: walk.document.position(suite.offset),
          severity: "warning",
          hint: "orc counts the listed test cases",
        },
      ),
    );
  }
  const timestamp = suite.attributes["timestamp"];
  walk.suites[place] = { name, ...totals, ...(timestamp ? { timestamp } : {}) };
  return totals;
}

/**
 * Parses a JUnit XML report as test runners write it (pytest `--junitxml`, unittest-xml-reporting,
 * Odoo CI): `<testsuites>` or a single `<testsuite>`, nested suites allowed. Counts come from the
 * listed test cases (declared counts that disagree give a warning); a test case with `<error>` is an
 * error, with `<failure>` a failure, with `<skipped>` skipped, otherwise passed.
 */
export function parseJunit(
  text: string,
  file: string,
  options?: EvidenceParseOptions,
): EvidenceParseResult<JunitReport> {
  const limits = resolveParseOptions(options);
  const admitted = admitText(text, file, limits);
  if (!admitted.ok) return refuse(admitted.diagnostic);
  if (!admitted.text.trimStart().startsWith("<")) {
    let detected;
    try {
      detected = detectJsonEvidenceType(JSON.parse(admitted.text));
    } catch {
      detected = undefined;
    }
    return refuse(wrongFormatDiagnostic(file, "junit", detected ? { type: detected } : {}, EXPECTED));
  }
  const parsed = parseXmlDocument(admitted.text, file, limits.maxDepth);
  if (!parsed.ok) return refuse(parsed.diagnostic);
  const { document } = parsed;
  const root = document.root;
  if (root.name !== "testsuites" && root.name !== "testsuite") {
    const description =
      root.name === "bom"
        ? "a CycloneDX XML SBOM (orc reads CycloneDX JSON)"
        : `an XML document with root <${root.name}>`;
    return refuse(
      wrongFormatDiagnostic(file, "junit", { description }, EXPECTED, document.position(root.offset)),
    );
  }
  const walk: Walk = {
    file,
    document,
    diagnostics: [],
    warnings: [],
    suites: [],
    failing: [],
    failingOmitted: 0,
  };
  const totals = { tests: 0, passed: 0, failures: 0, errors: 0, skipped: 0, durationSeconds: 0 };
  const topSuites = root.name === "testsuite" ? [root] : root.children.filter((c) => c.name === "testsuite");
  // Test cases straight under <testsuites> (some writers) form a suite named after the root.
  if (root.name === "testsuites" && root.children.some((c) => c.name === "testcase")) {
    topSuites.push({
      ...root,
      name: "testsuite",
      attributes: { name: root.attributes["name"] ?? "" },
      children: root.children.filter((c) => c.name === "testcase"),
    });
  }
  for (const suite of topSuites) {
    const t = readSuite(suite, walk);
    for (const k of ["tests", "passed", "failures", "errors", "skipped"] as const) totals[k] += t[k];
    totals.durationSeconds += t.durationSeconds;
  }
  if (walk.diagnostics.length > 0) {
    return { ok: false, diagnostics: capDiagnostics(walk.diagnostics, limits.maxDiagnostics, file) };
  }
  totals.durationSeconds = roundMs(totals.durationSeconds);
  const name = root.name === "testsuites" ? root.attributes["name"] : undefined;
  return {
    ok: true,
    report: {
      type: "junit",
      ...(name ? { name } : {}),
      totals,
      suites: walk.suites,
      failing: walk.failing,
      failingOmitted: walk.failingOmitted,
    },
    warnings: capDiagnostics(walk.warnings, limits.maxDiagnostics, file),
  };
}
