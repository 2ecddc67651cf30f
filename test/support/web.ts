import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium (`apt-get install -y chromium`); `ORC_CHROMIUM` names another binary. */
export const CHROMIUM = process.env.ORC_CHROMIUM ?? "/usr/bin/chromium";
/** Screenshots of the browser tests, kept as CI artifacts (gitignored). */
export const ARTIFACTS = resolve("test-artifacts/web");

const WEB_DIR = resolve("web");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const m = statSync(join(dir, name)).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

/** Builds web/dist with Vite unless it is newer than every file of web/src and web/index.html. */
export function ensureDashboardBuilt(): void {
  const index = join(WEB_DIR, "dist", "index.html");
  const sources = Math.max(
    newestMtime(join(WEB_DIR, "src")),
    statSync(join(WEB_DIR, "index.html")).mtimeMs,
    statSync(join(WEB_DIR, "vite.config.ts")).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, ["scripts/build.js"], { stdio: "inherit" });
}

/**
 * Launches Chromium, or fails with what to install: the browser tests never download a browser and never
 * skip silently (CI installs Debian's package).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the browser tests need it. Install it with \`apt-get install -y chromium\` (or set ORC_CHROMIUM to a Chromium binary).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
}

export function screenshotPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, `${name}.png`);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[]; readonly failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2 A/AA rules) on the page as it is and returns the serious and critical violations.
 * The script is evaluated through the DevTools protocol, which the page's CSP does not restrict.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(`${axeSource}\n;void 0`);
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const r = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return r.violations;
  })) as AxeViolation[];
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Violations in a readable form for an assertion message. */
export function describeViolations(vs: readonly AxeViolation[]): string {
  return vs
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes
          .slice(0, 3)
          .map((n) => `  ${n.target.join(" ")} ${n.failureSummary ?? ""}`)
          .join("\n")}`,
    )
    .join("\n");
}
