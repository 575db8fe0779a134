"""Shared fixtures. Managed by the platform (paved)."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def root() -> Path:
    return ROOT


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that takes `dataset` once per dataset the project builds."""
    if "dataset" in metafunc.fixturenames:
        names = sorted(path.stem for path in (ROOT / "sql").glob("*.sql"))
        metafunc.parametrize("dataset", names)
