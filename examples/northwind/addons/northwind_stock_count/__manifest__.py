# Northwind Retail: quarterly stock counts in the stores (count sessions, blind counts, variance review).
{
    "name": "Northwind Stock Count",
    "summary": "Store count sessions for the quarterly stock count, with blind counting and variance approval",
    "version": "1.0.3",
    "category": "Inventory/Inventory",
    "author": "Northwind Retail",
    "license": "LGPL-3",
    "depends": ["stock"],
    "data": [
        "security/ir.model.access.csv",
        "data/count_reason_data.xml",
        "views/stock_count_session_views.xml",
        "wizard/count_variance_wizard_views.xml",
    ],
    "installable": True,
}
