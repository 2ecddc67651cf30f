#!/usr/bin/env node
// Entry point of the `orc` command. Runs the bundled build (dist/orc.js) when it is newer than every
// source file, else registers the TypeScript loader and runs the sources, so an edit is never ignored.
import { readdirSync, statSync } from "node:fs";
import process from "node:process";

const root = new URL("../", import.meta.url);
const bundle = new URL("dist/orc.js", root);

function newestSourceMtime() {
  let newest = 0;
  for (const name of readdirSync(new URL("src/", root), { recursive: true })) {
    const m = statSync(new URL(`src/${name}`, root)).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

function bundleIsFresh() {
  try {
    return statSync(bundle).mtimeMs >= newestSourceMtime();
  } catch {
    return false;
  }
}

let main;
if (process.env.ORC_FROM_SOURCE !== "1" && bundleIsFresh()) {
  ({ main } = await import(bundle.href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import(new URL("src/cli/main.ts", root).href));
}
process.exitCode = await main(process.argv.slice(2));
