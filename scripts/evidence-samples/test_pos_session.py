"""pytest-style tests (fixtures, skip, xfail) beside test_pos_sync.py; see that file."""

import pytest

from test_pos_sync import _order_total


@pytest.fixture
def pos_session():
    raise ConnectionError("could not open a POS session: cashbox 'Berlin-Mitte #3' is locked")


def test_close_session_with_cash_difference(pos_session):
    assert pos_session is not None


@pytest.mark.skip(reason="loyalty programs are disabled in this estate")
def test_loyalty_points_on_sync():
    pass


@pytest.mark.xfail(reason="known rounding issue with CHF cash rounding, see issue 4711")
def test_cash_rounding_chf():
    assert _order_total([(1, 0.03)]) == 0.05


def test_price_with_euro_sign():
    assert f"{_order_total([(1, 9.99)])} €" == "9.99 €"
