"""tools/screenshot.py renders every tab of the window to PNG and leaves the project file alone."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def test_one_png_per_tab_and_the_project_unchanged(demo_path: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(demo_path.read_bytes()).hexdigest()
    out = tmp_path / "截图"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screenshot.py"), "--project", str(demo_path), "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    shots = sorted(p.name for p in out.glob("*.png"))
    assert shots == [
        "01-地图.png",
        "02-概况.png",
        "03-检查表.png",
        "04-意见征询.png",
        "05-照片.png",
        "06-计划与管理.png",
        "07-报告.png",
        "08-统计.png",
    ]
    image = QImage(str(out / "02-概况.png"))
    assert image.width() >= 1280 and image.height() >= 800
    assert hashlib.sha256(demo_path.read_bytes()).hexdigest() == before
