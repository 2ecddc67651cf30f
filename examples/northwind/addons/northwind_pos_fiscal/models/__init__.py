from . import pos_fiscal_journal
from . import pos_order
