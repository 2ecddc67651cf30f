"""Meant for 1.0.2: link existing quants to the open count session of their warehouse.

The folder is named `1.0.2`; Odoo 16 reads a three-part folder as a full version, so this never runs
(it should be `16.0.1.0.2`, or `0.0.0` to run on every upgrade).
"""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE stock_quant q
           SET count_session_id = s.id
          FROM northwind_stock_count_session s
         WHERE s.state = 'counting' AND q.count_session_id IS NULL
        """
    )
