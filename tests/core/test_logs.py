"""The program's log file: size rotation in bytes, the number of old files kept, a log full at start."""

from __future__ import annotations

import logging
from pathlib import Path

from retrofit_app.core.logs import LOG_NAME, SizeRotatingFileHandler

LINE = "第 %d 户：王建国，鼓楼区宁海路 12 号 3 单元 402 室"  # about 80 bytes in UTF-8


def _log_lines(handler: logging.Handler, count: int) -> None:
    logger = logging.getLogger("retrofit_app.test_logs")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        for n in range(count):
            logger.info(LINE, n)
    finally:
        logger.removeHandler(handler)
        handler.close()


def test_chinese_lines_never_push_a_file_past_its_size_in_bytes(tmp_path: Path) -> None:
    path = tmp_path / LOG_NAME
    _log_lines(SizeRotatingFileHandler(path, max_bytes=1_000, backups=3), 100)
    files = sorted(tmp_path.iterdir())
    assert [p.name for p in files] == [LOG_NAME] + [f"{LOG_NAME}.{n}" for n in (1, 2, 3)]
    assert all(0 < p.stat().st_size <= 1_000 for p in files)
    # The newest lines are in the live file, the ones before them in .1.
    assert "第 99 户" in path.read_text(encoding="utf-8")
    older = (tmp_path / f"{LOG_NAME}.1").read_text(encoding="utf-8")
    assert "第 99 户" not in older and older.splitlines()[-1].count("户") == 1


def test_no_old_files_kept_starts_the_log_afresh(tmp_path: Path) -> None:
    path = tmp_path / LOG_NAME
    _log_lines(SizeRotatingFileHandler(path, max_bytes=500, backups=0), 30)
    assert [p.name for p in tmp_path.iterdir()] == [LOG_NAME]
    assert 0 < path.stat().st_size <= 500
    assert "第 29 户" in path.read_text(encoding="utf-8")


def test_a_log_left_full_by_the_last_run_rotates_on_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / LOG_NAME
    path.write_text("上次运行\n" * 200, encoding="utf-8")
    _log_lines(SizeRotatingFileHandler(path, max_bytes=1_000, backups=2), 1)
    assert (tmp_path / f"{LOG_NAME}.1").read_text(encoding="utf-8").startswith("上次运行")
    assert path.read_text(encoding="utf-8").strip() == LINE % 0


def test_a_size_of_zero_means_the_log_never_rotates(tmp_path: Path) -> None:
    path = tmp_path / LOG_NAME
    _log_lines(SizeRotatingFileHandler(path, max_bytes=0, backups=2), 50)
    assert [p.name for p in tmp_path.iterdir()] == [LOG_NAME]
    assert path.read_text(encoding="utf-8").count("户") == 50
