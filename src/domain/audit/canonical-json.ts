/**
 * RFC 8785 (JSON Canonicalization Scheme) for the JSON values orc writes: object keys sorted by UTF-16
 * code units, no whitespace, numbers and strings serialized as ECMAScript's JSON.stringify does (which
 * is what JCS specifies). Non-JSON values (undefined, functions, NaN, Infinity, bigint) are refused,
 * because a hash over them could not be recomputed from the stored JSON.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonicalJson: non-finite number");
      return JSON.stringify(value);
    case "object": {
      // Loops instead of entries/filter/map/join: this runs once per event when a chain is verified.
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) out += (i ? "," : "") + canonicalJson(value[i]);
        return `${out}]`;
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, exactly what RFC 8785 §3.2.3 asks for.
      const keys = Object.keys(record).sort();
      let out = "{";
      for (const k of keys) {
        const v = record[k];
        if (v === undefined) continue;
        out += (out.length > 1 ? "," : "") + JSON.stringify(k) + ":" + canonicalJson(v);
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}
