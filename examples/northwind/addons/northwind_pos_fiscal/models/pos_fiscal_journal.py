from odoo import fields, models


class PosFiscalJournal(models.Model):
    """One fiscal journal per store: the numbering authority of its signed receipts."""

    _name = "northwind.pos.fiscal.journal"
    _description = "Fiscal journal of a store"
    _order = "store_code"

    name = fields.Char(required=True)
    store_code = fields.Char(string="Store code", required=True, index=True)
    config_ids = fields.One2many("pos.config", "fiscal_journal_id", string="Points of sale")
    sequence_id = fields.Many2one("ir.sequence", string="Receipt numbering", required=True)
    tax_regime = fields.Selection(
        [("sg_gst", "Singapore GST"), ("my_sst", "Malaysia SST")],
        required=True,
        default="sg_gst",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("store_code_unique", "unique(store_code)", "A store has one fiscal journal."),
    ]


class PosConfig(models.Model):
    _inherit = "pos.config"

    fiscal_journal_id = fields.Many2one("northwind.pos.fiscal.journal", string="Fiscal journal")
