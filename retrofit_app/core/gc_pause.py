"""Python's cycle collector held off while one bulk step builds many small objects.

A roster import or an estate's tally makes hundreds of thousands of tuples and dicts that live
until the step ends; the collector would walk all of them again and again while they are made
(a fifth of a 500-unit tally, measured with bench/consultation_bench.py). Nothing they make is
a cycle worth collecting early, so the collector waits until the step is over.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection inside; collection as before after (also after an error). Nested or on
    several threads at once, the collector is back on once the first step that paused it ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
