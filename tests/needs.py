"""What some tests need beyond Python: tools, poppler-data, a CJK font; skip without it, fail in CI."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

GDAL_VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")
SYSTEM_PYTHON = Path("/usr/bin/python3")


def _tool(name: str) -> Callable[[], bool]:
    return lambda: shutil.which(name) is not None


def _cjk_font() -> bool:
    from retrofit_app.core.reports.fonts import system_candidates

    return any(path.is_file() for path in system_candidates())


# Apache PDFBox Preflight, the PDF/A validator, and the jars it loads (Debian's packages).
PREFLIGHT_JARS = tuple(
    Path("/usr/share/java", name)
    for name in ("preflight.jar", "pdfbox2.jar", "fontbox2.jar", "xmpbox.jar", "commons-logging.jar",
                 "javax.activation.jar", "jaxb-api.jar")
)  # fmt: skip


def _pyqgis() -> bool:
    """QGIS's Python bindings for the system Python (QGIS reading our GeoPackage as users see it)."""
    import subprocess

    if not SYSTEM_PYTHON.is_file():
        return False
    found = subprocess.run([str(SYSTEM_PYTHON), "-c", "import qgis.core"], capture_output=True, timeout=120)
    return found.returncode == 0


def _postgis_cluster() -> bool:
    """initdb, pg_ctl and PostGIS from Debian's packages, and psycopg 3 (the server tests, issue 26)."""
    import importlib.util

    from pg_cluster import available

    return available() and importlib.util.find_spec("psycopg") is not None


# name -> (is it here?, what installs it on Debian/Ubuntu)
NEEDS: dict[str, tuple[Callable[[], bool], str]] = {
    **{tool: (_tool(tool), "poppler-utils") for tool in ("pdftotext", "pdffonts", "pdfinfo", "pdfimages", "pdftoppm")},
    "ogrinfo": (_tool("ogrinfo"), "gdal-bin"),
    "validate_gpkg": (lambda: GDAL_VALIDATOR.is_file() and SYSTEM_PYTHON.is_file(), "python3-gdal"),
    "poppler-data": (lambda: Path("/usr/share/poppler/cMap/Adobe-GB1").is_dir(), "poppler-data"),
    "cjk-font": (_cjk_font, "fonts-wqy-zenhei"),
    "pyqgis": (_pyqgis, "python3-qgis"),
    "postgis": (_postgis_cluster, "postgresql-postgis"),
    # A real network share for the network-drive guard (issue 26): sshfs to an sshd on loopback
    "sshfs": (lambda: all(shutil.which(t) for t in ("sshfs", "/usr/sbin/sshd", "ssh-keygen")),
              "sshfs openssh-server"),
    "preflight": (
        lambda: shutil.which("java") is not None and all(jar.is_file() for jar in PREFLIGHT_JARS),
        "default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java",
    ),
}  # fmt: skip


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def need(*names: str) -> None:
    """Skip the running test when one of `names` is missing; in CI (CI=true) fail instead.

    CI installs everything these name, so a missing one there is a broken set-up, and a
    suite that went green by skipping would prove nothing.
    """
    for name in names:
        present, package = NEEDS[name]
        if present():
            continue
        message = f"needs {name} (sudo apt-get install {package})"
        if in_ci():
            pytest.fail(f"{message}: missing in CI, where it must be installed", pytrace=False)
        pytest.skip(message)
