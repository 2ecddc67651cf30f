import { useEffect, useState, type FormEvent } from "react";
import { get, storeToken, type ApiProblem } from "../api/client.js";
import type { Me, SignInMethods } from "../api/types.js";
import { ProblemMessage } from "../components/problem-message.js";
import { asProblem } from "../use-api.js";

/** Sign in with the organization's SSO (when configured) or with an API token. */
export function SignInPage({ problem, onSignedIn }: { problem?: ApiProblem; onSignedIn: (me: Me) => void }) {
  const [methods, setMethods] = useState<SignInMethods | undefined>();
  const [token, setToken] = useState("");
  const [error, setError] = useState<ApiProblem | undefined>(problem);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    get<SignInMethods>("/auth/methods").then(setMethods, (e: unknown) => setError(asProblem(e)));
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    storeToken(token.trim());
    try {
      onSignedIn(await get<Me>("/api/v1/me"));
    } catch (err) {
      storeToken(undefined);
      setError(asProblem(err));
    } finally {
      setBusy(false);
    }
  };

  const returnTo =
    location.pathname === "/sign-in"
      ? (new URLSearchParams(location.search).get("returnTo") ?? "/")
      : `${location.pathname}${location.search}`;
  return (
    <main id="main" className="sign-in">
      <h1>
        <span aria-hidden="true" className="brand-mark">
          ◆
        </span>{" "}
        Odoo Release Control
      </h1>
      <p className="muted">Sign in to see the estate, the change calendar and the releases.</p>
      {error && <ProblemMessage problem={error} />}
      {methods?.methods.includes("oidc") && (
        <p>
          <a
            className="button button-primary"
            href={`${methods.login ?? "/auth/login"}?returnTo=${encodeURIComponent(returnTo)}`}
          >
            Sign in with single sign-on
          </a>
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} className="card">
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          placeholder="orc_…"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
        />
        <p className="hint">Kept in this tab only (sessionStorage); closing the tab signs you out.</p>
        <button type="submit" className="button button-primary" disabled={busy || !token.trim()}>
          Sign in with token
        </button>
      </form>
    </main>
  );
}
