import { useCallback, useEffect, useState } from "react";
import { ApiProblem, get, signOut, storedToken } from "./api/client.js";
import type { Me } from "./api/types.js";
import { Loading, ProblemMessage } from "./components/problem-message.js";
import { AuditPage } from "./pages/audit.js";
import { CalendarPage } from "./pages/calendar.js";
import { OverviewPage, prefetchOverview } from "./pages/overview.js";
import { ReleasePage } from "./pages/release-page.js";
import { ReleasesPage } from "./pages/releases.js";
import { SignInPage } from "./pages/sign-in.js";
import { Link, navigate, useLocation } from "./router.js";
import { hasRole, SessionContext } from "./session.js";
import { asProblem } from "./use-api.js";

type Theme = "light" | "dark" | "system";
const THEME_KEY = "orc.theme";

function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem(THEME_KEY) as Theme) ?? "system");
  useEffect(() => {
    if (theme === "system") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    localStorage.setItem(THEME_KEY, theme);
  }, [theme]);
  return [theme, setTheme];
}

const NAV = [
  { href: "/", label: "Overview", match: (p: string) => p === "/" },
  { href: "/calendar", label: "Change calendar", match: (p: string) => p.startsWith("/calendar") },
  { href: "/releases", label: "Releases", match: (p: string) => p.startsWith("/releases") },
  { href: "/audit", label: "Audit", match: (p: string) => p.startsWith("/audit"), auditors: true },
] as const;

function Page({ path }: { path: string }) {
  if (path === "/") return <OverviewPage />;
  if (path === "/calendar") return <CalendarPage />;
  if (path === "/releases") return <ReleasesPage />;
  const m = /^\/releases\/(\d+)$/.exec(path);
  if (m) return <ReleasePage id={Number(m[1])} />;
  if (path === "/audit") return <AuditPage />;
  return (
    <ProblemMessage
      problem={new ApiProblem(404, "Page not found", `there is no page ${path}`, "not-found")}
    />
  );
}

/** The dashboard: signs in (API token or SSO session), then shows the page the path names. */
export function App() {
  const loc = useLocation();
  const [theme, setTheme] = useTheme();
  const [me, setMe] = useState<Me | undefined>();
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [checking, setChecking] = useState(true);

  const check = useCallback(async () => {
    setChecking(true);
    try {
      setMe(await get<Me>("/api/v1/me"));
      setProblem(undefined);
    } catch (e) {
      const p = asProblem(e);
      setMe(undefined);
      // Not signed in is the normal start, not an error; a rejected token is worth saying.
      setProblem(p.status === 401 && !storedToken() ? undefined : p);
    } finally {
      setChecking(false);
    }
  }, []);
  useEffect(() => {
    if (location.pathname === "/" && (storedToken() || document.cookie.includes("orc_csrf="))) {
      prefetchOverview();
    }
    void check();
  }, [check]);

  useEffect(() => {
    const page = NAV.find((n) => n.match(loc.path))?.label ?? "Release";
    document.title = `${me ? page : "Sign in"} — orc`;
  }, [loc.path, me]);

  if (checking && !me) return <Loading what="your session" />;
  if (!me) {
    return (
      <SignInPage
        problem={problem}
        onSignedIn={(who) => {
          setMe(who);
          setProblem(undefined);
          if (loc.path === "/sign-in") navigate(loc.query.get("returnTo") ?? "/", true);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={me}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          <span aria-hidden="true" className="brand-mark">
            ◆
          </span>{" "}
          orc <span className="brand-sub">Odoo Release Control</span>
        </Link>
        <nav aria-label="Main">
          <ul className="nav">
            {NAV.filter((n) => !("auditors" in n) || hasRole(me, "auditor")).map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={n.match(loc.path) ? "page" : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-end">
          <label className="inline-field">
            <span>Theme</span>
            <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
              <option value="system">System</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          <span className="whoami" data-testid="whoami">
            {me.user} <small>({me.roles.join(", ")})</small>
          </span>
          <button
            type="button"
            className="button"
            onClick={() => {
              void signOut().then(() => {
                setMe(undefined);
                navigate("/sign-in");
              });
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={loc.path} />
      </main>
    </SessionContext.Provider>
  );
}
