"""The tests generated repos run, as importable pytest tests.

A generated repo's test modules import them (`from paved_runtime.testing.job import *`),
so a fix to a test reaches the fleet with the runtime's pin, and the owner adds tests of
their own beside them. The project is pytest's root folder (where its pyproject.toml is).
"""
