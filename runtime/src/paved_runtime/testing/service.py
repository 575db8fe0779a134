"""A model service's tests: the model trains, passes its gate, saves and loads; the
service answers health, metadata and predictions; the served API matches its snapshot.

The generated repo's conftest.py gives the `service` fixture (its `ModelService`) and
imports the fixtures below, which the owner's own tests use too (`client`, `trained`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ..catalog import read_entry
from ..service.app import create_app
from ..service.cli import service_main
from ..service.model_service import ModelService
from ..service.training import (
    ModelNotFoundError,
    TrainingDataError,
    TrainingResult,
    load_model,
    load_training_data,
    train,
)

# The tests; the fixtures are imported by the repo's conftest.py, for every test module.
__all__ = [
    "test_app_serves_the_snapshot",
    "test_bad_request_gets_422",
    "test_bad_training_row_is_reported_with_its_line",
    "test_cli_trains_and_saves",
    "test_drift_is_caught_with_the_command_to_fix_it",
    "test_health",
    "test_missing_model_is_a_clear_error",
    "test_model_metadata",
    "test_model_passes_its_quality_gate",
    "test_predictions_are_the_model_s",
    "test_saved_model_loads_back",
    "test_served_api_matches_its_snapshot",
    "test_served_predictions_fit_the_data",
    "test_snapshot_documents_the_features",
    "test_training_is_reproducible",
]


@pytest.fixture(scope="session")
def root(request: pytest.FixtureRequest) -> Path:
    """The project: pytest's root folder, where its pyproject.toml is."""
    return Path(request.config.rootpath)


@pytest.fixture(scope="session")
def trained(
    service: ModelService, root: Path, tmp_path_factory: pytest.TempPathFactory
) -> TrainingResult:
    """A model trained from the project's own code and data, once per test session.

    Saved even below the quality gate so that the service tests still run;
    test_model_passes_its_quality_gate checks the gate.
    """
    return train(service, root, tmp_path_factory.mktemp("model") / "model.joblib", force=True)


@pytest.fixture(scope="session")
def client(service: ModelService, trained: TrainingResult) -> Iterator[TestClient]:
    """The service, serving that freshly trained model."""
    with TestClient(create_app(service, trained.path)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def data(service: ModelService, root: Path) -> tuple[list[dict[str, Any]], list[Any]]:
    return load_training_data(service, root / service.model.TRAINING_DATA)


# Training


def test_model_passes_its_quality_gate(trained):
    assert trained.passed, (
        f"held-out {trained.score_name} is {trained.score:.4f}, below MIN_SCORE "
        f"{trained.min_score} in model.py: improve the model or the data"
    )


def test_saved_model_loads_back(service, trained, data):
    loaded = load_model(service, trained.path)
    assert loaded.info == trained.model.info
    predict = service.predictions.predict
    assert predict(loaded.estimator, data[0][:10]) == predict(trained.model.estimator, data[0][:10])


def test_training_is_reproducible(service, trained, root, data, tmp_path):
    second = train(service, root, tmp_path / "model.joblib", force=True)
    assert second.model.info.metrics == trained.model.info.metrics
    predict = service.predictions.predict
    assert predict(second.model.estimator, data[0]) == predict(trained.model.estimator, data[0])


def test_missing_model_is_a_clear_error(service, tmp_path):
    with pytest.raises(ModelNotFoundError, match="train"):
        load_model(service, tmp_path / "model.joblib")


def test_bad_training_row_is_reported_with_its_line(service, root, tmp_path):
    shutil.copy(root / "catalog-info.yaml", tmp_path)
    relative = service.model.TRAINING_DATA
    source = (root / relative).read_text("utf-8").splitlines()
    header, first = source[0], source[1].split(",")
    first[0] = "not-a-value"
    (tmp_path / relative).parent.mkdir(parents=True)
    (tmp_path / relative).write_text("\n".join([header, *source[2:5], ",".join(first)]) + "\n")
    with pytest.raises(TrainingDataError, match=r":5: "):
        train(service, tmp_path)


def test_cli_trains_and_saves(service, root, tmp_path, capsys):
    output = tmp_path / "model.joblib"
    assert service_main(service, ["train", "--root", str(root), "--output", str(output)]) == 0
    assert load_model(service, output).info.version == service.model.MODEL_VERSION
    assert f"saved {output}" in capsys.readouterr().out


# Serving


def test_health(service, client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "model_version": service.model.MODEL_VERSION}


def test_model_metadata(service, client, root, data):
    model, info, entry = service.model, client.get("/model").json(), read_entry(root)
    assert info["name"] == service.package
    assert info["version"] == model.MODEL_VERSION
    assert info["kind"] == service.kind
    assert info["owner"] == entry.owner
    assert info["features"] == list(model.Features.model_fields)
    assert info["target"] == model.TARGET
    trained_at = datetime.fromisoformat(info["trained_at"])
    assert abs(datetime.now(UTC) - trained_at) < timedelta(hours=1)
    assert info["metrics"][service.predictions.SCORE] >= model.MIN_SCORE
    dataset = info["training_dataset"]
    local = root / model.TRAINING_DATA
    assert dataset["path"] == model.TRAINING_DATA
    assert dataset["rows"] == len(data[0])
    assert dataset["sha256"] == hashlib.sha256(local.read_bytes()).hexdigest()
    if entry.training_dataset:
        assert dataset["name"] == entry.training_dataset
        assert dataset["name"] in entry.consumes, "the training dataset is not in consumesApis"
        assert dataset["version"] == entry.training_dataset_version
    else:
        assert dataset["name"] == local.stem
        assert dataset["version"] is None


def test_predictions_are_the_model_s(service, client, trained, data):
    rows, kind = data[0][:25], service.predictions
    response = client.post("/predict", json={"instances": rows})
    assert response.status_code == 200
    served = service.response.model_validate(response.json())
    assert served.model_version == service.model.MODEL_VERSION
    assert served.predictions == kind.predict(trained.model.estimator, rows)
    direct = trained.model.estimator.predict(rows)
    assert [kind.point(p) for p in served.predictions] == pytest.approx(list(direct))
    for prediction in served.predictions if service.kind == "classifier" else ():
        assert sum(prediction.probabilities.values()) == pytest.approx(1.0)
        assert prediction.probability == max(prediction.probabilities.values())


def test_served_predictions_fit_the_data(service, client, data):
    """Through the API, the model scores on its data at least what the gate asks."""
    rows, targets = data
    response = client.post("/predict", json={"instances": rows})
    assert response.status_code == 200
    served = service.response.model_validate(response.json()).predictions
    assert len(served) == len(rows)
    score = service.predictions.evaluate(targets, served)[service.predictions.SCORE]
    assert score >= service.model.MIN_SCORE


BAD_REQUESTS = {
    "empty batch": lambda row: {"instances": []},
    "missing feature": lambda row: {"instances": [dict(list(row.items())[1:])]},
    "unknown feature": lambda row: {"instances": [{**row, "unknown_feature": 1}]},
    "wrong type": lambda row: {"instances": [{**row, next(iter(row)): {"not": "a value"}}]},
    "not a batch": lambda row: row,
    "not an object": lambda row: [row],
}


@pytest.mark.parametrize("case", list(BAD_REQUESTS))
def test_bad_request_gets_422(client, data, case):
    response = client.post("/predict", json=BAD_REQUESTS[case](data[0][0]))
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][0] == "body"


# The API contract


def test_served_api_matches_its_snapshot(service, root):
    diff = service.openapi.drift(root)
    assert not diff, service.openapi.drift_message(diff)


def test_app_serves_the_snapshot(service, client, root):
    snapshot = json.loads((root / service.openapi.path).read_text("utf-8"))
    served = client.get("/openapi.json").json()
    regenerate = service.openapi.regenerate
    assert served == snapshot, f"/openapi.json differs from the snapshot: {regenerate}"


def test_snapshot_documents_the_features(service, root):
    snapshot = json.loads((root / service.openapi.path).read_text("utf-8"))
    features = snapshot["components"]["schemas"]["Features"]
    assert list(features["properties"]) == list(service.model.Features.model_fields)
    assert {"/health", "/model", "/predict"} <= set(snapshot["paths"])


def test_drift_is_caught_with_the_command_to_fix_it(service, root, tmp_path, capsys):
    openapi = service.openapi
    snapshot = json.loads((root / openapi.path).read_text("utf-8"))
    properties = snapshot["components"]["schemas"]["Features"]["properties"]
    del properties[next(iter(properties))]
    (tmp_path / "contracts").mkdir()
    (tmp_path / openapi.path).write_text(openapi.render(snapshot), "utf-8")
    for name in ("catalog-info.yaml", "pyproject.toml"):
        (tmp_path / name).write_text((root / name).read_text("utf-8"), "utf-8")
    assert openapi.drift(tmp_path)
    assert service_main(service, ["openapi", "--check", "--root", str(tmp_path)]) == 1
    assert openapi.regenerate in capsys.readouterr().err
    assert service_main(service, ["openapi", "--write", "--root", str(tmp_path)]) == 0
    assert openapi.drift(tmp_path) == []
    assert (tmp_path / openapi.path).read_text("utf-8") == openapi.render()
