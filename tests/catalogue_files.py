"""The .po catalogues of core, command line and reports, read by the tool that keeps them (tools/core_words.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    if "core_words" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "core_words", ROOT / "tools" / "core_words.py"
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["core_words"] = module
        spec.loader.exec_module(module)
    return sys.modules["core_words"]


core_words = _tool()


def texts(lang: str) -> dict[str, str]:
    """Message id → text in `lang` ("zh" or "en")."""
    return {message.id: message.string for message in core_words.load(lang) if message.id}
