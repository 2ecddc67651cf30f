from odoo.tests import tagged
from odoo.addons.point_of_sale.tests.common import TestPoSCommon


@tagged("post_install", "-at_install")
class TestFiscalReceipt(TestPoSCommon):
    def test_receipt_number_is_assigned_once(self):
        order = self.env["pos.order"].search([], limit=1)
        if order:
            first = order._prepare_fiscal_receipt()["number"]
            self.assertEqual(order._prepare_fiscal_receipt()["number"], first)
