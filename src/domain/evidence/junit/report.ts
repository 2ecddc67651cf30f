import { z } from "zod";

const count = z.int().min(0);
const seconds = z.number().min(0);

/** Test counts: `tests` = `passed` + `failures` + `errors` + `skipped`. */
export const JunitTotals = z.object({
  tests: count,
  passed: count,
  failures: count,
  errors: count,
  /** Skipped tests, including expected failures (pytest's xfail). */
  skipped: count,
  durationSeconds: seconds,
});
export type JunitTotals = z.infer<typeof JunitTotals>;

/** One `<testsuite>`, its counts computed from its test cases. */
export const JunitSuite = JunitTotals.extend({
  name: z.string(),
  timestamp: z.string().optional(),
});
export type JunitSuite = z.infer<typeof JunitSuite>;

/** A test that failed (an assertion) or errored (an unexpected exception, or a broken fixture). */
export const JunitFailingTest = z.object({
  suite: z.string(),
  className: z.string(),
  name: z.string(),
  kind: z.enum(["failure", "error"]),
  /** The exception type when the reporter names it (`AssertionError`, `KeyError`). */
  type: z.string().optional(),
  message: z.string(),
  /** The first lines of the traceback. */
  trace: z.array(z.string()),
  file: z.string().optional(),
  line: z.int().min(1).optional(),
});
export type JunitFailingTest = z.infer<typeof JunitFailingTest>;

/** A JUnit XML test report, normalized: totals, suites and the failing tests. */
export const JunitReport = z.object({
  type: z.literal("junit"),
  /** The `<testsuites name>`, when there is one. */
  name: z.string().optional(),
  totals: JunitTotals,
  suites: z.array(JunitSuite),
  /** Failing and erroring tests in document order, at most {@link MAX_FAILING_TESTS}. */
  failing: z.array(JunitFailingTest),
  /** Failing tests not listed because of the cap. */
  failingOmitted: count,
});
export type JunitReport = z.infer<typeof JunitReport>;

/** Failing tests kept in a report; a broken build can fail thousands. */
export const MAX_FAILING_TESTS = 200;
/** Traceback lines kept per failing test. */
export const MAX_TRACE_LINES = 20;
