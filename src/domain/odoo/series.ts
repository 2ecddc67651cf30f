/** The Odoo major versions ("series") whose rules the planner knows. */
export const ODOO_SERIES = ["16.0", "17.0", "18.0", "19.0"] as const;
export type OdooSeries = (typeof ODOO_SERIES)[number];

/** The series for a text such as `17.0` or `17`, or undefined when unknown. */
export function parseSeries(text: string): OdooSeries | undefined {
  const t = /^\d+$/.test(text) ? `${text}.0` : text;
  return (ODOO_SERIES as readonly string[]).includes(t) ? (t as OdooSeries) : undefined;
}

/** The major number of a series (`17.0` → 17). */
export function seriesMajor(series: OdooSeries): number {
  return Number(series.split(".")[0]);
}

/** Manifest file names the series reads, in the order it checks them (`odoo/modules/module.py`). */
export function manifestNames(series: OdooSeries): readonly string[] {
  return seriesMajor(series) >= 19 ? ["__manifest__.py"] : ["__manifest__.py", "__openerp__.py"];
}
