// Builds what `npm start` runs: the CLI and server (src/) bundled into dist/orc.js with esbuild
// (dependencies stay external), so that the server does not compile TypeScript at every start, and the
// web dashboard (web/) into web/dist with Vite, which the server serves on its own port.
// Run by `npm run build` and, through `prepare`, by `npm install` and `npm ci`.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli/main.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: "dist/orc.js",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});

// Vite is a development dependency: an install without them (`npm ci --omit=dev`) keeps the dashboard
// it has, or the server says how to build it.
let vite;
try {
  vite = await import("vite");
} catch {
  console.warn(
    "orc build: vite is not installed (dev dependencies omitted); the web dashboard was not built",
  );
}
if (vite) {
  // Always the production build of React, even when called from a test runner (vitest sets
  // NODE_ENV=test, which would make Vite bundle React's development build, twice the size).
  process.env.NODE_ENV = "production";
  await vite.build({
    mode: "production",
    configFile: new URL("../web/vite.config.ts", import.meta.url).pathname,
    logLevel: "warn",
  });
}
