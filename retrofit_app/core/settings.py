"""User settings (name, language, PDF font, recent files), shared by the window and the command line."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from retrofit_app.core.words import language_of

if TYPE_CHECKING:
    from retrofit_app.core.storage.backups import Retention

APP_NAME = "retrofit-app"


def config_dir() -> Path:
    override = os.environ.get("RETROFIT_APP_CONFIG_DIR")
    return (
        Path(override)
        if override
        else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    )


def data_dir() -> Path:
    override = os.environ.get("RETROFIT_APP_DATA_DIR")
    return (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )


def log_dir() -> Path:
    override = os.environ.get("RETROFIT_APP_LOG_DIR")
    return (
        Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    )


@dataclass
class Settings:
    user_name: str = ""
    language: str = "zh_CN"  # "zh_CN" or "en"
    pdf_font: str = ""  # a TrueType file chosen by the user; empty = look on the system
    recent_files: list[str] = field(default_factory=list)
    last_project: str = ""
    first_run_done: bool = False  # the first-run guide has been shown and closed (issue 10)
    backups_to_keep: int = 20
    backups_max_gb: float = 0.0  # at most this much disk for a project's backups; 0: no limit
    # Report settings (issuing office, document number pattern, parties): see core/reports/options.py.
    report: dict = field(default_factory=dict)

    @classmethod
    def load(cls) -> Settings:
        path = config_dir() / "settings.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        try:
            return cls(**known)
        except TypeError:
            return cls()

    def save(self) -> None:
        folder = config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / "settings.json.tmp"
        temp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(temp, folder / "settings.json")

    def remember(self, project: Path, limit: int = 10) -> None:
        text = str(Path(project).absolute())
        self.recent_files = [text] + [p for p in self.recent_files if p != text][: limit - 1]
        self.last_project = text

    @property
    def retention(self) -> Retention:
        """The backups a project keeps: backups_to_keep, within backups_max_gb when one is set."""
        # here, not at the top: the window's first picture comes before the backup code loads
        from retrofit_app.core.storage.backups import Retention
        limit = int(self.backups_max_gb * 1024**3) if self.backups_max_gb > 0 else None
        return Retention(self.backups_to_keep, limit)

    @property
    def lang(self) -> str:
        """'zh' or 'en', for sentences made in the core; RETROFIT_APP_LANG overrides."""
        return language_of(os.environ.get("RETROFIT_APP_LANG") or self.language)

    def default_project_path(self) -> Path:
        return data_dir() / "示范项目-demo.gpkg"
