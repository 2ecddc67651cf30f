# Northwind Retail: the "Northwind Rewards" card at the till (points per dollar, tiers, birthday vouchers).
{
    "name": "Northwind Rewards",
    "summary": "Loyalty card at the point of sale: points, member tiers and birthday vouchers",
    "version": "2.0.1",
    "category": "Sales/Point of Sale",
    "author": "Northwind Retail",
    "license": "OPL-1",
    "depends": ["point_of_sale"],
    "data": [
        "security/ir.model.access.csv",
        "data/loyalty_tier_data.xml",
        "views/res_partner_views.xml",
    ],
    "assets": {
        "point_of_sale.assets": [
            "northwind_loyalty/static/src/js/rewards_button.js",
            "northwind_loyalty/static/src/scss/rewards.scss",
        ],
    },
    "installable": True,
    "price": 0.0,
    "currency": "SGD",
}
