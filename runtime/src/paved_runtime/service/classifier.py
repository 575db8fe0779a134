"""A classifier's predictions: a label and its probabilities, judged by accuracy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field
from sklearn import metrics as sk_metrics

KIND: Literal["classifier"] = "classifier"
# The metric that training's quality gate (model.MIN_SCORE) applies to.
SCORE = "accuracy"


class Prediction(BaseModel):
    """The model's answer for one row."""

    label: str = Field(description="The most likely class.")
    probability: float = Field(ge=0, le=1, description="The probability of `label`.")
    probabilities: dict[str, float] = Field(description="The probability of every class.")


def predict(estimator: Any, rows: Sequence[dict[str, Any]]) -> list[Prediction]:
    """Predict rows of features (dicts) with a fitted classifier that has predict_proba."""
    classes = [str(name) for name in estimator.classes_]
    predictions = []
    for scores in estimator.predict_proba(list(rows)):
        probabilities = {name: float(score) for name, score in zip(classes, scores, strict=True)}
        label = max(classes, key=probabilities.__getitem__)
        predictions.append(
            Prediction(label=label, probability=probabilities[label], probabilities=probabilities)
        )
    return predictions


def parse_target(value: str) -> str:
    """A target value of the training data, as the estimator learns it."""
    return value.strip()


def point(prediction: Prediction) -> str:
    """The single answer of a prediction, comparable with a target value."""
    return prediction.label


def evaluate(targets: Sequence[str], predictions: Sequence[Prediction]) -> dict[str, float]:
    """Metrics of predictions against the true targets (the first one is SCORE)."""
    labels = [point(prediction) for prediction in predictions]
    classes = sorted(predictions[0].probabilities) if predictions else []
    probabilities = [[p.probabilities[name] for name in classes] for p in predictions]
    return {
        "accuracy": float(sk_metrics.accuracy_score(targets, labels)),
        "balanced_accuracy": float(sk_metrics.balanced_accuracy_score(targets, labels)),
        "f1_macro": float(sk_metrics.f1_score(targets, labels, average="macro")),
        "log_loss": float(sk_metrics.log_loss(targets, probabilities, labels=classes)),
    }
