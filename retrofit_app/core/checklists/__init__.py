"""Checklists: templates, answers, progress, defects."""
