import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

/** Runs `orc` in-process with captured output. */
export async function runOrc(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
  cwd = process.cwd(),
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), env, cwd });
  return { code, out, err };
}

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
