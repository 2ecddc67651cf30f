from odoo import fields, models


class LoyaltyTier(models.Model):
    _name = "northwind.loyalty.tier"
    _description = "Northwind Rewards member tier"
    _order = "min_points"

    name = fields.Char(required=True, translate=True)
    min_points = fields.Integer(required=True)
    points_per_currency = fields.Float(default=1.0)
    birthday_voucher_amount = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", required=True)
