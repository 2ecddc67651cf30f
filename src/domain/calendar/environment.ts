/**
 * What the calendar engine needs to know about an environment. The estate loader builds it from the
 * tenant and environment declarations; the engine never reads the estate itself.
 */
export interface EnvironmentContext {
  /** `tenant/env`, e.g. `northwind/prod`. */
  readonly id: string;
  readonly tenant: string;
  /** The environment's own name, e.g. `prod`. */
  readonly name: string;
  /** Kind such as `prod`, `staging` or `dev`, matched by window scopes. */
  readonly kind: string;
  /** Name of the region (time zone, holidays, trading hours) the environment serves. */
  readonly region: string;
  /** IANA zone in which floating windows are evaluated; normally the region's. */
  readonly timezone: string;
  /** Names of the calendars whose windows apply (subject to each window's scope). */
  readonly calendars: readonly string[];
}
