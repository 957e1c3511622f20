"""How exact numbers leave the API: '4/5', '12', never a rounded float, so clients can redo the arithmetic."""

from fractions import Fraction


def exact(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
