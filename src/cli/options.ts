import type { Command } from "commander";
import {
  flagKey,
  optionHelp,
  resolveOptions,
  type OptionSpecs,
  type ResolvedOptions,
} from "../config/option.js";

/** Adds every declared option to a command, with its env var and default in the help. */
export function addOptions(cmd: Command, specs: OptionSpecs): Command {
  for (const spec of Object.values(specs)) cmd.option(spec.flag, optionHelp(spec));
  return cmd;
}

/** Resolves declared options from commander's parsed flags and the environment. */
export function readOptions<S extends OptionSpecs>(
  specs: S,
  parsed: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedOptions<S> {
  const flags: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) flags[key] = parsed[flagKey(spec)];
  return resolveOptions(specs, flags, env);
}
