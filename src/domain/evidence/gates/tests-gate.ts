import type { JunitReport } from "../junit/report.js";
import { capReasons, listNames, plural, type GateEvaluation, type GateReason } from "./gate-evaluation.js";

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim() ?? ""
  );
}

/**
 * `tests`: the latest JUnit report must list tests and have no failures and no errors. Failing tests
 * are named with their first message line. Not waivable: quarantine a flaky test in the suite itself.
 */
export function evaluateTestsGate(report: JunitReport, evidenceId: string): GateEvaluation {
  const { totals } = report;
  if (totals.tests === 0) {
    return {
      gate: "tests",
      status: "fail",
      summary: "the test report lists no tests",
      evidenceId,
      reasons: [{ code: "no-tests", message: "the JUnit report lists no test cases", blocking: true }],
      unblock: "upload the JUnit report of a run that executed the tests",
    };
  }
  const broken = totals.failures + totals.errors;
  const notes: GateReason[] =
    totals.skipped > 0
      ? [{ code: "tests-skipped", message: `${plural(totals.skipped, "test")} skipped`, blocking: false }]
      : [];
  if (broken === 0) {
    return {
      gate: "tests",
      status: "pass",
      summary: `${plural(totals.tests, "test")}: ${totals.passed} passed, ${totals.skipped} skipped, none failed`,
      evidenceId,
      reasons: notes,
    };
  }
  const failing = report.failing.map((t): GateReason => {
    const subject = `${t.className}.${t.name}`;
    const verb = t.kind === "error" ? "errored" : "failed";
    const message = firstLine(t.message);
    return {
      code: t.kind === "error" ? "test-errored" : "test-failed",
      message: `${subject} ${verb}${message ? `: ${message}` : ""}`,
      subject,
      blocking: true,
    };
  });
  if (report.failingOmitted > 0) {
    failing.push({
      code: "more",
      message: `${plural(report.failingOmitted, "more failing test")} not listed in the report`,
      blocking: true,
    });
  }
  const parts = [
    totals.failures > 0 ? `${totals.failures} failed` : "",
    totals.errors > 0 ? `${totals.errors} errored` : "",
  ].filter(Boolean);
  return {
    gate: "tests",
    status: "fail",
    summary: `${parts.join(" and ")} of ${plural(totals.tests, "test")}`,
    evidenceId,
    reasons: [...capReasons(failing, "failing tests"), ...notes],
    unblock: `fix ${listNames(report.failing.map((t) => t.name)) || "the failing tests"} and upload a new JUnit report`,
  };
}
