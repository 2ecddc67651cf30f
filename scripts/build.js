// Bundles the CLI and server (src/) into dist/orc.js with esbuild (dependencies stay external), so that
// `npm start` does not compile TypeScript at every start. Run by `npm run build` and on `npm install`.
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
