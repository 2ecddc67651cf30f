from . import stock_count_session
from . import stock_quant
