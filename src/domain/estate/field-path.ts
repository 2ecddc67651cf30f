/** A location inside a document: object keys and array indexes from the root. */
export type FieldPath = readonly (string | number)[];

const identifier = /^[A-Za-z_$][\w$-]*$/;

/** `tenants[1].environments[0].rpo`; keys that are not plain words are quoted: `labels["a b"]`. */
export function formatFieldPath(path: FieldPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (identifier.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
