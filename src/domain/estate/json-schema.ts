import { z } from "zod";
import { Estate, ESTATE_API_VERSION } from "./estate.js";

/** Where the estate JSON Schema says it lives (stable, for `$schema` references in editors). */
export const ESTATE_SCHEMA_ID = "https://orc.dev/schemas/estate-v1.json";

/**
 * The JSON Schema (draft 2020-12) of `estate.yaml`, derived from the {@link Estate} zod schema, for
 * editor completion and validation. It describes the input: keys with defaults are optional. Checks
 * that need the whole estate (references, cycles) are not in it; `orc estate validate` does those.
 */
export function estateJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Estate, { target: "draft-2020-12", io: "input", unrepresentable: "any" });
  return {
    $schema: schema.$schema,
    $id: ESTATE_SCHEMA_ID,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
    "x-orc-api-version": ESTATE_API_VERSION,
  };
}
