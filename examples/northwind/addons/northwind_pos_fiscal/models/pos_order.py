from odoo import api, fields, models


class PosOrder(models.Model):
    _inherit = "pos.order"

    fiscal_receipt_number = fields.Char(readonly=True, copy=False, index=True)
    fiscal_signature = fields.Char(readonly=True, copy=False)
    fiscal_journal_id = fields.Many2one(
        "northwind.pos.fiscal.journal", related="config_id.fiscal_journal_id", store=True
    )
    gst_amount = fields.Monetary(compute="_compute_gst_amount", store=True)

    @api.depends("lines.price_subtotal_incl", "lines.price_subtotal")
    def _compute_gst_amount(self):
        for order in self:
            order.gst_amount = sum(
                line.price_subtotal_incl - line.price_subtotal for line in order.lines
            )

    def _prepare_fiscal_receipt(self):
        self.ensure_one()
        journal = self.fiscal_journal_id
        if journal and not self.fiscal_receipt_number:
            self.fiscal_receipt_number = journal.sequence_id.next_by_id()
        return {"number": self.fiscal_receipt_number, "gst": self.gst_amount}
