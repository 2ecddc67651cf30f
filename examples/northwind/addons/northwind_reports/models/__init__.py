from . import store_daily_report
