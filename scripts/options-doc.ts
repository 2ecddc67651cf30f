// Rewrites the README's configuration table from the option declarations (npm run docs:options).
import { readFileSync, writeFileSync } from "node:fs";
import { withOptionsTable } from "../src/config/options-doc.js";
import { serverOptions } from "../src/config/server-options.js";

writeFileSync("README.md", withOptionsTable(readFileSync("README.md", "utf8"), serverOptions));
