from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    rewards_card_number = fields.Char(copy=False, index=True)
    rewards_points = fields.Integer(default=0)
    rewards_tier_id = fields.Many2one("northwind.loyalty.tier", compute="_compute_rewards_tier", store=True)

    @api.depends("rewards_points")
    def _compute_rewards_tier(self):
        tiers = self.env["northwind.loyalty.tier"].search([], order="min_points desc")
        for partner in self:
            partner.rewards_tier_id = next(
                (t for t in tiers if partner.rewards_points >= t.min_points), False
            )
