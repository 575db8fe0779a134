"""Requests and responses of a model service, around the owner's features and the kind's
prediction.

No `from __future__ import annotations` here: the request and response models are built
per service, from the owner's `Features` and the kind's `Prediction`, and pydantic reads
their annotations as the objects they are.
"""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# The most rows one request may ask predictions for.
MAX_BATCH = 1_000


class Health(BaseModel):
    """The service is up and has its model loaded."""

    status: Literal["ok"] = "ok"
    model_version: str


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


def request_model(features: type[BaseModel]) -> type[BaseModel]:
    """`PredictRequest`: a batch of the owner's `Features`."""

    class PredictRequest(BaseModel):
        """Rows to predict: one or more."""

        model_config = ConfigDict(extra="forbid")

        instances: list[features] = Field(  # type: ignore[valid-type]
            min_length=1, max_length=MAX_BATCH, description="The rows to predict, in order."
        )

    return PredictRequest


def response_model(prediction: type[BaseModel]) -> type[BaseModel]:
    """`PredictResponse`: one of the kind's `Prediction` per requested row."""

    class PredictResponse(BaseModel):
        """One prediction per requested row, in the order of the request."""

        model_version: str
        predictions: list[prediction]  # type: ignore[valid-type]

    return PredictResponse
