from . import count_variance_wizard
