from odoo import fields, models


class CountVarianceWizard(models.TransientModel):
    _name = "northwind.count.variance.wizard"
    _description = "Approve the variances of a count session"

    session_id = fields.Many2one("northwind.stock.count.session", required=True)
    reason_id = fields.Many2one("stock.count.reason")
    note = fields.Text()

    def action_approve(self):
        self.session_id.quant_ids.action_apply_inventory()
        self.session_id.state = "done"
