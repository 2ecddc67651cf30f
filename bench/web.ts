/**
 * Web dashboard benchmark (`npm run bench:web`). Prints figures; it is not a test and never fails on
 * timing.
 *
 * 1. Initial JavaScript: the scripts and module preloads that web/dist/index.html loads, gzipped
 *    (level 9, as a server or CDN would send them), against the budget of 250 KB.
 * 2. First meaningful render of the overview on the demo estate, in Debian's Chromium: navigation start
 *    to the overview's content committed (`orc:overview-ready`) and painted (`orc:overview-painted`),
 *    each run in a fresh browser context (cold cache), signed in with an API token. The demo estate gets
 *    a few releases first so that "approvals waiting for me" asks for decisions.
 * 3. The month view with 1,000 windows: 1,000 one-off freezes and maintenance windows are added to
 *    February 2027 of northwind-eu/prod through the calendar windows API; the page times, with
 *    performance marks, from the agenda's arrival to the month grid committed (`orc:calendar-render`)
 *    and painted (`orc:calendar-render-paint`).
 *
 * Settings: BENCH_RUNS (default 7), BENCH_WINDOWS (default 1000), BENCH_BACKEND (embedded|postgres).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { releaseBody, tokensFor } from "../test/support/releases.js";
import { startTestServer, type TestServer } from "../test/support/server.js";
import { ensureDashboardBuilt, launchChromium } from "../test/support/web.js";
import { DASHBOARD_DIR } from "../src/server/web/dashboard.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 1000);
const BACKEND = process.env.BENCH_BACKEND === "postgres" ? "postgres" : "embedded";
const BUDGET_KB = 250;

function stats(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return `median ${at(0.5).toFixed(0)} ms, min ${s[0]?.toFixed(0)} ms, max ${s[s.length - 1]?.toFixed(0)} ms (${s.length} runs)`;
}

function bundleSize(): void {
  const html = readFileSync(join(DASHBOARD_DIR, "index.html"), "utf8");
  const scripts = [
    ...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1] as string);
  const styles = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  const size = (files: string[]) =>
    files.reduce(
      (acc, f) => {
        const bytes = readFileSync(join(DASHBOARD_DIR, f));
        return { raw: acc.raw + bytes.length, gz: acc.gz + gzipSync(bytes, { level: 9 }).length };
      },
      { raw: 0, gz: 0 },
    );
  const js = size(scripts);
  const css = size(styles);
  console.log("initial JavaScript (web/dist/index.html):");
  console.log(`  ${scripts.join(", ")}`);
  console.log(
    `  ${(js.raw / 1024).toFixed(1)} KB, ${(js.gz / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB gzipped): ${js.gz / 1024 < BUDGET_KB ? "within" : "OVER"} budget`,
  );
  console.log(`  CSS: ${(css.raw / 1024).toFixed(1)} KB, ${(css.gz / 1024).toFixed(1)} KB gzipped`);
}

async function overview(browser: Browser, t: TestServer, token: string): Promise<void> {
  const ready: number[] = [];
  const painted: number[] = [];
  const html: number[] = [];
  const script: number[] = [];
  const api: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await context.addInitScript((tok) => sessionStorage.setItem("orc.token", tok), token);
    const page = await context.newPage();
    await page.goto(t.url);
    await page.locator(".overview[data-ready]").waitFor();
    await page.waitForFunction(() => performance.getEntriesByName("orc:overview-painted").length > 0);
    const [r, p] = await page.evaluate(() => [
      performance.getEntriesByName("orc:overview-ready")[0]?.startTime ?? NaN,
      performance.getEntriesByName("orc:overview-painted")[0]?.startTime ?? NaN,
    ]);
    ready.push(r as number);
    painted.push(p as number);
    // Where the time goes: the page, the bundle, the last API answer the overview waited for.
    const [h, js, last] = await page.evaluate(() => {
      const res = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const ready = performance.getEntriesByName("orc:overview-ready")[0]?.startTime ?? 0;
      return [
        nav.responseEnd,
        Math.max(...res.filter((e) => e.name.endsWith(".js")).map((e) => e.responseEnd)),
        Math.max(
          ...res.filter((e) => e.name.includes("/api/") && e.responseEnd <= ready).map((e) => e.responseEnd),
        ),
      ];
    });
    html.push(h as number);
    script.push(js as number);
    api.push(last as number);
    await context.close();
  }
  console.log("overview, navigation start → content (demo estate, cold cache, signed in as chen):");
  console.log(`  committed: ${stats(ready)}`);
  console.log(`  painted:   ${stats(painted)}`);
  console.log(`  of which: page received ${stats(html)}`);
  console.log(`            bundle received ${stats(script)}`);
  console.log(`            last API answer ${stats(api)}`);
}

async function seedWindows(t: TestServer): Promise<void> {
  const started = performance.now();
  let next = 0;
  const add = async () => {
    for (let i = next++; i < WINDOWS; i = next++) {
      const day = 1 + (i % 28);
      const hour = (i * 7) % 24;
      const pad = (n: number) => String(n).padStart(2, "0");
      const r = await t.call("POST", "/api/v1/calendars/retail-eu/windows", t.adminToken, {
        name: `bench-${String(i).padStart(4, "0")}`,
        kind: i % 3 === 0 ? "maintenance" : "freeze",
        description: `Benchmark window ${i}`,
        start: `2027-02-${pad(day)}T${pad(hour)}:00`,
        end: `2027-02-${pad(day)}T${pad(hour)}:45`,
        scope: { environments: ["northwind-eu/prod"] },
        ...(i % 3 === 0 ? {} : { exemptTiers: ["emergency"] }),
      });
      if (r.status !== 201) throw new Error(`window ${i}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, add));
  console.log(
    `seeded ${WINDOWS} windows through the API in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function calendarView(
  browser: Browser,
  t: TestServer,
  token: string,
  view: "month" | "week",
): Promise<void> {
  const render: number[] = [];
  const paint: number[] = [];
  let occurrences = 0;
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await context.addInitScript((tok) => sessionStorage.setItem("orc.token", tok), token);
  const page = await context.newPage();
  const query = view === "month" ? "month=2027-02" : "view=week&week=2027-02-01";
  for (let i = 0; i < RUNS + 1; i++) {
    await page.goto(`${t.url}/calendar?${query}&env=northwind-eu/prod`);
    await page.locator(".cal[data-ready]").waitFor();
    await page.waitForFunction(() => performance.getEntriesByName("orc:calendar-render-paint").length > 0);
    const [r, p, n] = await page.evaluate(() => [
      performance.getEntriesByName("orc:calendar-render")[0]?.duration ?? NaN,
      performance.getEntriesByName("orc:calendar-render-paint")[0]?.duration ?? NaN,
      document.querySelectorAll(".cal [data-window^='bench-']").length,
    ]);
    // The first load warms the server's calendar caches and the browser's; it is not counted.
    if (i > 0) {
      render.push(r as number);
      paint.push(p as number);
    }
    occurrences = n as number;
  }
  await context.close();
  console.log(
    view === "month"
      ? `month view of February 2027, northwind-eu/prod, ${WINDOWS} added windows (${occurrences} chips drawn, the rest behind "+N more"):`
      : `week view of 1-7 February 2027, northwind-eu/prod (every one of its ${occurrences} added windows drawn):`,
  );
  console.log(`  agenda received → grid committed: ${stats(render)}`);
  console.log(`  agenda received → grid painted:   ${stats(paint)}`);
}

ensureDashboardBuilt();
console.log(
  `load average ${(await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${(await import("node:os")).cpus().length} CPUs`,
);
bundleSize();
const browser = await launchChromium();
// The demo as `npm start` shows it: the bundled estate with its seeded releases, plus a few submitted
// releases so that "approvals waiting for me" asks for decisions.
const t = await startTestServer(BACKEND, { serve: { demoData: "auto" } });
try {
  const seed = await t.server.demoSeed;
  const tok = await tokensFor(t);
  for (const who of ["grace", "farid", "alice"] as const) {
    for (let i = 0; i < 2; i++) {
      const r = await t.call(
        "POST",
        "/api/v1/releases",
        tok[who],
        releaseBody({ summary: `Bench release ${who} ${i}` }),
      );
      await t.call("POST", `/api/v1/releases/${r.body.id}/submit`, tok[who]);
    }
  }
  console.log(
    `demo releases seeded: ${seed.seeded ? seed.releases.length : `none (${seed.reason})`}, plus 6 submitted`,
  );
  console.log(`server: ${t.url} on ${BACKEND}, Chromium ${browser.version()}`);
  await overview(browser, t, tok.chen);
  await seedWindows(t);
  await calendarView(browser, t, tok.chen, "month");
  await calendarView(browser, t, tok.chen, "week");
} finally {
  await browser.close();
  await t.stop();
}
