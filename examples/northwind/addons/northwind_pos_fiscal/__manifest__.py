# Northwind Retail: fiscal receipts for the point of sale (Singapore GST and Malaysian SST).
{
    "name": "Northwind POS Fiscal Receipts",
    "summary": "Signed fiscal receipt numbers, GST/SST breakdown and a fiscal journal per store",
    "version": "1.2.0",
    "category": "Sales/Point of Sale",
    "author": "Northwind Retail",
    "website": "https://northwind.example",
    "license": "LGPL-3",
    "depends": ["point_of_sale", "account"],
    "data": [
        "security/ir.model.access.csv",
        "data/fiscal_sequence_data.xml",
        "views/pos_fiscal_journal_views.xml",
        "views/pos_order_views.xml",
    ],
    "assets": {
        "point_of_sale.assets": [
            "northwind_pos_fiscal/static/src/js/fiscal_receipt.js",
            "northwind_pos_fiscal/static/src/xml/fiscal_receipt.xml",
        ],
    },
    "installable": True,
    "application": False,
}
