import type { AutoInstall } from "./manifest.js";
import type { CatalogModule } from "./module-catalog.js";

/** A catalog from `{name: [depends]}` (test helper; kept in the domain so tests stay pure). */
export function catalogOf(
  spec: Record<string, readonly string[]>,
  extra: Record<
    string,
    { autoInstall?: AutoInstall; installable?: boolean; license?: string; excludes?: string[] }
  > = {},
): Map<string, CatalogModule> {
  const m = new Map<string, CatalogModule>();
  for (const [name, depends] of Object.entries(spec)) {
    const x = extra[name] ?? {};
    m.set(name, {
      name,
      depends: [...depends],
      autoInstall: x.autoInstall ?? false,
      installable: x.installable ?? true,
      excludes: x.excludes ?? [],
      dependsSource: "addons-path",
      ...(x.license ? { license: x.license } : {}),
    });
  }
  return m;
}
