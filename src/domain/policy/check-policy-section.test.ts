import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { formatDiagnostic } from "../diagnostic.js";
import { sampleEstateInput } from "../estate/sample-estate.js";
import { validateEstateText } from "../estate/validate-estate.js";

/** The sample estate (valid) followed by a `policies:` section written by hand. */
function estateWith(policies: string): string {
  return `${stringify(sampleEstateInput())}policies:\n${policies}`;
}

function diagnostics(text: string): string[] {
  const result = validateEstateText(text, "estate.yaml");
  if (result.ok) throw new Error("expected the estate to be invalid");
  return result.diagnostics.map(formatDiagnostic);
}

// The line `policies:` is on (the YAML ends with a line break).
const base = stringify(sampleEstateInput()).split("\n").length;

describe("estate validation of policies", () => {
  it("accepts valid policies and fills in the severity", () => {
    const result = validateEstateText(
      estateWith(`  - name: no-friday-prod
    scope: { kinds: [prod] }
    rule: calendar.localWeekday != "friday"
    message: no releases to {{ env.id }} on Fridays
`),
      "estate.yaml",
    );
    expect(result.ok).toBe(true);
    expect(result.ok && result.estate.policies).toEqual([
      {
        name: "no-friday-prod",
        scope: { kinds: ["prod"] },
        rule: 'calendar.localWeekday != "friday"',
        message: "no releases to {{ env.id }} on Fridays",
        severity: "block",
      },
    ]);
  });

  it("places CEL errors at their line and column in plain, quoted and block scalars", () => {
    const text = estateWith(`  - name: plain
    rule: release.tier == "standard" && relase.impact == "code"
    message: m
  - name: quoted
    rule: "env.kind == \\"prod\\" && calendar.localHuor < 6"
    message: m
  - name: block
    when: env.kind == "prod"
    rule: |
      release.tier != "standard" ||
        !(release.impact in ["schema", "migration"]) &&
        release.id >
    message: "standard {{ release.tierr }}"
`);
    expect(diagnostics(text)).toEqual([
      `estate.yaml:${base + 2}:41: error policy-unknown-name: unknown variable \`relase\` in the policy input at policies[0].rule — did you mean \`release\`?`,
      `estate.yaml:${base + 5}:45: error policy-unknown-name: unknown field \`localHuor\` in the policy input at policies[1].rule — did you mean \`localHour\`?`,
      `estate.yaml:${base + 12}:21: error policy-syntax: CEL syntax error: Unexpected token: EOF at policies[2].rule`,
      `estate.yaml:${base + 13}:35: error policy-unknown-name: unknown field \`tierr\` in the policy input at policies[2].message — did you mean \`tier\`?`,
    ]);
  });

  it("reports non-boolean rules, duplicate names and scopes naming nothing, with the schema's problems", () => {
    const text = estateWith(`  - name: twice
    rule: release.tier
    message: m
  - name: twice
    rule: "true"
    message: m
    scope: { tenants: [acmee], tiers: [standard, majr], environments: [acme/prod] }
  - name: shape
    rule: "true"
    severity: fatal
`);
    expect(diagnostics(text)).toEqual([
      `estate.yaml:${base + 2}:11: error policy-type: a rule must be a boolean expression; this one is of type string at policies[0].rule — compare it with something, e.g. release.tier == "standard"`,
      `estate.yaml:${base + 4}:11: error duplicate-name: duplicate policy name \`twice\` (first declared at policies[0]) at policies[1].name — each policy name must be unique; rename or remove one`,
      `estate.yaml:${base + 7}:24: error dangling-reference: policy scope names unknown tenant \`acmee\` at policies[1].scope.tenants[0] — did you mean \`acme\`?`,
      `estate.yaml:${base + 7}:50: error dangling-reference: policy scope names unknown tier \`majr\` at policies[1].scope.tiers[1] — did you mean \`major\`?`,
      expect.stringMatching(new RegExp(`^estate.yaml:${base + 8}:5: error missing-key: .*message`)),
      expect.stringMatching(new RegExp(`^estate.yaml:${base + 10}:15: error invalid-value: .*severity`)),
    ]);
  });
});
