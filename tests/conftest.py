"""Shared fixtures: a fresh project file per test, settings kept out of the user's folders."""

from __future__ import annotations

import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from retrofit_app.core.project import Project  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "needs(*names): the test needs these tools or data (tests/needs.py: pdftotext, ogrinfo, "
        "validate_gpkg, poppler-data, cjk-font…); it skips without them, and fails in CI (CI=true)",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    from needs import need

    for marker in item.iter_markers("needs"):
        need(*marker.args)


@pytest.fixture(autouse=True)
def _private_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("RETROFIT_APP_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("RETROFIT_APP_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("RETROFIT_APP_LOG_DIR", str(base / "logs"))
    monkeypatch.delenv("RETROFIT_APP_LANG", raising=False)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "项目 test.gpkg"


@pytest.fixture
def project(project_path: Path):
    with Project.create(project_path, user="测试员") as opened:
        yield opened


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project, built once per session; copy it before writing to it."""
    from retrofit_app.core.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.gpkg"
    build_demo(path)
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "示范.gpkg"
    shutil.copyfile(demo_template, target)
    return target


_HOLD_LOCK = (
    "import sys\n"
    "from retrofit_app.core.instance_lock import InstanceLock\n"
    "lock = InstanceLock(sys.argv[1], user='王工')\n"
    "print('held' if lock.acquire() else 'refused', flush=True)\n"
    "sys.stdin.read()\n"  # hold it until the test closes our stdin (or kills us)
)


@pytest.fixture
def lock_holder():
    """lock_holder(path): another process (user 王工) that has `path` open for writing; ended after the test."""
    started: list[subprocess.Popen] = []

    def start(path: Path) -> subprocess.Popen:
        holder = subprocess.Popen(
            [sys.executable, "-c", _HOLD_LOCK, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(holder)
        assert holder.stdout.readline().strip() == "held"
        return holder

    yield start
    for holder in started:
        holder.kill()
        holder.wait()
