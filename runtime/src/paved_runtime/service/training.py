"""Train the owner's model on the project's data, check it, save it, and load it back.

The conventions, so that model.py holds only the owner's logic:
- `model.TRAINING_DATA` is a CSV with one column per field of `model.Features` and the
  column `model.TARGET`; every row is validated against `Features` before training;
- a quarter of the rows is held out to measure the model (the kind's `evaluate`);
- the model is saved only when its score reaches `model.MIN_SCORE`, to
  `model/model.joblib`, with its metadata (`ModelInfo`) beside the estimator.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import sklearn
from pydantic import ValidationError
from sklearn.model_selection import train_test_split

from ..catalog import CATALOG_FILE, read_entry
from ..config import project_root as find_root
from ..errors import FlowError
from .model_service import DEFAULT_MODEL, ModelService
from .schemas import ModelInfo, TrainingDataset

_FORMAT = 1


class TrainingDataError(FlowError):
    """The training data does not match the model's features and target."""


class ModelNotFoundError(FlowError, FileNotFoundError):
    """No trained model where one was expected."""


@dataclass
class TrainedModel:
    """A fitted estimator and what it is."""

    estimator: Any
    info: ModelInfo


@dataclass
class TrainingResult:
    """What one training run produced."""

    model: TrainedModel
    path: Path | None
    score_name: str  # the kind's SCORE metric
    min_score: float  # model.MIN_SCORE

    @property
    def score(self) -> float:
        return self.model.info.metrics[self.score_name]

    @property
    def passed(self) -> bool:
        return self.score >= self.min_score


def project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` that holds catalog-info.yaml."""
    return find_root(start, marker=CATALOG_FILE)


def load_training_data(service: ModelService, path: Path) -> tuple[list[dict[str, Any]], list[Any]]:
    """Rows of features (validated against model.Features) and their targets."""
    model, parse_target = service.model, service.predictions.parse_target
    rows: list[dict[str, Any]] = []
    targets: list[Any] = []
    try:
        handle = path.open(newline="", encoding="utf-8")
    except FileNotFoundError:
        raise TrainingDataError(f"{path} is missing (model.TRAINING_DATA)") from None
    with handle:
        reader = csv.DictReader(handle)
        if model.TARGET not in (reader.fieldnames or []):
            raise TrainingDataError(f"{path}: no column {model.TARGET!r} (model.TARGET)")
        for line, record in enumerate(reader, start=2):
            if None in record or None in record.values():
                raise TrainingDataError(f"{path}:{line}: the row does not match the header")
            try:
                target = parse_target(record.pop(model.TARGET))
                rows.append(model.Features.model_validate(record).model_dump())
            except (ValidationError, ValueError) as error:
                raise TrainingDataError(f"{path}:{line}: {_first_line(error)}") from None
            targets.append(target)
    if not rows:
        raise TrainingDataError(f"{path}: no rows")
    return rows, targets


def train(
    service: ModelService, root: Path, output: Path | None = None, *, force: bool = False
) -> TrainingResult:
    """Train on root/model.TRAINING_DATA; save when the score reaches model.MIN_SCORE.

    `output` defaults to root/model/model.joblib. `force` saves a model below the gate.
    """
    model, kind = service.model, service.predictions
    data = root / model.TRAINING_DATA
    rows, targets = load_training_data(service, data)
    train_rows, test_rows, train_targets, test_targets = train_test_split(
        rows,
        targets,
        test_size=0.25,
        random_state=0,
        stratify=targets if kind.KIND == "classifier" else None,
    )
    estimator = model.build_estimator().fit(train_rows, train_targets)
    entry = read_entry(root)
    info = ModelInfo(
        name=service.package,
        version=model.MODEL_VERSION,
        kind=kind.KIND,
        owner=entry.owner,
        trained_at=datetime.now(UTC).replace(microsecond=0),
        training_dataset=TrainingDataset(
            name=entry.training_dataset or data.stem,
            version=entry.training_dataset_version,
            path=data.relative_to(root).as_posix(),
            rows=len(rows),
            sha256=hashlib.sha256(data.read_bytes()).hexdigest(),
        ),
        estimator=describe(estimator),
        framework=f"scikit-learn {sklearn.__version__}",
        features=list(model.Features.model_fields),
        target=model.TARGET,
        metrics=kind.evaluate(test_targets, kind.predict(estimator, test_rows)),
    )
    result = TrainingResult(TrainedModel(estimator, info), None, kind.SCORE, model.MIN_SCORE)
    if result.passed or force:
        result.path = save_model(result.model, output or root / DEFAULT_MODEL)
    return result


def save_model(trained: TrainedModel, path: Path) -> Path:
    """Write a trained model and its metadata to one joblib file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    bundle = {
        "format": _FORMAT,
        "estimator": trained.estimator,
        "info": trained.info.model_dump(mode="json"),
    }
    joblib.dump(bundle, path)
    return path


def load_model(service: ModelService, path: Path) -> TrainedModel:
    """Read a model saved by `save_model`."""
    if not path.is_file():
        raise ModelNotFoundError(
            f"no trained model at {path}: run `python -m {service.package} train` first"
        )
    bundle = joblib.load(path)
    if not isinstance(bundle, dict) or bundle.get("format") != _FORMAT:
        raise ModelNotFoundError(f"{path} is not a model saved by `{service.package} train`")
    return TrainedModel(bundle["estimator"], ModelInfo.model_validate(bundle["info"]))


def describe(estimator: Any) -> str:
    """A one-line name of an estimator: its class, or its pipeline's steps."""
    steps = getattr(estimator, "steps", None)
    if steps:
        return " -> ".join(type(step).__name__ for _, step in steps)
    return type(estimator).__name__


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return "; ".join(lines[:3]) or type(error).__name__
