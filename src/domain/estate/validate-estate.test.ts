import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { formatDiagnostic, type Diagnostic } from "../diagnostic.js";
import { sampleEstateInput } from "./sample-estate.js";
import { DEFAULT_TIERS } from "./tier.js";
import { validateEstateText, type EstateValidationOptions } from "./validate-estate.js";

function problems(text: string, options?: EstateValidationOptions): Diagnostic[] {
  const result = validateEstateText(text, "estate.yaml", options);
  if (result.ok) throw new Error("expected the estate to be invalid");
  return [...result.diagnostics];
}

function lines(text: string, options?: EstateValidationOptions): string[] {
  return problems(text, options).map(formatDiagnostic);
}

/** The sample estate, changed by `edit`, as YAML. */

function sample(edit: (e: any) => void = () => {}): string {
  const estate = sampleEstateInput();
  edit(estate);
  return stringify(estate);
}

describe("validateEstateText: valid input", () => {
  it("accepts the sample and fills in defaults", () => {
    const result = validateEstateText(sample(), "estate.yaml");
    expect(result).toMatchObject({ ok: true, warnings: [] });
    if (!result.ok) return;
    expect(result.estate.tiers).toEqual(DEFAULT_TIERS);
    expect(result.estate.tenants[0]?.environments[0]?.addons).toEqual([]);
  });

  it("accepts JSON, a byte order mark, anchors and aliases", () => {
    expect(validateEstateText(JSON.stringify(sampleEstateInput()), "estate.json").ok).toBe(true);
    expect(validateEstateText(`\uFEFF${sample()}`, "estate.yaml").ok).toBe(true);
    const odoo = /( {8}odoo:\n {10}series: "17.0"\n {10}image: \S+\n)/g;
    let n = 0;
    const text = sample().replace(odoo, () =>
      n++ === 0
        ? `        odoo: &odoo\n          series: "17.0"\n          image: odoo:17.0@sha256:${"1".repeat(64)}\n`
        : "        odoo: *odoo\n",
    );
    expect(n).toBe(2);
    const result = validateEstateText(text, "estate.yaml");
    expect(result.ok && result.estate.tenants[0]?.environments[1]?.odoo.image).toBe(
      `odoo:17.0@sha256:${"1".repeat(64)}`,
    );
  });

  it("reports an unknown top-level key at its line, listing the allowed keys", () => {
    const text = sample().replace("tenants:", "x-defaults: &defaults { rpo: PT15M }\ntenants:");
    expect(lines(text)).toEqual([
      "estate.yaml:25:1: error unknown-key: unknown key `x-defaults` at x-defaults — allowed keys here: apiVersion, kind, organization, regions, calendars, icsImports, roles, tiers, tenants, policies, notifications",
    ]);
  });

  it("resolves merge keys and reports problems inside the merged mapping where they are written", () => {
    const text = `apiVersion: orc.dev/v1
kind: Estate
organization: { id: acme, name: Acme }
regions: [{ name: eu, timezone: Europe/Berlin }]
roles: { groups: [{ group: all, roles: [approver, release-manager, cab] }] }
tenants:
  - name: acme
    hosting: shared
    region: eu
    environments:
      - &base
        name: dev
        kind: dev
        odoo: { series: "17.0", image: "odoo:17.0" }
        database: { name: acme_dev }
        kubernetes: { cluster: k1, namespace: acme-dev }
        rpo: PT15M
        rto: 1h
      - <<: *base
        name: test
        kind: test
        database: { name: acme_test }
        kubernetes: { cluster: k1, namespace: acme-test }
`;
    expect(lines(text)).toEqual([
      'estate.yaml:18:14: error invalid-duration: "1h" is not an ISO 8601 duration at tenants[0].environments[0].rto — did you mean `PT1H`?',
      'estate.yaml:18:14: error invalid-duration: "1h" is not an ISO 8601 duration at tenants[0].environments[1].rto — did you mean `PT1H`?',
    ]);
  });

  it("accepts promotion from another tenant's environment", () => {
    const text = sample((e) => {
      e.tenants.push({
        ...structuredClone(e.tenants[0]),
        name: "acme-outlet",
        environments: [
          {
            ...structuredClone(e.tenants[0].environments[1]),
            database: { name: "outlet_prod" },
            kubernetes: { cluster: "k2", namespace: "outlet-prod" },
            promotesFrom: "acme/dev",
          },
        ],
      });
    });
    expect(validateEstateText(text, "estate.yaml").ok).toBe(true);
  });
});

describe("validateEstateText: YAML", () => {
  it("reports malformed YAML with its line and column, and stops there", () => {
    expect(lines("apiVersion: orc.dev/v1\nkind: 'Estate\norganization: {}\n")).toEqual([
      "estate.yaml:4:1: error yaml-syntax: Missing closing 'quote",
    ]);
    expect(lines("apiVersion: orc.dev/v1\nkind: Estate\norganization:\n\tid: x\n")).toEqual([
      "estate.yaml:4:1: error yaml-syntax: Tabs are not allowed as indentation — indent with spaces",
    ]);
  });

  it("refuses several documents in one file", () => {
    expect(problems("a: 1\n---\nb: 2\n").map((d) => [d.code, d.line])).toEqual([["yaml-syntax", 2]]);
  });

  it("reports an empty file and a file that is not a mapping", () => {
    expect(lines("")).toEqual([
      "estate.yaml:1:1: error empty-document: the estate file is empty — start with apiVersion: orc.dev/v1 and kind: Estate",
    ]);
    expect(lines("# nothing\n")[0]).toContain("empty-document");
    expect(lines("just text\n")).toEqual([
      'estate.yaml:1:1: error wrong-type: the estate must be a mapping, got the text "just text"',
    ]);
  });

  it("treats __proto__ as an unknown key, without touching prototypes", () => {
    const text = sample().replace("kind: Estate", "kind: Estate\n__proto__: { polluted: true }");
    expect(problems(text).map((d) => [d.code, d.path])).toEqual([["unknown-key", "__proto__"]]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses a billion-laughs alias bomb quickly", () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...["b", "c", "d", "e", "f", "g", "h", "i"].map(
        (n, i) =>
          `${n}: &${n} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(",")}]`,
      ),
    ].join("\n");
    const started = Date.now();
    const found = problems(bomb);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: "yaml-alias-limit", severity: "error" });
  });

  it("refuses an anchor expanded more often than maxAliasCount", () => {
    const text = `a: &x [1]\nb: [${Array(20).fill("*x").join(", ")}]\n`;
    expect(problems(text, { maxAliasCount: 10 })[0]?.code).toBe("yaml-alias-limit");
  });

  it("refuses aliases to unknown anchors and aliases that contain themselves", () => {
    expect(lines("a: *nowhere\n")).toEqual([
      "estate.yaml:1:4: error yaml-syntax: alias *nowhere refers to no anchor at a",
    ]);
    expect(lines("a: &x [1, *x]\n")).toEqual([
      "estate.yaml:1:11: error yaml-syntax: alias *x refers to a node that contains it at a[1]",
    ]);
  });
});

describe("validateEstateText: limits", () => {
  // Quadratic work here (yaml's own duplicate-key check, locating each problem by a linear search)
  // took minutes on such files; the test timeout is the assertion.
  it("stays linear on a mapping with 100,000 repeated keys", () => {
    const found = problems(Array.from({ length: 100_000 }, () => "apiVersion: orc.dev/v1").join("\n"));
    expect(found).toHaveLength(1001);
    expect(found.find((d) => d.code === "yaml-duplicate-key")).toMatchObject({ line: 2, path: "apiVersion" });
    expect(found[1000]?.message).toMatch(/^\d+ more problems not shown$/);
  });

  it("stays linear on a mapping with 100,000 unknown keys", () => {
    const found = problems(Array.from({ length: 100_000 }, (_, i) => `key${i}: 1`).join("\n"));
    expect(found.find((d) => d.code === "unknown-key")).toMatchObject({ line: 1, column: 1, path: "key0" });
    expect(found.at(-1)).toMatchObject({ code: "too-many-problems" });
  });

  it("refuses a 50 MB estate without parsing it", () => {
    const text = `# ${"x".repeat(50 * 1024 * 1024)}\n`;
    const started = Date.now();
    expect(lines(text)).toEqual([
      "estate.yaml:1:1: error file-too-large: the estate is larger than the limit of 10 MiB — split generated data out of the estate, or raise the limit",
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("counts bytes, not characters, against a configurable limit", () => {
    expect(validateEstateText("a: é\n", "x", { maxBytes: 6 }).ok).toBe(false);
    expect(problems("a: é\n", { maxBytes: 5 })[0]?.message).toBe(
      "the estate is larger than the limit of 5 bytes",
    );
    expect(problems("a: é\n", { maxBytes: 6 })[0]?.code).not.toBe("file-too-large");
  });

  it("reports at most maxDiagnostics problems and counts the rest", () => {
    const text = sample((e) => {
      for (let i = 0; i < 30; i++) e[`extra${i}`] = i;
    });
    const found = problems(text, { maxDiagnostics: 5 });
    expect(found).toHaveLength(6);
    expect(found[5]).toMatchObject({ code: "too-many-problems", message: "25 more problems not shown" });
  });
});

describe("validateEstateText: shape", () => {
  it("reports unknown keys at the key, with did-you-mean against the keys allowed there", () => {
    const text = sample((e) => {
      e.tenants[0].environments[1].rtp = e.tenants[0].environments[1].rto;
      delete e.tenants[0].environments[1].rto;
      e.organization.nmae = "x";
    });
    expect(problems(text).map((d) => [d.code, d.path, d.hint])).toEqual([
      ["unknown-key", "organization.nmae", "did you mean `name`?"],
      ["missing-key", "tenants[0].environments[1].rto", undefined],
      ["unknown-key", "tenants[0].environments[1].rtp", "did you mean `rto`?"],
    ]);
  });

  it("explains wrong types, and how to quote numbers meant as text", () => {
    const text = sample((e) => {
      e.tenants[0].stores = "many";
      e.tenants[0].environments[0].calendars = "retail";
      e.tenants[0].environments[0].odoo.series = 17;
      e.roles.users[1].roles = ["engineer", "approvr"];
    });
    expect(problems(text).map((d) => [d.code, d.path, d.message, d.hint])).toEqual([
      [
        "invalid-value",
        "roles.users[1].roles[1]",
        '"approvr" is not one of viewer, engineer, release-manager, approver, cab, auditor, admin',
        "did you mean `approver`?",
      ],
      ["wrong-type", "tenants[0].stores", 'expected a number, got the text "many"', undefined],
      [
        "wrong-type",
        "tenants[0].environments[0].odoo.series",
        "expected a string, got the number 17",
        'quote it: "17"',
      ],
      [
        "wrong-type",
        "tenants[0].environments[0].calendars",
        'expected a list, got the text "retail"',
        "write a list, one `- item` per line or [a, b]",
      ],
    ]);
  });

  it("reports malformed values with their own codes", () => {
    const text = sample((e) => {
      const env = e.tenants[0].environments[1];
      env.rpo = "15 minutes";
      env.odoo.image = "registry.example.com/Acme/odoo";
      env.odoo.series = "seventeen";
      env.name = "Prod EU";
      env.addons = [{ name: "pos", repo: "github.com/OCA/pos", ref: "17.0" }];
      e.regions[0].timezone = "Europe/Paris ";
      e.roles.users[0].email = "rita-at-acme";
    });
    expect(problems(text).map((d) => [d.code, d.path])).toEqual([
      ["invalid-timezone", "regions[0].timezone"],
      ["invalid-format", "roles.users[0].email"],
      ["invalid-name", "tenants[0].environments[1].name"],
      ["invalid-series", "tenants[0].environments[1].odoo.series"],
      ["invalid-image", "tenants[0].environments[1].odoo.image"],
      ["invalid-duration", "tenants[0].environments[1].rpo"],
      ["invalid-git-url", "tenants[0].environments[1].addons[0].repo"],
    ]);
  });
});

describe("validateEstateText: meaning", () => {
  it("reports duplicate names with where the first one is", () => {
    const text = sample((e) => {
      e.regions.push({ name: "eu", timezone: "Europe/Paris" });
      e.roles.users.push({ name: "rita", roles: ["viewer"] });
      e.tenants[0].environments[1].addons = [
        { name: "pos", repo: "https://github.com/OCA/pos.git", ref: "17.0" },
        { name: "pos", repo: "https://github.com/OCA/pos.git", ref: "16.0" },
      ];
      e.tenants[0].environments.push({
        ...structuredClone(e.tenants[0].environments[0]),
        database: { name: "x" },
        kubernetes: { cluster: "k9", namespace: "x" },
      });
    });
    expect(problems(text).map((d) => [d.code, d.path, d.message])).toEqual([
      ["duplicate-name", "regions[1].name", "duplicate region name `eu` (first declared at line 7)"],
      ["duplicate-name", "roles.users[2].name", "duplicate user name `rita` (first declared at line 16)"],
      [
        "duplicate-name",
        "tenants[0].environments[1].addons[1].name",
        "duplicate addon source `pos` in `acme/prod` (first declared at line 66)",
      ],
      [
        "duplicate-name",
        "tenants[0].environments[2].name",
        "duplicate environment name `dev` in tenant `acme` (first declared at line 36)",
      ],
    ]);
  });

  it("names a promotion cycle, once, in promotion order", () => {
    const text = sample((e) => {
      const [dev, prod] = e.tenants[0].environments;
      dev.promotesFrom = "staging";
      e.tenants[0].environments.push({
        ...structuredClone(prod),
        name: "staging",
        kind: "staging",
        promotesFrom: "prod",
        database: { name: "acme_staging" },
        kubernetes: { cluster: "k1", namespace: "acme-staging" },
      });
    });
    expect(problems(text).map((d) => [d.code, d.path, d.message])).toEqual([
      [
        "promotion-cycle",
        "tenants[0].environments[0].promotesFrom",
        "promotion cycle: acme/dev → acme/prod → acme/staging → acme/dev",
      ],
    ]);
  });

  it("reports an environment promoting from itself", () => {
    const text = sample((e) => (e.tenants[0].environments[0].promotesFrom = "dev"));
    expect(problems(text).map((d) => d.message)).toEqual(["environment `acme/dev` promotes from itself"]);
  });

  it("reports dangling references with suggestions", () => {
    const text = sample((e) => {
      e.tenants[0].region = "europe";
      e.tenants[0].environments[0].calendars = ["retial"];
      e.tenants[0].environments[1].promotesFrom = "other/dev";
    });
    expect(problems(text).map((d) => [d.path, d.message, d.hint])).toEqual([
      [
        "tenants[0].region",
        "tenant `acme` is in unknown region `europe`",
        "declare the region (with its time zone) under regions",
      ],
      [
        "tenants[0].environments[0].calendars[0]",
        "environment `acme/dev` uses unknown calendar `retial`",
        "did you mean `retail`?",
      ],
      [
        "tenants[0].environments[1].promotesFrom",
        "environment `acme/prod` promotes from `other/dev`, but there is no tenant `other`",
        "tenants: acme",
      ],
    ]);
  });

  it("checks that an ICS import fills a declared calendar, and that import names are unique", () => {
    const text = sample((e) => {
      const mapping = { calendar: "promotoins", rules: [{ match: { categories: "^promotion$" } }] };
      e.calendars.push({ name: "promotions", windows: [] });
      e.icsImports = [
        { name: "marketing", url: "https://marketing.example/p.ics", mapping },
        { name: "marketing", mapping: { ...mapping, calendar: "promotions" } },
      ];
    });
    expect(problems(text).map((d) => [d.code, d.path, d.message, d.hint])).toEqual([
      [
        "dangling-reference",
        "icsImports[0].mapping.calendar",
        "ICS import `marketing` fills unknown calendar `promotoins`",
        "did you mean `promotions`?",
      ],
      [
        "duplicate-name",
        "icsImports[1].name",
        expect.stringMatching(/^duplicate ICS import name `marketing` \(first declared at line \d+\)$/),
        "each ICS import name must be unique; rename or remove one",
      ],
    ]);
  });

  it("checks that someone can approve each tier", () => {
    const text = sample((e) => {
      e.roles.groups = [];
      e.tiers = [
        {
          name: "major",
          approvals: [
            { role: "cab", count: 2 },
            { role: "approver", count: 2 },
          ],
        },
      ];
    });
    expect(problems(text).map((d) => [d.code, d.path])).toEqual([
      ["role-unassigned", "tiers[0].approvals[0].role"],
      ["quorum-unreachable", "tiers[0].approvals[1].count"],
    ]);
  });

  it("checks the default tiers too, in one sentence, when the estate declares none", () => {
    const text = sample((e) => (e.roles = { users: [{ name: "rita", roles: ["cab"] }] }));
    expect(problems(text).map((d) => [d.code, d.path, d.line, d.message])).toEqual([
      [
        "role-unassigned",
        "roles",
        13,
        "the default tiers need approvals from `approver`, `release-manager`, `cab` (3 people), but not enough users or groups hold these roles",
      ],
    ]);
  });

  it("reports two environments in one namespace or database, and warns about unpinned production images", () => {
    const text = sample((e) => {
      const [dev, prod] = e.tenants[0].environments;
      prod.kubernetes.namespace = dev.kubernetes.namespace;
      prod.database.name = dev.database.name;
      prod.odoo.image = "registry.example.com/acme/odoo:16.0";
    });
    expect(problems(text).map((d) => [d.severity, d.code, d.path])).toEqual([
      ["warning", "image-not-pinned", "tenants[0].environments[1].odoo.image"],
      ["warning", "image-series-mismatch", "tenants[0].environments[1].odoo.image"],
      ["error", "database-conflict", "tenants[0].environments[1].database.name"],
      ["error", "namespace-conflict", "tenants[0].environments[1].kubernetes.namespace"],
    ]);
  });

  it("returns warnings alongside a valid estate", () => {
    const text = sample((e) => {
      e.tenants.push({
        name: "other",
        hosting: "shared",
        region: "eu",
        environments: [
          {
            ...structuredClone(e.tenants[0].environments[0]),
            database: { name: "o" },
            kubernetes: { cluster: "k1", namespace: "other-dev" },
          },
        ],
      });
    });
    const result = validateEstateText(text, "estate.yaml");
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings.map((w) => [w.code, w.path])).toEqual([
      ["dedicated-cluster-shared", "tenants[0].environments[0].kubernetes.cluster"],
      ["dedicated-cluster-shared", "tenants[0].environments[1].kubernetes.cluster"],
    ]);
  });
});
