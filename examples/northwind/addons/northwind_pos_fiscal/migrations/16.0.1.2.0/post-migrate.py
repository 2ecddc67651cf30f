"""Fill the stored fiscal journal of existing orders from their point of sale, in one statement."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE pos_order o
           SET fiscal_journal_id = c.fiscal_journal_id
          FROM pos_config c
         WHERE o.config_id = c.id AND o.fiscal_journal_id IS NULL
        """
    )
