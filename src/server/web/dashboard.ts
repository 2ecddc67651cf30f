import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import { PACKAGE_ROOT } from "../../package-root.js";

/** Where `scripts/build.js` writes the dashboard (`vite build` of `web/`). */
export const DASHBOARD_DIR = join(PACKAGE_ROOT, "web", "dist");

/**
 * The dashboard's client-side pages: each answers the same `index.html`, so a bookmark or a reload of
 * `/releases/42` works. Everything else keeps the API's 404 problem.
 */
export const DASHBOARD_PAGES = [
  "/",
  "/sign-in",
  "/calendar",
  "/releases",
  "/releases/:id",
  "/audit",
] as const;

/**
 * The Content-Security-Policy of every dashboard page: scripts and styles only from this origin (no
 * inline scripts, no eval), API calls only to this origin, no framing, no plugins.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join("; ");

const PAGE_HEADERS = {
  "Content-Security-Policy": DASHBOARD_CSP,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "same-origin",
  // index.html names the hashed asset files of the current build: never serve a stale one.
  "Cache-Control": "no-cache",
} as const;

/** Shown instead of the dashboard when the package was installed without building it. */
export const MISSING_BUNDLE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dashboard not built — orc</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}
@media (prefers-color-scheme:dark){body{color:#eee;background:#121212}}code{font-size:.95em}</style>
</head><body><main>
<h1>The web dashboard is not built</h1>
<p>This orc server runs, and its API answers under <code>/api/v1</code>, but the dashboard's files are
missing from <code>web/dist</code>. Build them in the orc checkout with <code>npm run build</code> (which
<code>npm ci</code> runs too), then reload this page.</p>
</main></body></html>
`;

/** Whether the dashboard was served or why not, for the start-up log. */
export type DashboardStatus =
  { readonly served: true; readonly dir: string } | { readonly served: false; readonly reason: string };

/**
 * Serves the web dashboard on the API's port: hashed assets under `/assets/` (public, cached for a year),
 * and the page for each client-side route with a strict CSP. Without a build, those routes answer 503 with
 * a page saying how to build it, and the server logs a warning; the API is unaffected.
 */
export async function registerDashboard(
  app: FastifyInstance,
  log: Logger,
  dir: string = DASHBOARD_DIR,
): Promise<DashboardStatus> {
  const indexFile = join(dir, "index.html");
  if (!existsSync(indexFile)) {
    log.warn({ dir }, "web dashboard not built; run `npm run build`");
    for (const url of DASHBOARD_PAGES) {
      app.get(url, async (_req, rep) =>
        rep.code(503).headers(PAGE_HEADERS).type("text/html; charset=utf-8").send(MISSING_BUNDLE_PAGE),
      );
    }
    return { served: false, reason: `${indexFile} is missing; run \`npm run build\`` };
  }
  await app.register(fastifyStatic, {
    root: join(dir, "assets"),
    prefix: "/assets/",
    index: false,
    wildcard: true,
    // File names carry a content hash: a changed file is a new name, so caches may keep them for a year.
    cacheControl: true,
    maxAge: "365d",
    immutable: true,
    setHeaders: (reply) => reply.header("X-Content-Type-Options", "nosniff"),
  });
  for (const url of DASHBOARD_PAGES) {
    // Read at each request (600 bytes): a rebuild while the server runs names new asset files.
    app.get(url, async (_req, rep) => {
      let page: string;
      try {
        page = readFileSync(indexFile, "utf8");
      } catch {
        return rep.code(503).headers(PAGE_HEADERS).type("text/html; charset=utf-8").send(MISSING_BUNDLE_PAGE);
      }
      return rep.code(200).headers(PAGE_HEADERS).type("text/html; charset=utf-8").send(page);
    });
  }
  return { served: true, dir };
}
