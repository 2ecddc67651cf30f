# Northwind Retail: logo and colours of printed receipts; installed with the fiscal receipts.
{
    "name": "Northwind Receipt Branding",
    "version": "1.0.4",
    "category": "Hidden",
    "author": "Northwind Retail",
    "license": "LGPL-3",
    "depends": ["northwind_pos_fiscal"],
    "auto_install": True,
    "assets": {
        "point_of_sale.assets": [
            "northwind_receipt_branding/static/src/scss/receipt.scss",
        ],
    },
}
