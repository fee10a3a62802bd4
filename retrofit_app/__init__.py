"""老旧小区改造调查 — the retrofit survey desktop app."""

__version__ = "0.1.0"
