import { z } from "zod";

// Small zod pieces the route files share.

/** A path or query id of a stored row (bigserial): a positive integer, read as a number. */
export function positiveId(what: string) {
  return z
    .string()
    .regex(/^[1-9]\d{0,14}$/, `${what} is a positive integer`)
    .transform(Number);
}

/** A response array: read-only, as the services return read-only values. */
export const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
