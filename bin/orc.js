#!/usr/bin/env node
// Entry point of the `orc` command: registers the TypeScript loader, then runs the CLI.
import process from "node:process";
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
