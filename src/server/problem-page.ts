import type { FastifyRequest } from "fastify";
import type { Problem } from "./problem.js";

/**
 * True for a browser navigating to a sign-in page (`/auth/…`, `Accept: text/html`): it gets a readable
 * page instead of JSON. API routes always answer problem+json.
 */
export function wantsPage(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? "";
  return req.url.startsWith("/auth/") && accept.includes("text/html") && !accept.includes("json");
}

const escapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

/** A minimal, self-contained HTML page for a problem (no scripts, no external resources). */
export function problemPage(p: Problem): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)} — orc</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}
@media (prefers-color-scheme:dark){body{color:#eee;background:#121212}a{color:#8ab4f8}}code{font-size:.9em}</style>
</head><body><main>
<h1>${escapeHtml(p.title)}</h1>
<p>${escapeHtml(p.detail)}</p>
<p><small>code <code>${escapeHtml(p.code)}</code> · HTTP ${p.status}</small></p>
<p><a href="/auth/login">Sign in again</a> · <a href="/">Home</a></p>
</main></body></html>
`;
}
