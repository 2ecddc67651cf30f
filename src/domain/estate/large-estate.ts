import { stringify } from "yaml";
import { sampleEstateInput } from "./sample-estate.js";

/**
 * The text of a synthetic, valid estate with `tenants × environmentsPerTenant` environments, each
 * tenant promoting env-0 → env-1 → … → prod. Written directly as text (yaml's stringify would take
 * seconds at this size). For the scale test and the validation benchmark.
 */
export function largeEstateYaml(tenants: number, environmentsPerTenant: number): string {
  const head = sampleEstateInput();
  delete head.tenants;
  const zones = ["Europe/Berlin", "America/New_York", "Asia/Singapore", "Australia/Sydney", "UTC"];
  head.regions = zones.map((timezone, i) => ({ name: `region-${i}`, timezone }));
  const out: string[] = [stringify(head), "tenants:\n"];
  for (let t = 0; t < tenants; t++) {
    const tenant = `tenant-${t}`;
    out.push(
      `  - name: ${tenant}\n    displayName: Tenant ${t}\n    hosting: ${t % 2 === 0 ? "dedicated" : "shared"}\n` +
        `    region: region-${t % zones.length}\n    stores: ${(t % 40) + 1}\n    environments:\n`,
    );
    for (let e = 0; e < environmentsPerTenant; e++) {
      const name = e === environmentsPerTenant - 1 ? "prod" : `env-${e}`;
      const kind = name === "prod" ? "prod" : e === 0 ? "dev" : "staging";
      const digest = (t * 100_000 + e).toString(16).padStart(64, "0");
      out.push(
        `      - name: ${name}\n        kind: ${kind}\n` +
          `        odoo:\n          series: "17.0"\n          image: registry.example.com/${tenant}/odoo:17.0-${e}@sha256:${digest}\n` +
          `        database:\n          name: ${tenant.replaceAll("-", "_")}_${name.replaceAll("-", "_")}\n` +
          `        addons:\n          - name: retail\n            repo: git@git.example.com:${tenant}/addons.git\n            ref: main\n            path: addons\n` +
          `        kubernetes:\n          cluster: cluster-${t}\n          namespace: ${tenant}-${name}\n` +
          (e > 0 ? `        promotesFrom: env-${e - 1}\n` : "") +
          `        calendars: [retail]\n        rpo: PT15M\n        rto: PT1H\n` +
          `        slos:\n          - name: availability\n            indicator: availability\n            objective: 0.999\n`,
      );
    }
  }
  return out.join("");
}
