import { formattedString, quote, type FormatProblem } from "./string-format.js";

const seriesRe = /^(?:saas~)?\d{1,3}\.\d{1,2}$/;

/** An Odoo series: `16.0`, `17.0`, `18.0` (or an Odoo Online `saas~17.2`). */
export const OdooSeries = formattedString({
  code: "invalid-series",
  description: 'An Odoo series such as "17.0" (quote it in YAML, or it is read as the number 17).',
  pattern: seriesRe,
  examples: ["17.0", "18.0"],
  check: (v) => {
    if (seriesRe.test(v)) return undefined;
    const major = /^v?(\d{1,3})(?:\.0)*$/i.exec(v.trim());
    return {
      message: `${quote(v)} is not an Odoo series`,
      hint: major ? `did you mean \`${major[1]}.0\`?` : 'write the series as "major.minor", e.g. "17.0"',
    };
  },
});

/** The parts of a container image reference `registry/repository[:tag][@digest]`. */
export interface ImageReference {
  /** Registry host (with port), when the reference names one. */
  readonly registry?: string;
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 hex>` or `sha512:<128 hex>`. */
  readonly digest?: string;
}

const domainComponent = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagRe = /^[\w][\w.-]{0,127}$/;
const digestRe = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** Parses a container image reference (the OCI distribution grammar, without IPv6 hosts). */
export function parseImageReference(text: string): ImageReference | FormatProblem {
  const bad = (why: string, hint?: string): FormatProblem => ({
    message: `invalid image reference: ${why}`,
    ...(hint ? { hint } : {}),
  });
  if (text.length === 0 || text.length > 512) return bad("it must be 1 to 512 characters long");
  if (/\s/.test(text)) return bad("it contains white space");
  const at = text.indexOf("@");
  const nameAndTag = at === -1 ? text : text.slice(0, at);
  const digest = at === -1 ? undefined : text.slice(at + 1);
  if (digest !== undefined && !digestRe.test(digest)) {
    return bad(
      `the digest ${quote(digest)} is not \`sha256:\` followed by 64 lowercase hex digits`,
      "copy the digest from your registry or `docker buildx imagetools inspect`",
    );
  }
  const lastSlash = nameAndTag.lastIndexOf("/");
  const colon = nameAndTag.indexOf(":", lastSlash + 1);
  const name = colon === -1 ? nameAndTag : nameAndTag.slice(0, colon);
  const tag = colon === -1 ? undefined : nameAndTag.slice(colon + 1);
  if (tag !== undefined && !tagRe.test(tag)) return bad(`the tag ${quote(tag)} is not valid`);
  const components = name.split("/");
  let registry: string | undefined;
  const first = components[0] ?? "";
  if (components.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    registry = components.shift();
    const [host, port, ...rest] = (registry ?? "").split(":");
    const hostOk = (host ?? "").split(".").every((c) => domainComponent.test(c));
    if (!hostOk || rest.length > 0 || (port !== undefined && !/^\d{1,5}$/.test(port))) {
      return bad(`the registry ${quote(registry ?? "")} is not a host name`);
    }
  }
  if (components.length === 0 || !components.every((c) => pathComponent.test(c))) {
    return bad(
      `the repository ${quote(components.join("/"))} must be lowercase letters, digits and separators`,
      "write registry/repository:tag@sha256:…, e.g. registry.example.com/odoo:17.0@sha256:…",
    );
  }
  return {
    ...(registry ? { registry } : {}),
    repository: components.join("/"),
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}

/** True when a parse result is a reference rather than a problem. */
export function isImageReference(r: ImageReference | FormatProblem): r is ImageReference {
  return "repository" in r;
}

/** A container image for Odoo; production images should be pinned by digest. */
export const OdooImage = formattedString({
  code: "invalid-image",
  description:
    "A container image reference, registry/repository[:tag][@sha256:digest]; pin production images by digest.",
  examples: [
    "registry.example.com/northwind/odoo:17.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  ],
  check: (v) => {
    const r = parseImageReference(v);
    return isImageReference(r) ? undefined : r;
  },
});

const gitUrlRe = /^(?:(?:https?|ssh|git|file):\/\/\S+|[\w.-]+@[\w.-]+:\S+)$/;

/** A git remote: `https://…`, `ssh://…`, `git@host:org/repo.git` or `file://…`. */
export const GitUrl = formattedString({
  code: "invalid-git-url",
  description: "A git remote URL: https://…, ssh://…, git@host:org/repo.git or file://….",
  pattern: gitUrlRe,
  examples: ["git@github.com:OCA/pos.git", "https://github.com/OCA/pos.git"],
  check: (v) =>
    gitUrlRe.test(v)
      ? undefined
      : {
          message: `${quote(v)} is not a git remote URL`,
          hint: "write https://host/org/repo.git or git@host:org/repo.git",
        },
});
