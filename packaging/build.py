"""Build the one-folder program with PyInstaller and, with --smoke, prove that it runs.

    python packaging/build.py [--smoke] [--dist DIR]

Needs the build extra: pip install -e ".[build]". Output: DIST/retrofit-app/
(default dist/retrofit-app/). The smoke run uses the built programs only: --version,
demo FILE, report FILE --kind survey, a field copy merged back, and the window opened offscreen until it has
shown every tab (RETROFIT_APP_QUIT_AFTER_SHOW). Settings go to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bundle_contents as contents  # noqa: E402
from version_info import app_version  # noqa: E402

EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
SMOKE_ESTATE = "GL-0001"  # the first estate of the demo project


def build(dist: Path, work: Path) -> Path:
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work), str(HERE / "retrofit_app.spec"),
    ]  # fmt: skip
    subprocess.run(command, check=True, cwd=ROOT)
    return dist / contents.APP_NAME


def run(step: str, command: list[str], env: dict[str, str], timeout: float = 120) -> str:
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    took = time.monotonic() - started
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"smoke test failed at {step} (exit {done.returncode})")
    print(f"  ok  {step}  ({took:.1f} s)  {done.stdout.strip()[:120]}")
    return done.stdout


def smoke(folder: Path) -> None:
    """Run the built programs as a user would; stop at the first step that fails."""
    cli = str(folder / (contents.CLI_NAME + EXE_SUFFIX))
    window = str(folder / (contents.APP_NAME + EXE_SUFFIX))
    scratch = Path(tempfile.mkdtemp(prefix="retrofit-smoke-"))
    env = dict(os.environ)
    env.update(
        RETROFIT_APP_CONFIG_DIR=str(scratch / "config"),
        RETROFIT_APP_DATA_DIR=str(scratch / "data"),
        RETROFIT_APP_LOG_DIR=str(scratch / "logs"),
        QT_QPA_PLATFORM=env.get("QT_QPA_PLATFORM", "offscreen"),
    )
    # Nothing from the source tree or site-packages may leak in: the folder must stand alone.
    env.pop("PYTHONPATH", None)
    env["PYTHONNOUSERSITE"] = "1"
    project = scratch / "示范项目.gpkg"
    pdf = scratch / "调查汇总.pdf"
    version = run("--version", [cli, "--version"], env)
    if app_version() not in version:
        raise SystemExit(f"--version printed {version!r}, expected {app_version()}")
    run("demo", [cli, "demo", str(project)], env)
    run("info", [cli, "info", str(project)], env)
    command = [cli, "report", str(project), "--estate", SMOKE_ESTATE, "--kind", "survey"]
    run("report", [*command, "--out", str(pdf)], env)
    if not pdf.read_bytes().startswith(b"%PDF"):
        raise SystemExit(f"{pdf} is not a PDF")
    # pygeodiff's native library, loaded with ctypes, is used only by a merge.
    field_copy = scratch / "外业副本.gpkg"
    run(
        "export-package",
        [cli, "export-package", str(project), "--estate", SMOKE_ESTATE, "--out", str(field_copy)],
        env,
    )
    run("merge-package", [cli, "merge-package", str(project), str(field_copy)], env)
    env["RETROFIT_APP_QUIT_AFTER_SHOW"] = "1"
    run("window", [window, "gui", str(project)], env)
    shutil.rmtree(scratch, ignore_errors=True)  # kept when a step fails, to look at


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="run the built programs afterwards")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--skip-build", action="store_true", help="only the smoke test")
    args = parser.parse_args(argv)
    started = time.monotonic()
    folder = args.dist / contents.APP_NAME
    if not args.skip_build:
        folder = build(args.dist, args.work)
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        print(f"built {folder} ({size / 2**20:.0f} MB) in {time.monotonic() - started:.0f} s")
    if args.smoke:
        smoke(folder)
    print(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
