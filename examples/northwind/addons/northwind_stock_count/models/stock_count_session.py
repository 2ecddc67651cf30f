from odoo import fields, models


class StockCountSession(models.Model):
    """A count of one store's stock locations, opened by the store manager, closed after review."""

    _name = "northwind.stock.count.session"
    _description = "Store stock count session"
    _inherit = ["mail.thread"]

    name = fields.Char(required=True, default="New")
    warehouse_id = fields.Many2one("stock.warehouse", required=True)
    location_ids = fields.Many2many("stock.location", string="Counted locations")
    state = fields.Selection(
        [("draft", "Draft"), ("counting", "Counting"), ("review", "Variance review"), ("done", "Done")],
        default="draft",
        tracking=True,
    )
    blind = fields.Boolean(string="Blind count", default=True)
    quant_ids = fields.One2many("stock.quant", "count_session_id")
    variance_value = fields.Float(digits="Product Price")
    scheduled_date = fields.Datetime(required=True)
