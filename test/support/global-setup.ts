import { ensureDashboardBuilt } from "./web.js";

/**
 * Runs once before the test files: builds the web dashboard if its sources changed since the last build,
 * so that the browser test files, which run in parallel, never build it at the same time.
 */
export default function setup(): void {
  ensureDashboardBuilt();
}
