// One linter configuration for the whole package; prettier owns formatting.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "web/dist/",
      ".orc/",
      "coverage/",
      "test-results/",
      "test-artifacts/",
      // Odoo addons of the demo (Odoo's JavaScript, data for the planner, never run here)
      "examples/northwind/addons/",
    ],
  },
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: { globals: { URL: "readonly", process: "readonly", console: "readonly" } },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": [
        "error",
        { selector: "TSEnumDeclaration", message: "Use string unions instead of enums (STYLE.md §7)." },
      ],
    },
  },
  {
    // Tests read loosely typed JSON responses; `any` there keeps assertions readable.
    files: ["test/**/*.ts", "**/*.test.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/store/**", "**/adapters/**", "**/engine/**", "**/server/**", "**/cli/**"],
              message: "domain is pure: it imports nothing from outer layers.",
            },
            {
              group: [
                "node:fs",
                "node:fs/*",
                "node:child_process",
                "node:net",
                "node:http",
                "pg",
                "@electric-sql/*",
              ],
              message: "domain is pure: no I/O.",
            },
          ],
        },
      ],
    },
  },
  {
    // Domain tests may read their committed sample files; the code under test stays pure.
    files: ["src/domain/**/*.test.ts", "src/domain/**/test-support/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/store/**", "**/adapters/**", "**/engine/**", "**/server/**", "**/cli/**"],
              message: "domain is pure: it imports nothing from outer layers.",
            },
          ],
        },
      ],
    },
  },
);
