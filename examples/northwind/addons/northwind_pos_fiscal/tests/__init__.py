from . import test_fiscal_receipt
