"""What the tests look for in published text: a mobile or ID number left in clear."""

from __future__ import annotations

import re


def contains_unmasked_number(text: str) -> bool:
    """True when `text` holds an 11-digit mobile number or an 18-character ID number in clear."""
    return bool(
        re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text)
        or re.search(r"(?<!\d)\d{17}[\dXx](?!\w)", text)
    )
