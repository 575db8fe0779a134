"""paved's platform runtime: the data-flow logic of every golden path.

Generated repos pin this library and hold only their own SQL, configuration and tests.
The public API is below; the modules behind it may change between versions.
"""

from importlib.metadata import PackageNotFoundError, version

from .checks import Violation, check_table
from .cli import job_main, producer_main
from .config import Job, PinnedInput, load_job
from .contract import load_contract, schema_object, validate_contract
from .errors import ContractError, FlowError, JobError
from .flow import RunResult, check_output, run, stage, transform
from .inputs import check_input, open_inputs, write_fixtures
from .openapi import Snapshot
from .producer import BuildResult, build

try:
    __version__ = version("paved-runtime")
except PackageNotFoundError:  # run from a checkout (the workspace's own tests)
    __version__ = "0+checkout"

__all__ = [
    "BuildResult",
    "ContractError",
    "FlowError",
    "Job",
    "JobError",
    "PinnedInput",
    "RunResult",
    "Snapshot",
    "Violation",
    "__version__",
    "build",
    "check_input",
    "check_output",
    "check_table",
    "job_main",
    "load_contract",
    "load_job",
    "open_inputs",
    "producer_main",
    "run",
    "schema_object",
    "stage",
    "transform",
    "validate_contract",
    "write_fixtures",
]
