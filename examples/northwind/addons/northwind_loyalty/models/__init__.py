from . import loyalty_tier
from . import res_partner
