import { formattedString, quote } from "./string-format.js";

const nameRe = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const userNameRe = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;

/** Lowercases and replaces runs of other characters by `-`, to suggest a valid name. */
function slugify(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
}

function nameProblem(value: string, what: string, re: RegExp, allowed: string) {
  if (re.test(value)) return undefined;
  const suggestion = slugify(value);
  const hint =
    suggestion && re.test(suggestion) && suggestion !== value
      ? `${allowed}; for example ${quote(suggestion)}`
      : allowed;
  return { message: `${quote(value)} is not a valid ${what}`, hint };
}

/**
 * A name of something in the estate (tenant, environment, tier, region, calendar): a DNS label, so it
 * can appear in Kubernetes names, URLs and `tenant/environment` references unchanged.
 */
export const Name = formattedString({
  code: "invalid-name",
  description:
    "A name: lowercase letters, digits and dashes, 1 to 63 characters, starting and ending alphanumeric.",
  pattern: nameRe,
  examples: ["northwind-eu", "prod"],
  check: (v) => nameProblem(v, "name", nameRe, "use 1 to 63 lowercase letters, digits and dashes"),
});

/** The login name of a person (API tokens and approvals bind to it). */
export const UserName = formattedString({
  code: "invalid-name",
  description: "A user name: lowercase letters, digits, dots, dashes and underscores, 1 to 64 characters.",
  pattern: userNameRe,
  examples: ["alice", "j.smith"],
  check: (v) =>
    nameProblem(
      v,
      "user name",
      userNameRe,
      "use 1 to 64 lowercase letters, digits, dots, dashes or underscores",
    ),
});

/**
 * Splits a reference to an environment: `prod` (inside the current tenant) or `tenant/prod`.
 * Returns undefined when it is neither.
 */
export function parseEnvironmentReference(
  ref: string,
  currentTenant?: string,
): { readonly tenant: string; readonly environment: string } | undefined {
  const parts = ref.split("/");
  if (parts.length === 1 && currentTenant !== undefined && nameRe.test(ref)) {
    return { tenant: currentTenant, environment: ref };
  }
  const [tenant, environment] = parts;
  if (parts.length === 2 && tenant && environment && nameRe.test(tenant) && nameRe.test(environment)) {
    return { tenant, environment };
  }
  return undefined;
}

/** A reference to an environment: `staging` (same tenant) or `northwind-eu/staging`. */
export const EnvironmentReference = formattedString({
  code: "invalid-reference",
  description: "An environment of the same tenant (`staging`) or of another tenant (`tenant/environment`).",
  pattern: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\/[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)?$/,
  examples: ["staging", "northwind-eu/staging"],
  check: (v) =>
    // Any tenant name will do: only the shape of the reference is checked here.
    parseEnvironmentReference(v, "current") === undefined
      ? {
          message: `${quote(v)} is not an environment reference`,
          hint: "write an environment name of the same tenant (`staging`) or `tenant/environment`",
        }
      : undefined,
});
