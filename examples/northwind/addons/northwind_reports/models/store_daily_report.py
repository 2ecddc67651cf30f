from odoo import fields, models, tools


class StoreDailyReport(models.Model):
    """A SQL view: one row per store and day."""

    _name = "northwind.store.daily.report"
    _description = "Store daily report"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    store_code = fields.Char(readonly=True)
    takings = fields.Float(readonly=True)
    gst_amount = fields.Float(readonly=True)
    rewards_points_issued = fields.Integer(readonly=True)
    count_variance_value = fields.Float(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE VIEW northwind_store_daily_report AS (
                SELECT min(o.id) AS id, o.date_order::date AS date, j.store_code,
                       sum(o.amount_total) AS takings, sum(o.gst_amount) AS gst_amount,
                       0 AS rewards_points_issued, 0.0 AS count_variance_value
                  FROM pos_order o
                  JOIN northwind_pos_fiscal_journal j ON j.id = o.fiscal_journal_id
                 GROUP BY o.date_order::date, j.store_code
            )
            """
        )
