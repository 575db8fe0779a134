"""The HTTP service: health, predictions, and what the model is.

Managed by the platform (paved): a template update may change this file.

`create_app()` builds the app without touching the model, so the OpenAPI document can
be produced anywhere; the model is loaded when the app starts serving.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from . import __version__
from .prediction import KIND, predict
from .schemas import Health, ModelInfo, PredictRequest, PredictResponse
from .training import DEFAULT_MODEL, TrainedModel, load_model

PACKAGE = __package__ or __name__.partition(".")[0]


def _served_model(request: Request) -> TrainedModel:
    return request.app.state.model


# The model the app loaded at startup, for the endpoints that need it.
Served = Annotated[TrainedModel, Depends(_served_model)]


def model_path() -> Path:
    """Where the service loads its model from: $MODEL_PATH, or model/model.joblib."""
    return Path(os.environ.get("MODEL_PATH") or DEFAULT_MODEL)


def create_app(path: Path | None = None) -> FastAPI:
    """The service, serving the model saved at `path` (default: `model_path()`)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.model = load_model(path or model_path())
        yield

    app = FastAPI(
        title=PACKAGE,
        version=__version__,
        description=(
            f"Serves the {PACKAGE} {KIND}: `POST /predict` predicts rows, "
            "`GET /model` tells what the model is and what it was trained on."
        ),
        lifespan=lifespan,
    )

    @app.get("/health", tags=["service"])
    def health(trained: Served) -> Health:
        """Liveness and readiness: answers once the model is loaded."""
        return Health(model_version=trained.info.version)

    @app.get("/model", tags=["model"])
    def model_info(trained: Served) -> ModelInfo:
        """The served model: version, owner, training data, metrics."""
        return trained.info

    @app.post("/predict", tags=["model"])
    def predict_rows(request: PredictRequest, trained: Served) -> PredictResponse:
        """Predict one or more rows, in order."""
        rows = [instance.model_dump() for instance in request.instances]
        return PredictResponse(
            model_version=trained.info.version,
            predictions=predict(trained.estimator, rows),
        )

    return app
