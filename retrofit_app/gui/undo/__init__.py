"""Undo steps: each QUndoCommand replays an edit through a core service (saved_edit.py: the rule)."""
