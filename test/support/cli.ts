import type { CliIo } from "../../src/cli/io.js";

/** A CliIo writing into buffers, for calling `main(argv, io)` in tests. */
export function bufferIo(
  cwd = process.cwd(),
  env: Record<string, string | undefined> = {},
): CliIo & { outText(): string; errText(): string } {
  let out = "";
  let err = "";
  return {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env,
    cwd,
    outText: () => out,
    errText: () => err,
  };
}
