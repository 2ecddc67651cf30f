"""1.2.0 stores the fiscal journal on the order: create the column before the ORM computes it."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "ALTER TABLE pos_order ADD COLUMN IF NOT EXISTS fiscal_journal_id integer"
    )
