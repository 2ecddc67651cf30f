"""Tests in the shape of an Odoo addon's (unittest classes, like Odoo's TransactionCase) exercising a
point-of-sale order synchronisation. scripts/evidence-samples.js runs them through pytest's JUnit reporter
and through unittest-xml-reporting (Debian package python3-xmlrunner) to produce the JUnit samples in
src/domain/evidence/samples/junit/. Plain Python, so they run without an Odoo server."""

import time
import unittest


def _order_total(lines):
    return round(sum(qty * price for qty, price in lines), 2)


class TestPosOrderSync(unittest.TestCase):
    def test_sync_single_order(self):
        self.assertEqual(_order_total([(2, 4.5), (1, 10)]), 19.0)

    def test_sync_batch_of_orders(self):
        time.sleep(0.05)
        self.assertEqual(len([_order_total([(1, i)]) for i in range(50)]), 50)

    def test_sync_refund_keeps_fiscal_position(self):
        fiscal_position = {"name": "EU B2C", "tax_ids": [21]}
        self.assertEqual(fiscal_position["tax_ids"], [21, 7], "refund lost the 7% tax <reduced rate> & the fiscal position")

    @unittest.skip("needs a fiscal printer (l10n_de_pos_cert)")
    def test_sync_with_fiscal_printer(self):
        pass


class TestStockReservation(unittest.TestCase):
    def test_reserve_quantity(self):
        self.assertTrue(_order_total([(3, 1.0)]) == 3.0)

    def test_reserve_on_archived_location(self):
        locations = {"WH/Stock": 10}
        # An unexpected exception in the test body: a KeyError, not an assertion.
        self.assertEqual(locations["WH/Archived"], 0)
