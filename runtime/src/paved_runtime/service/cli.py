"""A model service's command line: `python -m <package> train`, `serve` or `openapi`.

Exit 0 ok, 1 the model misses its quality gate or the API drifted from its snapshot,
2 the project cannot run (one line on stderr naming what to fix).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import FlowError
from .model_service import ModelService
from .training import load_model, project_root, train


def service_main(service: ModelService, argv: list[str] | None = None, *, port: int = 8000) -> int:
    """The command line a generated repo's `__main__.py` hands its service to."""
    parser = argparse.ArgumentParser(prog=service.package, description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    trainer = commands.add_parser("train", help="train the model and save it if it passes")
    trainer.add_argument("--root", type=Path, default=None, help="project folder")
    trainer.add_argument("--output", type=Path, default=None, help="default: model/model.joblib")
    trainer.add_argument("--force", action="store_true", help="save even below MIN_SCORE")

    serve = commands.add_parser("serve", help="serve the trained model over HTTP")
    serve.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    serve.add_argument("--port", type=int, default=port, help=f"default: {port}")
    serve.add_argument("--model", type=Path, default=None, help="default: $MODEL_PATH or model/")

    contract = commands.add_parser("openapi", help="print, write or check the API contract")
    contract.add_argument("--root", type=Path, default=None, help="project folder")
    action = contract.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="write contracts/openapi.json")
    action.add_argument("--check", action="store_true", help="fail if the API drifted from it")

    args = parser.parse_args(argv)
    try:
        if args.command == "train":
            return _train(service, args.root, args.output, args.force)
        if args.command == "serve":
            return _serve(service, args.host, args.port, args.model)
        return _openapi(service, args.root, write=args.write, check=args.check)
    except FlowError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _train(service: ModelService, root: Path | None, output: Path | None, force: bool) -> int:
    root = project_root(root)
    result = train(service, root, output, force=force)
    info = result.model.info
    metrics = ", ".join(f"{name}={value:.4f}" for name, value in info.metrics.items())
    print(f"{info.name} {info.version}: {info.estimator}")
    print(f"trained on {info.training_dataset.path} ({info.training_dataset.rows} rows)")
    print(f"held-out metrics: {metrics}")
    if not result.passed:
        print(
            f"score {result.score:.4f} is below MIN_SCORE {result.min_score} (model.py)"
            + ("" if result.path else ": the model was not saved"),
            file=sys.stderr,
        )
    if result.path:
        print(f"saved {result.path}")
    return 0 if result.passed else 1


def _serve(service: ModelService, host: str, port: int, path: Path | None) -> int:
    path = path or service.model_path()
    load_model(service, path)  # fail here, with a clear message, rather than at startup
    import uvicorn

    from .app import create_app

    uvicorn.run(create_app(service, path), host=host, port=port)
    return 0


def _openapi(service: ModelService, root: Path | None, *, write: bool, check: bool) -> int:
    openapi = service.openapi
    if not (write or check):
        sys.stdout.write(openapi.render())
        return 0
    root = project_root(root)
    if write:
        print(f"wrote {openapi.write(root).relative_to(root)}")
        return 0
    diff = openapi.drift(root)
    if diff:
        print(openapi.drift_message(diff), file=sys.stderr)
        return 1
    print(f"{openapi.path} matches the served API")
    return 0
