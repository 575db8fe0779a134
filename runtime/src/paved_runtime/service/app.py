"""The HTTP service: health, predictions, and what the model is.

`create_app()` builds the app without touching the model, so the OpenAPI document can
be produced anywhere; the model is loaded when the app starts serving. No `from
__future__ import annotations`: FastAPI reads the routes' annotations, and the request
and response models are the service's own, local to `create_app`.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from .model_service import ModelService
from .schemas import Health, ModelInfo
from .training import TrainedModel, load_model


def _served_model(request: Request) -> TrainedModel:
    return request.app.state.model


# The model the app loaded at startup, for the endpoints that need it.
Served = Annotated[TrainedModel, Depends(_served_model)]


def create_app(service: ModelService, path: Path | None = None) -> FastAPI:
    """The service, serving the model saved at `path` (default: `service.model_path()`)."""
    PredictRequest, PredictResponse = service.request, service.response  # noqa: N806
    predict = service.predictions.predict

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.model = load_model(service, path or service.model_path())
        yield

    app = FastAPI(
        title=service.package,
        version=service.version,
        description=(
            f"Serves the {service.package} {service.kind}: `POST /predict` predicts rows, "
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
