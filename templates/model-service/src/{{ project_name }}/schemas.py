"""Requests and responses of the service, besides the model's own features and prediction.

Managed by the platform (paved): a template update may change this file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .model import Features
from .prediction import Prediction

# The most rows one request may ask predictions for.
MAX_BATCH = 1_000


class Health(BaseModel):
    """The service is up and has its model loaded."""

    status: Literal["ok"] = "ok"
    model_version: str


class PredictRequest(BaseModel):
    """Rows to predict: one or more."""

    model_config = ConfigDict(extra="forbid")

    instances: list[Features] = Field(
        min_length=1, max_length=MAX_BATCH, description="The rows to predict, in order."
    )


class PredictResponse(BaseModel):
    """One prediction per requested row, in the order of the request."""

    model_version: str
    predictions: list[Prediction]


class TrainingDataset(BaseModel):
    """The data the model was trained on."""

    name: str = Field(
        description="The catalog dataset trained on, or the local file's name without one."
    )
    version: str | None = Field(description="Version of the catalog dataset, when known.")
    path: str = Field(description="The local file trained on, relative to the project.")
    rows: int = Field(description="Rows in that file.")
    sha256: str = Field(description="SHA-256 of that file.")


class ModelInfo(BaseModel):
    """What the served model is, who owns it, and what it was trained on."""

    name: str = Field(description="The project (and Python package) serving the model.")
    version: str = Field(description="Model version, set by the owner in model.py.")
    kind: Literal["classifier", "regressor"]
    owner: str = Field(description="Owning team, from catalog-info.yaml.")
    trained_at: datetime
    training_dataset: TrainingDataset
    estimator: str = Field(description="The estimator, as scikit-learn prints it.")
    framework: str = Field(description="Library and version the model was trained with.")
    features: list[str]
    target: str
    metrics: dict[str, float] = Field(description="Metrics on the rows held out of training.")
