"""Masking of names, phone and ID numbers for published documents."""

from __future__ import annotations

import pytest
from privacy_checks import contains_unmasked_number

from retrofit_app.core.privacy import mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("name", "shown"),
    [("张晓明", "张*明"), ("张明", "张*"), ("欧阳晓明", "欧**明"), ("王", "王"), ("", ""),
     ("南京城建房地产开发有限公司", "南京城建房地产开发有限公司")],
)  # fmt: skip
def test_names_are_reduced_but_organisations_stay_named(name: str, shown: str) -> None:
    assert mask_name(name) == shown


def test_mobile_number_keeps_first_three_and_last_four() -> None:
    assert mask_phone("138 1234 5678") == "138****5678"
    assert mask_phone("025-8888") == "***8888"
    assert mask_phone("") == ""


def test_id_number_keeps_first_six_and_last_four() -> None:
    assert mask_id_number("32010219800101123x") == "320102********123X"
    assert mask_id_number("") == ""


def test_unmasked_numbers_are_found_and_masked_ones_are_not() -> None:
    assert contains_unmasked_number("联系电话 13812345678")
    assert contains_unmasked_number("身份证 320102198001011234")
    assert not contains_unmasked_number("138****5678 320102********1234 面积 68.52")
