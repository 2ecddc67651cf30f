# Northwind Retail: store performance reports across POS fiscal data, stock counts and rewards.
{
    "name": "Northwind Store Reports",
    "summary": "Daily store report: takings with GST, stock count variances and rewards redemptions",
    "version": "1.0.0",
    "category": "Reporting",
    "author": "Northwind Retail",
    "license": "OPL-1",
    "depends": ["northwind_pos_fiscal", "northwind_stock_count", "northwind_loyalty"],
    "data": [
        "security/ir.model.access.csv",
        "report/store_daily_report.xml",
        "views/store_report_views.xml",
    ],
    "installable": True,
}
