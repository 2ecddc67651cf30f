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
