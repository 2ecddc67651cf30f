import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sample } from "../test-support/samples.js";
import { parseJunit } from "./parse.js";
import { JunitReport } from "./report.js";

function ok(text: string, file = "junit.xml") {
  const result = parseJunit(text, file);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  expect(JunitReport.safeParse(result.report).success).toBe(true);
  return result;
}

function problems(text: string, file = "junit.xml") {
  const result = parseJunit(text, file);
  if (result.ok) throw new Error("expected the report to be refused");
  return result.diagnostics;
}

describe("parseJunit: pytest samples", () => {
  it("reads the mixed pytest run: totals, failures, the fixture error, skips and xfail", () => {
    const { report, warnings } = ok(sample("junit/pytest-mixed.xml"));
    expect(warnings).toEqual([]);
    expect(report.name).toBe("pytest tests");
    expect(report.totals).toEqual({
      tests: 10,
      passed: 4,
      failures: 2,
      errors: 1,
      skipped: 3,
      durationSeconds: 0.102,
    });
    expect(report.suites.map((s) => s.name)).toEqual(["pos_sync"]);
    expect(report.failing.map((t) => [t.className, t.name, t.kind])).toEqual([
      ["test_pos_sync.TestPosOrderSync", "test_sync_refund_keeps_fiscal_position", "failure"],
      ["test_pos_sync.TestStockReservation", "test_reserve_on_archived_location", "failure"],
      ["test_pos_session", "test_close_session_with_cash_difference", "error"],
    ]);
    const refund = report.failing[0];
    // Entities decoded: &lt;reduced rate&gt; &amp; and &#10; line breaks.
    expect(refund?.message).toContain("refund lost the 7% tax <reduced rate> & the fiscal position");
    expect(refund?.message.split("\n")[0]).toBe("AssertionError: Lists differ: [21] != [21, 7]");
    expect(refund?.trace[0]).toBe(
      "self = <test_pos_sync.TestPosOrderSync testMethod=test_sync_refund_keeps_fiscal_position>",
    );
    expect(report.failing[2]?.message).toBe(
      "failed on setup with \"ConnectionError: could not open a POS session: cashbox 'Berlin-Mitte #3' is locked\"",
    );
  });

  it("reads the passing pytest run", () => {
    const { report } = ok(sample("junit/pytest-passing.xml"));
    expect(report.totals).toMatchObject({ tests: 7, passed: 4, failures: 0, errors: 0, skipped: 3 });
    expect(report.failing).toEqual([]);
  });
});

describe("parseJunit: unittest-xml-reporting samples", () => {
  it("reads <testsuites> with one suite per class, CDATA traces and file/line", () => {
    const { report } = ok(sample("junit/xmlrunner-testsuites.xml"));
    expect(report.totals).toEqual({
      tests: 6,
      passed: 3,
      failures: 1,
      errors: 1,
      skipped: 1,
      durationSeconds: 0.056,
    });
    expect(report.suites.map((s) => [s.name, s.tests])).toEqual([
      ["test_pos_sync.TestPosOrderSync", 4],
      ["test_pos_sync.TestStockReservation", 2],
    ]);
    const error = report.failing.find((t) => t.kind === "error");
    expect(error).toMatchObject({
      type: "KeyError",
      message: "'WH/Archived'",
      file: "test_pos_sync.py",
      line: 35,
    });
    expect(error?.trace).toEqual([
      "Traceback (most recent call last):",
      '  File "test_pos_sync.py", line 38, in test_reserve_on_archived_location',
      '    self.assertEqual(locations["WH/Archived"], 0)',
      "                     ~~~~~~~~~^^^^^^^^^^^^^^^",
      "KeyError: 'WH/Archived'",
    ]);
  });

  it("reads a lone <testsuite> root", () => {
    const { report } = ok(sample("junit/xmlrunner-single-suite.xml"));
    expect(report.totals).toMatchObject({ tests: 2, passed: 1, errors: 1 });
    expect(report.name).toBeUndefined();
  });
});

describe("parseJunit: malformed and hostile input", () => {
  it("places a truncated report at the broken tag", () => {
    expect(problems(sample("junit/malformed/truncated.xml"), "t.xml")).toEqual([
      expect.objectContaining({ code: "xml-syntax", file: "t.xml", line: 27, column: 12 }),
    ]);
  });

  it("names the unclosed tag with its line", () => {
    const [d] = problems(sample("junit/malformed/mismatched-tag.xml"));
    expect(d).toMatchObject({ code: "xml-syntax", line: 6, column: 2 });
    expect(d?.message).toContain("expected closing tag 'testcase' (opened in line 4");
  });

  it("refuses document type declarations (entity expansion, external entities)", () => {
    expect(problems(sample("junit/malformed/entity-expansion.xml"))).toEqual([
      expect.objectContaining({ code: "xml-doctype-refused", line: 2, column: 1 }),
    ]);
  });

  it("never expands entities it does not know", () => {
    const { report } = ok(
      '<testsuite name="s"><testcase name="&custom; &#65;&#x42;"><failure message="&foo;"/></testcase></testsuite>',
    );
    expect(report.failing[0]).toMatchObject({ name: "&custom; AB", message: "&foo;" });
  });

  it("says what a foreign document is", () => {
    expect(problems(sample("junit/malformed/not-junit.xml"))[0]).toMatchObject({
      code: "wrong-format",
      line: 2,
      message: "this is a CycloneDX XML SBOM (orc reads CycloneDX JSON), not a JUnit XML test report",
    });
    expect(problems(sample("sarif/eslint.sarif"))[0]).toMatchObject({
      code: "wrong-format",
      message: "this is a SARIF report, not a JUnit XML test report",
      hint: "upload it as evidence type `sarif`",
    });
  });

  it("reports a test case without a name at its position", () => {
    expect(problems(sample("junit/malformed/missing-testcase-name.xml"))).toEqual([
      expect.objectContaining({ code: "missing-field", line: 4, column: 3 }),
    ]);
  });

  it("warns when declared counts disagree with the listed test cases", () => {
    const result = ok('<testsuite name="s" tests="3" failures="1">\n<testcase name="a"/>\n</testsuite>');
    expect(result.report.totals.tests).toBe(1);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        code: "count-mismatch",
        severity: "warning",
        line: 1,
        message: 'suite `s` declares tests="3", failures="1" but lists 1 tests, 0 failures',
      }),
    ]);
  });

  it("refuses reports above the size limit, empty ones and deep nesting", () => {
    expect(parseJunit("<testsuite/>", "x", { maxBytes: 5 })).toMatchObject({
      ok: false,
      diagnostics: [{ code: "file-too-large" }],
    });
    expect(problems("  \n")).toEqual([expect.objectContaining({ code: "empty-file" })]);
    const deep = `<testsuites>${"<testsuite>".repeat(200)}${"</testsuite>".repeat(200)}</testsuites>`;
    expect(problems(deep)[0]).toMatchObject({ code: "too-deep", line: 1 });
  });

  it("refuses names the XML parser treats as prototype pollution, without throwing", () => {
    expect(problems("<__proto__><testcase name='a'/></__proto__>")[0]?.code).toBe("xml-syntax");
  });
});

describe("parseJunit: properties", () => {
  const outcome = fc.constantFrom("passed", "failure", "error", "skipped");
  const suites = fc.array(fc.array(outcome, { maxLength: 30 }), { minLength: 1, maxLength: 6 });

  it("totals always equal the sum of the listed test cases, whatever the declared counts", () => {
    fc.assert(
      fc.property(suites, fc.boolean(), (list, wrapped) => {
        const body = list
          .map((cases, s) => {
            const items = cases
              .map((o, c) => {
                const inner =
                  o === "passed" ? "" : o === "skipped" ? "<skipped/>" : `<${o} message="m${c}">trace</${o}>`;
                return `<testcase classname="c${s}" name="t${c}" time="0.5">${inner}</testcase>`;
              })
              .join("");
            return `<testsuite name="s${s}" tests="999">${items}</testsuite>`;
          })
          .join("");
        const text = wrapped || list.length > 1 ? `<testsuites>${body}</testsuites>` : body;
        const { report } = ok(text);
        const all = list.flat();
        const count = (o: string) => all.filter((x) => x === o).length;
        expect(report.totals).toEqual({
          tests: all.length,
          passed: count("passed"),
          failures: count("failure"),
          errors: count("error"),
          skipped: count("skipped"),
          durationSeconds: all.length * 0.5,
        });
        expect(report.totals.tests).toBe(report.suites.reduce((n, s) => n + s.tests, 0));
        expect(report.failing.length + report.failingOmitted).toBe(count("failure") + count("error"));
      }),
    );
  });

  it("never throws on truncated or corrupted reports", () => {
    const text = sample("junit/xmlrunner-testsuites.xml");
    fc.assert(
      fc.property(fc.nat(text.length), fc.string({ maxLength: 5 }), (cut, junk) => {
        const result = parseJunit(text.slice(0, cut) + junk + text.slice(cut + junk.length), "x.xml");
        if (!result.ok) expect(result.diagnostics.length).toBeGreaterThan(0);
      }),
    );
  });
});
