"""Scale-bar arithmetic shared by the map canvas and the map snapshot: round lengths and their text."""

from __future__ import annotations

import math


def nice_length(max_metres: float) -> float:
    """The largest 1, 2 or 5 × 10^n metres not longer than `max_metres` (0 when there is no room)."""
    if max_metres <= 0:
        return 0
    power = 10 ** math.floor(math.log10(max_metres))
    return max(n * power for n in (1, 2, 5) if n * power <= max_metres)


def scale_text(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
