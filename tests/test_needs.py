"""A test that needs a missing tool skips and says what installs it; in CI it fails instead."""

from __future__ import annotations

import pytest
from needs import NEEDS, need


@pytest.fixture
def missing_tool(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(NEEDS, "pdftotext", (lambda: False, "poppler-utils"))
    return "pdftotext"


def test_a_missing_tool_skips_with_the_package_that_installs_it(
    missing_tool: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install poppler-utils"):
        need(missing_tool)


def test_in_ci_a_missing_tool_fails_instead_of_skipping(
    missing_tool: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="needs pdftotext .*missing in CI"):
        need(missing_tool)


def test_a_present_tool_lets_the_test_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(NEEDS, "pdftotext", (lambda: True, "poppler-utils"))
    monkeypatch.setenv("CI", "true")
    need("pdftotext")  # neither skips nor fails
