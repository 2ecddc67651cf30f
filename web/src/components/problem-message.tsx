import { storeToken, type ApiProblem } from "../api/client.js";

/** An API problem as people read it: its title, its detail, and the fields it names. */
export function ProblemMessage({ problem, onRetry }: { problem: ApiProblem; onRetry?: () => void }) {
  return (
    <div className="problem" role="alert">
      <strong className="problem-title">{problem.title}</strong>
      {problem.detail && <p className="problem-detail">{problem.detail}</p>}
      {problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              <code>{e.path}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {problem.status === 401 && (
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            storeToken(undefined);
            location.assign(`/sign-in?returnTo=${encodeURIComponent(location.pathname + location.search)}`);
          }}
        >
          Sign in again
        </button>
      )}{" "}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A placeholder while a part of the page loads. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}
