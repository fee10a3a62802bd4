"""The project file: open, create, migrate, back up. The only place with the project's SQL, beside the exchange's own (core/exchange/store)."""

from retrofit_app.core.storage.connection import connect
from retrofit_app.core.storage.create import create_project_file
from retrofit_app.core.storage.opening import SCHEMA_VERSION, open_project_file

__all__ = ["SCHEMA_VERSION", "connect", "create_project_file", "open_project_file"]
