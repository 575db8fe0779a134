"""A regressor's predictions: a number, judged by R²."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field
from sklearn import metrics as sk_metrics

KIND: Literal["regressor"] = "regressor"
# The metric that training's quality gate (model.MIN_SCORE) applies to.
SCORE = "r2"


class Prediction(BaseModel):
    """The model's answer for one row."""

    value: float = Field(description="The predicted value of the model's target.")


def predict(estimator: Any, rows: Sequence[dict[str, Any]]) -> list[Prediction]:
    """Predict rows of features (dicts) with a fitted regressor."""
    return [Prediction(value=float(value)) for value in estimator.predict(list(rows))]


def parse_target(value: str) -> float:
    """A target value of the training data, as the estimator learns it."""
    return float(value)


def point(prediction: Prediction) -> float:
    """The single answer of a prediction, comparable with a target value."""
    return prediction.value


def evaluate(targets: Sequence[float], predictions: Sequence[Prediction]) -> dict[str, float]:
    """Metrics of predictions against the true targets (the first one is SCORE)."""
    values = [point(prediction) for prediction in predictions]
    return {
        "r2": float(sk_metrics.r2_score(targets, values)),
        "mae": float(sk_metrics.mean_absolute_error(targets, values)),
        "rmse": math.sqrt(sk_metrics.mean_squared_error(targets, values)),
    }
