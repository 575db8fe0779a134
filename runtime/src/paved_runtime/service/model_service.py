"""One model service: the owner's model module and what the platform derives from it.

The owner's `model.py` holds `MODEL_VERSION`, `TRAINING_DATA`, `TARGET`, `MIN_SCORE`,
`Features` (a pydantic model of one row) and `build_estimator()`; the generated repo's
`__main__.py` names it, with the package, its version and the kind of model.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel

from ..errors import FlowError
from ..openapi import Snapshot
from . import classifier, regressor
from .schemas import request_model, response_model

KINDS = {"classifier": classifier, "regressor": regressor}
DEFAULT_MODEL = Path("model") / "model.joblib"
# What the owner's model.py defines.
OWNER_NAMES = (
    "MODEL_VERSION",
    "TRAINING_DATA",
    "TARGET",
    "MIN_SCORE",
    "Features",
    "build_estimator",
)


@dataclass
class ModelService:
    """A generated repo's service: `model` is the owner's module, `kind` classifier or
    regressor."""

    model: ModuleType
    package: str
    version: str
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise FlowError(f"unknown model kind {self.kind!r}: use one of {', '.join(KINDS)}")
        missing = [name for name in OWNER_NAMES if not hasattr(self.model, name)]
        if missing:
            raise FlowError(f"src/{self.package}/model.py: define {', '.join(missing)}")

    @property
    def predictions(self) -> ModuleType:
        """The kind's module: `Prediction`, `predict`, `evaluate`, `SCORE`..."""
        return KINDS[self.kind]

    @cached_property
    def request(self) -> type[BaseModel]:
        """`PredictRequest`, built once so that the app and the tests share one class."""
        return request_model(self.model.Features)

    @cached_property
    def response(self) -> type[BaseModel]:
        """`PredictResponse`, built once for the same reason."""
        return response_model(self.predictions.Prediction)

    @cached_property
    def openapi(self) -> Snapshot:
        """The API contract, contracts/openapi.json, compared with what the app serves."""
        from .app import create_app

        return Snapshot(lambda: create_app(self).openapi(), self.package)

    def model_path(self) -> Path:
        """Where the service loads its model from: $MODEL_PATH, or model/model.joblib."""
        return Path(os.environ.get("MODEL_PATH") or DEFAULT_MODEL)
