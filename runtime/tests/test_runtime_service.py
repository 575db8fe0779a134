"""A model service on the runtime: the owner's model module trains, serves and keeps its
API contract, and what goes wrong is one line naming the owner's file."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
from fastapi.testclient import TestClient
from paved_runtime.errors import FlowError
from paved_runtime.service import ModelService, TrainingDataError, service_main
from paved_runtime.service.app import create_app
from paved_runtime.service.training import load_model, train

RUNTIME_SRC = Path(__file__).resolve().parents[1] / "src"
MODEL = '''
from typing import Literal
from pydantic import BaseModel, ConfigDict, Field
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import {estimator}
from sklearn.pipeline import make_pipeline

MODEL_VERSION = "2.0.0"
TRAINING_DATA = "data/rows.csv"
TARGET = "y"
MIN_SCORE = {min_score}

class Features(BaseModel):
    """One row."""
    model_config = ConfigDict(extra="forbid")
    x: float = Field(ge=0, le=100, description="A measure.")
    colour: Literal["red", "blue"]

def build_estimator():
    return make_pipeline(DictVectorizer(sparse=False), {estimator}({arguments}))
'''


def _service(root: Path, kind: str, min_score: float = 0.5) -> ModelService:
    """A project on disk (data, catalog-info.yaml) and the owner's model module."""
    classifier = kind == "classifier"
    source = MODEL.format(
        estimator="LogisticRegression" if classifier else "LinearRegression",
        arguments="max_iter=1000" if classifier else "",
        min_score=min_score,
    )
    model = ModuleType("model")
    exec(compile(source, str(root / "model.py"), "exec", dont_inherit=True), model.__dict__)
    rows = ["x,colour,y"]
    for i in range(80):
        x, colour = i * 1.25, ("red", "blue")[i % 2]
        target = ("high" if x > 50 else "low") if classifier else f"{2 * x + (i % 3):.2f}"
        rows.append(f"{x},{colour},{target}")
    (root / "data").mkdir(parents=True)
    (root / "data" / "rows.csv").write_text("\n".join(rows) + "\n")
    (root / "pyproject.toml").write_text('[project]\nname = "scoring"\n')
    (root / "catalog-info.yaml").write_text(
        textwrap.dedent("""\
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: scoring
            spec:
              type: model-service
              owner: group:analytics
        """)
    )
    return ModelService(model, "scoring", "0.3.0", kind=kind)


@pytest.mark.parametrize("kind", ["classifier", "regressor"])
def test_a_service_trains_saves_and_serves_the_owner_s_model(tmp_path, kind):
    service = _service(tmp_path, kind)
    result = train(service, tmp_path)
    assert result.passed and result.path == tmp_path / "model" / "model.joblib"
    assert result.score_name == ("accuracy" if kind == "classifier" else "r2")
    loaded = load_model(service, result.path)
    assert loaded.info == result.model.info
    assert loaded.info.owner == "analytics" and loaded.info.training_dataset.name == "rows"
    with TestClient(create_app(service, result.path)) as client:
        assert client.get("/health").json() == {"status": "ok", "model_version": "2.0.0"}
        assert client.get("/model").json()["features"] == ["x", "colour"]
        response = client.post("/predict", json={"instances": [{"x": 90, "colour": "red"}]})
        assert response.status_code == 200, response.text
        [prediction] = response.json()["predictions"]
        if kind == "classifier":
            assert prediction["label"] == "high" and prediction["probability"] > 0.5
        else:
            assert prediction["value"] == pytest.approx(181, abs=5)
        bad = client.post("/predict", json={"instances": [{"x": 1, "colour": "green"}]})
        assert bad.status_code == 422


def test_a_model_below_its_gate_is_not_saved_and_exits_1(tmp_path, capsys):
    service = _service(tmp_path, "regressor", min_score=1.01)
    assert service_main(service, ["train", "--root", str(tmp_path)]) == 1
    assert "below MIN_SCORE 1.01 (model.py): the model was not saved" in capsys.readouterr().err
    assert not (tmp_path / "model").exists()
    assert service_main(service, ["train", "--root", str(tmp_path), "--force"]) == 1
    assert (tmp_path / "model" / "model.joblib").is_file()


def test_the_openapi_snapshot_is_written_and_drift_fails(tmp_path, capsys):
    service = _service(tmp_path, "classifier")
    assert service_main(service, ["openapi", "--write", "--root", str(tmp_path)]) == 0
    snapshot = tmp_path / "contracts" / "openapi.json"
    document = json.loads(snapshot.read_text())
    assert document["info"] == {
        "title": "scoring",
        "version": "0.3.0",
        "description": document["info"]["description"],
    }
    assert "Serves the scoring classifier" in document["info"]["description"]
    schemas = document["components"]["schemas"]
    assert {"Features", "Prediction", "PredictRequest", "PredictResponse", "ModelInfo"} <= set(
        schemas
    )
    assert service_main(service, ["openapi", "--check", "--root", str(tmp_path)]) == 0
    del document["components"]["schemas"]["Features"]["properties"]["x"]
    snapshot.write_text(json.dumps(document, indent=2) + "\n")
    capsys.readouterr()
    assert service_main(service, ["openapi", "--check", "--root", str(tmp_path)]) == 1
    assert "python -m scoring openapi --write" in capsys.readouterr().err


def test_bad_training_data_is_one_line_naming_the_file_and_row(tmp_path, capsys):
    service = _service(tmp_path, "regressor")
    data = tmp_path / "data" / "rows.csv"
    data.write_text(data.read_text() + "7,green,3\n")
    with pytest.raises(TrainingDataError, match=r"rows\.csv:82: "):
        train(service, tmp_path)
    assert service_main(service, ["train", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "rows.csv:82:" in err and "Traceback" not in err


def test_serving_without_a_trained_model_says_to_train(tmp_path, capsys):
    service = _service(tmp_path, "classifier")
    missing = tmp_path / "nowhere.joblib"
    assert service_main(service, ["serve", "--model", str(missing)]) == 2
    assert "run `python -m scoring train` first" in capsys.readouterr().err


def test_a_model_module_missing_what_the_platform_needs_is_refused(tmp_path):
    service = _service(tmp_path, "classifier")
    del service.model.MIN_SCORE
    with pytest.raises(FlowError, match=r"src/scoring/model\.py: define MIN_SCORE"):
        ModelService(service.model, "scoring", "0.3.0", kind="classifier")
    with pytest.raises(FlowError, match="unknown model kind 'ranker'"):
        ModelService(service.model, "scoring", "0.3.0", kind="ranker")


def test_the_base_runtime_does_not_import_the_service_extra():
    code = (
        "import sys, paved_runtime, paved_runtime.cli, paved_runtime.openapi\n"
        "print(sorted(m for m in ('fastapi', 'sklearn', 'joblib', 'uvicorn',"
        " 'paved_runtime.service') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(RUNTIME_SRC), "PATH": ""},
        check=True,
    )
    assert result.stdout.strip() == "[]"
