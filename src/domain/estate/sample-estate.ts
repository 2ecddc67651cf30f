/**
 * A small valid estate as plain input data (what `estate.yaml` parses to): one tenant with dev and
 * prod, the default tiers and enough people to approve them. For tests that need an estate.
 */
export function sampleEstateInput(): Record<string, unknown> {
  const image = `registry.example.com/acme/odoo:17.0-1@sha256:${"0".repeat(64)}`;
  const env = (name: string, kind: string, extra: Record<string, unknown> = {}) => ({
    name,
    kind,
    odoo: { series: "17.0", image },
    database: { name: `acme_${name}` },
    kubernetes: { cluster: "k1", namespace: `acme-${name}` },
    calendars: ["retail"],
    rpo: "PT15M",
    rto: "PT1H",
    ...extra,
  });
  return {
    apiVersion: "orc.dev/v1",
    kind: "Estate",
    organization: { id: "acme", name: "Acme Stores" },
    regions: [{ name: "eu", timezone: "Europe/Berlin" }],
    calendars: [{ name: "retail", windows: [] }],
    roles: {
      users: [
        { name: "rita", roles: ["release-manager", "approver"] },
        { name: "sam", roles: ["engineer"] },
      ],
      groups: [{ group: "acme-cab", roles: ["cab"] }],
    },
    tenants: [
      {
        name: "acme",
        hosting: "dedicated",
        region: "eu",
        stores: 3,
        environments: [env("dev", "dev"), env("prod", "prod", { promotesFrom: "dev" })],
      },
    ],
  };
}
