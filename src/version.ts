import { readFileSync } from "node:fs";

/** orc's version, from package.json. */
export const ORC_VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;
