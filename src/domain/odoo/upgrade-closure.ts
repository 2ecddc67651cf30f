import { cmp } from "./finding.js";
import { reverseDependencies, type Catalog, type ModuleState } from "./module-catalog.js";

/** Why a module is upgraded. */
export type UpgradeReason =
  | { readonly kind: "selected" }
  | { readonly kind: "all-installed-for-base" }
  | { readonly kind: "depends-on"; readonly module: string };

/** Why a module gets installed. */
export type InstallReason =
  | { readonly kind: "new-dependency"; readonly of: string }
  | { readonly kind: "auto-install"; readonly triggers: readonly string[] };

/** A problem that makes Odoo refuse the operation (a `UserError`) or leaves a module unloadable. */
export interface ClosureProblem {
  readonly kind: "unknown-dependency" | "uninstallable-dependency" | "excluded";
  readonly module: string;
  readonly dependency: string;
}

export interface ClosureResult {
  /** Module states after `button_upgrade()` (and the `button_install()` it triggers). */
  readonly states: ReadonlyMap<string, ModuleState>;
  readonly upgrade: ReadonlyMap<string, UpgradeReason>;
  readonly install: ReadonlyMap<string, InstallReason>;
  /** Selected names that are not installed: `-u` silently ignores them. */
  readonly ignored: readonly string[];
  readonly problems: readonly ClosureProblem[];
}

const INSTALL_STATES: ReadonlySet<ModuleState> = new Set(["installed", "to install", "to upgrade"]);

/**
 * What `odoo-bin -u <selected>` marks (`loading.py` STEP 2, `ir_module.py` `button_upgrade` and
 * `button_install`): the selected installed modules, every installed module depending on them
 * transitively, then new dependencies to install and the `auto_install` modules they trigger.
 * `states` are the database states; modules of the catalog absent from it are `uninstalled`
 * (what `update_list()` creates).
 */
export function upgradeClosure(input: {
  readonly catalog: Catalog;
  readonly states: ReadonlyMap<string, ModuleState>;
  readonly selected: readonly string[];
}): ClosureResult {
  const { catalog } = input;
  const states = new Map(input.states);
  for (const m of catalog.values()) {
    const s = states.get(m.name);
    if (s === undefined) states.set(m.name, m.installable ? "uninstalled" : "uninstallable");
    else if (s === "uninstallable" && m.installable) states.set(m.name, "uninstalled");
  }
  const stateOf = (n: string): ModuleState | "unknown" => states.get(n) ?? "unknown";
  const problems: ClosureProblem[] = [];
  const upgrade = new Map<string, UpgradeReason>();
  const install = new Map<string, InstallReason>();
  const selected = [...new Set(input.selected)].sort();
  const ignored = selected.filter((n) => !["installed", "to upgrade"].includes(stateOf(n)));

  const todo: string[] = [];
  for (const n of selected) {
    if (ignored.includes(n)) continue;
    todo.push(n);
    upgrade.set(n, { kind: "selected" });
  }
  if (selected.includes("base") && !ignored.includes("base")) {
    for (const [n, s] of [...states].sort((a, b) => cmp(a[0], b[0]))) {
      if (s === "installed" && n !== "studio_customization" && !upgrade.has(n)) {
        todo.push(n);
        upgrade.set(n, { kind: "all-installed-for-base" });
      }
    }
  }
  const rev = reverseDependencies(catalog);
  for (let i = 0; i < todo.length; i++) {
    const n = todo[i] as string;
    for (const dependent of rev.get(n) ?? []) {
      if (
        stateOf(dependent) === "installed" &&
        !upgrade.has(dependent) &&
        dependent !== "studio_customization"
      ) {
        todo.push(dependent);
        upgrade.set(dependent, { kind: "depends-on", module: n });
      }
    }
  }
  for (const n of todo) states.set(n, "to upgrade");

  const toInstall: { name: string; of: string }[] = [];
  for (const n of todo) {
    const m = catalog.get(n);
    if (!m || !m.installable) continue;
    for (const d of m.depends) {
      const s = stateOf(d);
      if (s === "unknown") problems.push({ kind: "unknown-dependency", module: n, dependency: d });
      else if (s === "uninstalled") toInstall.push({ name: d, of: n });
      else if (s === "uninstallable")
        problems.push({ kind: "uninstallable-dependency", module: n, dependency: d });
    }
  }

  // button_install: mark modules and their dependencies, then auto_install modules, until stable.
  const markInstall = (name: string, reason: InstallReason, level: number) => {
    if (level < 1) return;
    if (stateOf(name) !== "uninstalled") return;
    for (const d of catalog.get(name)?.depends ?? []) {
      const s = stateOf(d);
      if (s === "unknown") problems.push({ kind: "unknown-dependency", module: name, dependency: d });
      else if (s === "uninstallable")
        problems.push({ kind: "uninstallable-dependency", module: name, dependency: d });
      else markInstall(d, { kind: "new-dependency", of: name }, level - 1);
    }
    states.set(name, "to install");
    if (!install.has(name)) install.set(name, reason);
  };
  let batch: { name: string; reason: InstallReason }[] = toInstall
    .sort((a, b) => cmp(a.name, b.name))
    .map((t) => ({ name: t.name, reason: { kind: "new-dependency", of: t.of } }));
  const autoInstallable = [...catalog.values()]
    .filter((m) => m.autoInstall !== false)
    .sort((a, b) => cmp(a.name, b.name));
  while (batch.length > 0) {
    for (const b of batch) markInstall(b.name, b.reason, 100);
    batch = [];
    for (const m of autoInstallable) {
      if (m.autoInstall === false || stateOf(m.name) !== "uninstalled") continue;
      const triggerStates = new Set(m.autoInstall.triggers.map(stateOf));
      const allIn = [...triggerStates].every((s) => INSTALL_STATES.has(s as ModuleState));
      if (allIn && triggerStates.has("to install")) {
        batch.push({ name: m.name, reason: { kind: "auto-install", triggers: m.autoInstall.triggers } });
      }
    }
  }
  // Exclusions (`excludes`) between modules that end up installed.
  const installedNames = new Set([...states].filter(([, s]) => INSTALL_STATES.has(s)).map(([n]) => n));
  for (const n of [...install.keys()].sort()) {
    for (const ex of catalog.get(n)?.excludes ?? []) {
      if (installedNames.has(ex)) problems.push({ kind: "excluded", module: n, dependency: ex });
    }
  }
  return { states, upgrade, install, ignored, problems: dedupeProblems(problems) };
}

function dedupeProblems(list: ClosureProblem[]): ClosureProblem[] {
  const seen = new Map<string, ClosureProblem>();
  for (const p of list) seen.set(`${p.kind}\0${p.module}\0${p.dependency}`, p);
  return [...seen.values()].sort(
    (a, b) => cmp(a.module, b.module) || cmp(a.dependency, b.dependency) || cmp(a.kind, b.kind),
  );
}
