"""tools/screenshot.py at 150 % scaling and with a larger font: the pictures the closing note lists."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def shoot(demo_path: Path, out: Path, *options: str) -> list[Path]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, str(ROOT / "tools" / "screenshot.py"), "--project", str(demo_path),
               "--out", str(out), *options]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    return sorted(out.glob("*.png"))


def test_150_percent_scaling_renders_every_tab_with_half_again_the_pixels(demo_path, tmp_path):  # noqa: ANN001
    shots = shoot(
        demo_path, tmp_path / "150", "--scale", "1.5", "--size", "1024x700", "--language", "en"
    )
    assert [p.name for p in shots][:2] == ["01-Map.png", "02-Overview.png"] and len(shots) == 8  # every tab
    for shot in shots:
        image = QImage(str(shot))
        assert (image.width(), image.height()) == (1536, 1050), shot.name


def test_a_larger_font_keeps_the_window_at_its_size(demo_path, tmp_path):  # noqa: ANN001
    """14 pt text (Windows' "make text bigger") still fits a 1280 × 800 window on every tab."""
    shots = shoot(demo_path, tmp_path / "14pt", "--font-size", "14", "--size", "1280x800")
    assert len(shots) == 8  # every tab
    sizes = {shot.name: (QImage(str(shot)).width(), QImage(str(shot)).height()) for shot in shots}
    assert set(sizes.values()) == {(1280, 800)}, sizes
