"""PySide6 front end: widgets, item models, dialogs, background jobs."""
