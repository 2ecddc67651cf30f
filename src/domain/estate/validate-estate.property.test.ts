import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { Estate } from "./estate.js";
import { formatFieldPath, type FieldPath } from "./field-path.js";
import { isRecord } from "./raw-value.js";
import { ROLES } from "./roles.js";
import { objectKeysAt } from "./schema-keys.js";
import { EVIDENCE_GATES, NOTIFICATION_EVENTS } from "./tier.js";
import { validateEstateText } from "./validate-estate.js";

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/).filter((n) => !n.includes("--"));
const names = (min: number, max: number) => fc.uniqueArray(name, { minLength: min, maxLength: max });
const duration = fc.tuple(fc.nat(3), fc.nat(3), fc.nat(48), fc.nat(59)).map(([w, d, h, m]) => {
  const date = `${w ? `${w}W` : ""}${d ? `${d}D` : ""}`;
  const time = `${h ? `${h}H` : ""}${m ? `${m}M` : ""}`;
  return date || time ? `P${date}${time ? `T${time}` : ""}` : "PT0S";
});
const hex64 = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 });
const series = fc.integer({ min: 8, max: 19 }).map((n) => `${n}.0`);
const image = fc
  .tuple(
    fc.constantFrom("odoo", "registry.example.com/erp/odoo", "localhost:5000/odoo"),
    series,
    fc.option(hex64),
  )
  .map(([repo, s, digest]) => `${repo}:${s}${digest ? `@sha256:${digest}` : ""}`);
const zone = fc.constantFrom(
  "Europe/Berlin",
  "America/New_York",
  "Asia/Singapore",
  "Australia/Sydney",
  "UTC",
);
const someOf = <T>(values: readonly T[]) => fc.subarray([...values]);

const tier = (tierName: string) =>
  fc.record(
    {
      name: fc.constant(tierName),
      description: fc.string(),
      approvals: fc
        .subarray([...ROLES], { maxLength: 3 })
        .chain((roles) =>
          fc.tuple(
            ...roles.map((role) =>
              fc.record({ role: fc.constant(role), count: fc.integer({ min: 1, max: 3 }) }),
            ),
          ),
        ),
      separationOfDuties: fc.record({
        requesterCannotApprove: fc.boolean(),
        authorsCannotApprove: fc.boolean(),
      }),
      gates: someOf(EVIDENCE_GATES),
      minLeadTime: duration,
      allowedInFreeze: fc.boolean(),
      requiresMaintenanceWindow: fc.boolean(),
      requiresVerifiedBackup: fc.boolean(),
      requiresRehearsal: fc.boolean(),
      postImplementationReview: fc.record({ within: duration }),
      rollback: fc.record(
        {
          errorRatio: fc.double({ min: 0, max: 1, noNaN: true }),
          p95LatencyMs: fc.integer({ min: 1, max: 10_000 }),
          observeFor: duration,
        },
        { requiredKeys: [] },
      ),
      notify: fc.array(
        fc.record({
          on: fc.subarray([...NOTIFICATION_EVENTS], { minLength: 1 }),
          roles: fc.subarray([...ROLES], { minLength: 1 }),
        }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: ["name"] },
  );

/** Generated estates that are valid by construction (input shape, as a person would write them). */
const validEstate = fc
  .record({
    org: name,
    regions: names(1, 3),
    calendars: names(0, 3),
    users: names(1, 4),
    tiers: fc.option(names(1, 3)),
    tenants: names(1, 3),
  })
  .chain((n) =>
    fc.record({
      apiVersion: fc.constant("orc.dev/v1"),
      kind: fc.constant("Estate"),
      organization: fc.record({ id: fc.constant(n.org), name: fc.string({ minLength: 1 }) }),
      regions: fc.tuple(...n.regions.map((r) => fc.record({ name: fc.constant(r), timezone: zone }))),
      calendars: fc.constant(n.calendars.map((c) => ({ name: c, windows: [] }))),
      roles: fc.record({
        users: fc.tuple(
          ...n.users.map((u) =>
            fc.record(
              {
                name: fc.constant(u),
                email: fc.constant(`${u}@example.com`),
                displayName: fc.string({ minLength: 1 }),
                roles: fc.subarray([...ROLES], { minLength: 1 }),
              },
              { requiredKeys: ["name", "roles"] },
            ),
          ),
        ),
        // Someone holds every role, so any tier's approvals can be met.
        groups: fc.constant([{ group: "everyone", roles: [...ROLES] }]),
      }),
      ...(n.tiers ? { tiers: fc.tuple(...n.tiers.map(tier)) } : {}),
      tenants: fc.tuple(
        ...n.tenants.map((t, ti) =>
          fc
            .record({
              hosting: fc.constantFrom("dedicated", "shared"),
              region: fc.constantFrom(...n.regions),
              stores: fc.nat(100),
              envNames: names(1, 4),
            })
            .chain(({ envNames, ...tenant }) =>
              fc.record({
                name: fc.constant(t),
                ...Object.fromEntries(Object.entries(tenant).map(([k, v]) => [k, fc.constant(v)])),
                environments: fc.tuple(
                  ...envNames.map((e, ei) =>
                    fc.record(
                      {
                        name: fc.constant(e),
                        kind: fc.constantFrom("prod", "staging", "dev", "test", "training"),
                        hosting: fc.constantFrom("dedicated", "shared"),
                        url: fc.constant(`https://${e}.${t}.example.com`),
                        odoo: fc.record({ series, image }, { requiredKeys: ["series", "image"] }),
                        database: fc.constant({ name: `${t}_${e}` }),
                        addons: fc.uniqueArray(
                          fc.record({
                            name,
                            repo: fc.constant("git@github.com:OCA/pos.git"),
                            ref: fc.constant("17.0"),
                          }),
                          { maxLength: 2, selector: (a: { name: string }) => a.name },
                        ),
                        kubernetes: fc.constant({ cluster: `cluster-${ti}`, namespace: `${t}-${ei}` }),
                        // Promotion only from an environment declared earlier: never a cycle.
                        ...(ei > 0 ? { promotesFrom: fc.constantFrom(...envNames.slice(0, ei)) } : {}),
                        calendars: fc.subarray(n.calendars),
                        rpo: duration,
                        rto: duration,
                      },
                      { requiredKeys: ["name", "kind", "odoo", "database", "kubernetes", "rpo", "rto"] },
                    ),
                  ),
                ),
              }),
            ),
        ),
      ),
    }),
  );

/** Every key of a strict object in `data` (regions and calendars are open to other keys). */
function strictKeyPaths(data: unknown, path: FieldPath = []): FieldPath[] {
  if (Array.isArray(data)) return data.flatMap((item, i) => strictKeyPaths(item, [...path, i]));
  if (!isRecord(data)) return [];
  const open = path.length === 2 && (path[0] === "regions" || path[0] === "calendars");
  return Object.entries(data).flatMap(([k, v]) => [
    ...(open ? [] : [[...path, k]]),
    ...strictKeyPaths(v, [...path, k]),
  ]);
}

function renameKey(data: unknown, path: FieldPath, to: string): unknown {
  const copy = structuredClone(data) as Record<string, unknown>;
  let parent: unknown = copy;
  for (const segment of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[segment];
  const from = path[path.length - 1] as string;
  const record = parent as Record<string, unknown>;
  const entries = Object.entries(record).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const k of Object.keys(record)) delete record[k];
  for (const [k, v] of entries) record[k] = v;
  return copy;
}

describe("estate validation properties", () => {
  it("accepts every valid estate, and reads back what was written", () => {
    fc.assert(
      fc.property(validEstate, (estate) => {
        const result = validateEstateText(stringify(estate), "estate.yaml");
        if (!result.ok)
          throw new Error(
            result.diagnostics.map((d) => `${d.line}: ${d.code} ${d.message} at ${d.path}`).join("\n"),
          );
        expect(result.estate.tenants.map((t) => t.environments.map((e) => e.name))).toEqual(
          estate.tenants.map((t) => t.environments.map((e) => e.name)),
        );
        expect(Estate.parse(estate)).toEqual(result.estate);
      }),
      { numRuns: 150 },
    );
  });

  it("names the path of a misspelt key, where it is written, and suggests the right one", () => {
    const typo = fc.tuple(fc.nat(), fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz_"));
    fc.assert(
      fc.property(
        validEstate.chain((estate) =>
          fc.tuple(fc.constant(estate), fc.constantFrom(...strictKeyPaths(estate)), typo),
        ),
        ([estate, path, [at, letter]]) => {
          const key = path[path.length - 1] as string;
          const i = at % (key.length + 1);
          const misspelt = `${key.slice(0, i)}${letter}${key.slice(i)}`;
          const parentPath = path.slice(0, -1);
          fc.pre(!(objectKeysAt(Estate, parentPath) ?? []).includes(misspelt));
          const text = stringify(renameKey(estate, path, misspelt));
          const result = validateEstateText(text, "estate.yaml");
          expect(result.ok).toBe(false);
          if (result.ok) return;
          const typoPath = formatFieldPath([...parentPath, misspelt]);
          const found = result.diagnostics.find((d) => d.code === "unknown-key" && d.path === typoPath);
          expect(found, `${typoPath} in ${result.diagnostics.map((d) => d.path).join(", ")}`).toBeDefined();
          expect(found?.hint).toContain(`\`${key}\``);
          const line = text.split("\n")[(found?.line ?? 0) - 1] ?? "";
          expect(line.slice((found?.column ?? 1) - 1)).toMatch(
            new RegExp(`^["']?${misspelt.replace(/[-]/g, "\\-")}["']?:`),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
