"""Reusable widgets of the paved TUI."""
