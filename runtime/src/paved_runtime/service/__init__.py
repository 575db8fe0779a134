"""A model service on the runtime: training, serving and the API contract of the
owner's model (the `service` extra: `paved-runtime[service]`).

A generated repo's `__main__.py` names its `ModelService` (the owner's model.py, the
package, its version and the kind of model) and hands it to `service_main`. Importing
`paved_runtime` alone never imports this package, nor FastAPI or scikit-learn.
"""

from .cli import service_main
from .model_service import ModelService
from .training import ModelNotFoundError, TrainingDataError

__all__ = ["ModelNotFoundError", "ModelService", "TrainingDataError", "service_main"]
