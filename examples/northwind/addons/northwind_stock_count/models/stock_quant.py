from odoo import fields, models


class StockQuant(models.Model):
    _inherit = "stock.quant"

    count_session_id = fields.Many2one("northwind.stock.count.session", index=True)
    counted_by_id = fields.Many2one("res.users", string="Counted by")
