"""The job: its inputs meet their pinned contracts and its SQL reads what is pinned, a
broken input fails clearly, the output meets its contract, reruns replace or merge, and
the schedule agrees with the workflow. Managed by the platform (paved); rollouts update
it. The tests are the runtime's: add your own in other files beside this one."""

from paved_runtime.testing.job import *  # noqa: F403
