// Regenerates the evidence samples that real tools can produce on this machine, into
// src/domain/evidence/samples/ (commit the result):
//   junit/      pytest 9 (`python3 -m pytest --junitxml`) and unittest-xml-reporting (Debian package
//               python3-xmlrunner, the unittest runner Odoo-style test classes use) on the small test
//               modules beside this script;
//   sarif/      ESLint with @microsoft/eslint-formatter-sarif on receipt-printer.js.txt;
//   cyclonedx/  @cyclonedx/cyclonedx-npm on orc itself (production dependencies).
// Trivy does not run here: its samples are written by hand after Trivy's documented JSON output, as are
// the CodeQL-style SARIF, the Odoo addons SBOM and orc's own rehearsal reports (see docs/evidence.md).
// Paths of the temporary directory are removed from the output so the samples do not name this machine.
//
// Usage: node scripts/evidence-samples.js   (XMLRUNNER_PYTHON=/usr/bin/python3 by default)
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const here = join(root, "scripts", "evidence-samples");
const samples = join(root, "src", "domain", "evidence", "samples");
const work = mkdtempSync(join(tmpdir(), "orc-evidence-"));

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: "utf8", ...options });
  if (r.error) throw r.error;
  return r;
}

function write(path, text) {
  mkdirSync(dirname(join(samples, path)), { recursive: true });
  writeFileSync(join(samples, path), text.replaceAll(`${work}/`, "").replaceAll(work, "."));
  console.log(`wrote ${path}`);
}

try {
  for (const f of ["test_pos_sync.py", "test_pos_session.py"]) copyFileSync(join(here, f), join(work, f));

  // pytest: one mixed run (failures, an error in a fixture, skips, an xfail) and one passing run.
  const pytest = (out, extra) =>
    run(
      "python3",
      [
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-q",
        `--junitxml=${out}`,
        "-o",
        "junit_suite_name=pos_sync",
        ...extra,
      ],
      { cwd: work },
    );
  pytest("mixed.xml", ["test_pos_sync.py", "test_pos_session.py"]);
  write("junit/pytest-mixed.xml", readFileSync(join(work, "mixed.xml"), "utf8"));
  pytest("passing.xml", [
    "test_pos_sync.py",
    "test_pos_session.py",
    "-k",
    "not refund and not archived and not close_session",
  ]);
  write("junit/pytest-passing.xml", readFileSync(join(work, "passing.xml"), "utf8"));

  // unittest-xml-reporting: all classes in one <testsuites> document, and one class as a lone <testsuite>.
  const python = process.env.XMLRUNNER_PYTHON ?? "/usr/bin/python3";
  const xmlrunner = (names, output) =>
    run(
      python,
      [
        "-c",
        "import sys, unittest, xmlrunner\n" +
          "suite = unittest.defaultTestLoader.loadTestsFromNames(sys.argv[2:])\n" +
          "xmlrunner.XMLTestRunner(output=sys.argv[1], outsuffix='').run(suite)",
        output,
        ...names,
      ],
      { cwd: work },
    );
  const streamed = run(
    python,
    [
      "-c",
      "import io, unittest, xmlrunner\n" +
        "out = io.BytesIO()\n" +
        "xmlrunner.XMLTestRunner(output=out, outsuffix='').run(unittest.defaultTestLoader.loadTestsFromNames(['test_pos_sync']))\n" +
        "open('xmlrunner.xml', 'wb').write(out.getvalue())",
    ],
    { cwd: work },
  );
  if (streamed.status !== 0 && !/FAILED/.test(streamed.stderr)) throw new Error(streamed.stderr);
  write("junit/xmlrunner-testsuites.xml", readFileSync(join(work, "xmlrunner.xml"), "utf8"));
  xmlrunner(["test_pos_sync.TestStockReservation"], "xr");
  write(
    "junit/xmlrunner-single-suite.xml",
    readFileSync(join(work, "xr", "TEST-test_pos_sync.TestStockReservation.xml"), "utf8"),
  );

  // ESLint → SARIF 2.1.0.
  copyFileSync(join(here, "receipt-printer.js.txt"), join(work, "receipt-printer.js"));
  const eslint = run(
    join(root, "node_modules", ".bin", "eslint"),
    [
      "--no-config-lookup",
      "--global",
      "setTimeout,console",
      "--rule",
      JSON.stringify({
        "no-eval": "error",
        "no-new-func": "error",
        "no-implied-eval": "error",
        "no-unused-vars": "warn",
        "prefer-const": "warn",
      }),
      "-f",
      join(root, "node_modules", "@microsoft", "eslint-formatter-sarif", "sarif.js"),
      "receipt-printer.js",
    ],
    { cwd: work },
  );
  if (!eslint.stdout.startsWith("{")) throw new Error(eslint.stderr);
  write("sarif/eslint.sarif", eslint.stdout.replaceAll(`file://${work}/`, ""));

  // CycloneDX SBOM of orc's production dependencies.
  const sbom = run(
    join(root, "node_modules", ".bin", "cyclonedx-npm"),
    ["--omit", "dev", "--spec-version", "1.6", "--output-reproducible", "--output-file", "-"],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
  );
  if (sbom.status !== 0) throw new Error(sbom.stderr);
  write("cyclonedx/orc-npm.cdx.json", sbom.stdout);
} finally {
  rmSync(work, { recursive: true, force: true });
}
