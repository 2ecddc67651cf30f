import { z } from "zod";
import type { FieldPath } from "./field-path.js";

/** Peels optional, nullable, default, readonly, catch and pipe wrappers off a schema. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 16; i++) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodReadonly ||
      current instanceof z.ZodCatch
    ) {
      current = current.def.innerType as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.def.in as z.ZodType;
    } else if (current instanceof z.ZodLazy) {
      current = current.def.getter() as z.ZodType;
    } else {
      break;
    }
  }
  return current;
}

/**
 * The keys the object schema at `path` inside `root` declares, in declaration order; undefined when
 * the path does not lead to an object schema. Used for "did you mean" on unknown keys.
 */
export function objectKeysAt(root: z.ZodType, path: FieldPath): string[] | undefined {
  let schema = unwrap(root);
  for (const segment of path) {
    if (schema instanceof z.ZodArray) {
      schema = unwrap(schema.element as z.ZodType);
    } else if (schema instanceof z.ZodObject) {
      const child = (schema.shape as Record<string, z.ZodType>)[String(segment)];
      if (!child) return undefined;
      schema = unwrap(child);
    } else {
      return undefined;
    }
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}
