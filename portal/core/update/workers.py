"""Worker processes for work across the fleet (drift probes, rollouts).

Copier's renderer changes the working directory, so repos are worked on in parallel
across processes, not threads. The workers are plain child processes started with
`subprocess` (`python -m portal.core.update.workers ROOT`), never forks of the caller:
that is safe inside any host, a Textual app with its threads and replaced standard
streams included. Each worker opens its own engine, reads tasks as length-prefixed
pickled frames on its stdin and writes one frame back per task on its stdout, so the
caller gets results as they finish and hands the next task to whichever worker is free.

Each worker leads its own process group, with the commands it runs (git, a check's
pytest and ruff). A worker whose parent is gone ends that group within a fraction of a
second, mid-task or not (a watchdog thread polls the parent's pid), so a killed rollout
leaves no process behind; one that dies raises a `WorkerError` in the caller with the
end of what it wrote on stderr, and the caller ends what it left running.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from ..errors import WorkerError
from ..workspace.model import Workspace
from .project import Engine

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")
_HEADER = 8  # the length of the frame that follows, big-endian
_parent: int | None = None  # in a worker: the process that started it
_WATCH = 0.1  # seconds between a worker's looks at its parent
_GROUPS = os.name == "posix"  # process groups (and killpg) exist



def run_parallel(
    workspace: Workspace,
    work: Callable[[Engine, _Item], _Result],
    items: list[_Item],
    jobs: int,
) -> Iterator[_Result]:
    """`work(engine, item)` for each item, in this process or in `jobs` worker
    processes, each with its own engine on the workspace as loaded here (its golden
    paths loaded and checked once, here, and handed to the workers); results come as
    they finish. `work` must be a module-level function, so workers can import it."""
    if not items:
        return
    if jobs <= 1 or len(items) == 1:
        with Engine.open(workspace) as engine:
            for item in items:
                yield work(engine, item)
        return
    _ = workspace.golden_paths  # loaded once, here, not in every worker
    with _Pool(workspace, min(jobs, len(items))) as pool:
        yield from pool.map_unordered(work, items)


class _Worker:
    def __init__(self, workspace: Workspace) -> None:
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        # The workers import the same paved as this process, installed or not.
        package = Path(__file__).resolve().parents[3]
        path = os.pathsep.join(filter(None, (str(package), os.environ.get("PYTHONPATH"))))
        self.process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(os.getpid())],
            env={**os.environ, "PYTHONPATH": path},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            close_fds=True,
            start_new_session=_GROUPS,  # its own group: it and its children end together
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.tasks: IO[bytes] = self.process.stdin
        self.results: IO[bytes] = self.process.stdout
        self.item: Any = None
        _write_frame(self.tasks, workspace)  # the first frame: what every task works in

    def send(self, work: Callable[..., Any], item: Any) -> None:
        self.item = item
        _write_frame(self.tasks, (work, item))

    def receive(self) -> Any:
        frame = _read_frame(self.results)
        if frame is None:
            self.end()  # what it was running goes with it
            raise WorkerError(
                f"a worker process died on {_describe(self.item)}: {self.last_words()}",
                "run it again; if it keeps failing, run with --jobs 1 to see the error",
            )
        status, value = frame
        if status == "failed":
            raise WorkerError(
                f"a worker failed on {_describe(self.item)}: {value.strip().splitlines()[-1]}",
                "run with --jobs 1 to see the whole error",
            )
        return value

    def last_words(self) -> str:
        self.process.wait()
        self.stderr.seek(0)
        lines = self.stderr.read().decode("utf-8", "replace").strip().splitlines()
        code = self.process.returncode
        said = lines[-1] if lines else "nothing on stderr"
        return f"exit code {code}, {said}"

    def end(self) -> None:
        """Kill the worker and every process it started, at once."""
        if not _GROUPS:
            self.process.kill()
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
            os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self, wait: float = 5) -> None:
        """Let the worker finish its task and leave (up to `wait` seconds), then end
        it and its group."""
        with contextlib.suppress(OSError):  # a worker that died has closed its end
            self.tasks.close()
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            self.end()
            self.process.wait()
        self.results.close()
        self.stderr.close()


class _Pool:
    """Worker processes, stopped (and waited for) when the pool closes."""

    def __init__(self, workspace: Workspace, size: int) -> None:
        self.workers: list[_Worker] = []
        try:
            for _ in range(size):
                self.workers.append(_Worker(workspace))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        # Interrupted or failed: the tasks under way will not be taken; end them now.
        self.close(wait=0 if kind is not None else 5)

    def close(self, wait: float = 5) -> None:
        for worker in self.workers:
            worker.stop(wait)
        self.workers = []

    def map_unordered(self, work: Callable[[Engine, _Item], _Result], items: list[_Item]):
        queue = list(reversed(items))
        with selectors.DefaultSelector() as selector:
            for worker in self.workers:
                if queue:
                    worker.send(work, queue.pop())
                    selector.register(worker.results, selectors.EVENT_READ, worker)
            while selector.get_map():
                for key, _ in selector.select():
                    worker: _Worker = key.data
                    result = worker.receive()
                    if queue:
                        worker.send(work, queue.pop())
                    else:
                        selector.unregister(worker.results)
                    yield result


def _describe(item: Any) -> str:
    name = getattr(item, "project", None)
    name = getattr(name, "name", name)
    return repr(name) if isinstance(name, str) else "a task"


def _write_frame(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(_HEADER, "big") + data)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER)
    if len(header) < _HEADER:
        return None
    size = int.from_bytes(header, "big")
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


def orphaned() -> bool:
    """In a worker: whether the process that started it is gone (it would journal
    nothing of what this worker does now). Always False outside a worker."""
    return _parent is not None and os.getppid() != _parent


def _watch_parent() -> None:
    """In a worker: end it, and every process it started, soon after its parent dies."""
    while not orphaned():
        time.sleep(_WATCH)
    if _GROUPS and os.getpgrp() == os.getpid():
        os.killpg(os.getpid(), signal.SIGKILL)  # this process included
    os._exit(1)


def serve(parent: int) -> None:
    """A worker's life: the workspace, then tasks in on stdin, results out on stdout,
    until stdin ends."""
    global _parent
    _parent = parent  # given, not read: the parent may be gone before we get here
    threading.Thread(target=_watch_parent, name="watch-parent", daemon=True).start()
    # Ctrl-C is the caller's to handle (it ends us); where workers share its process
    # group (no process groups to lead), the terminal's SIGINT reaches them too.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever the work prints goes to stderr, never into the frames
    tasks = sys.stdin.buffer
    workspace = _read_frame(tasks)
    if workspace is None:  # the caller gave up before it sent the workspace
        return
    with Engine.open(workspace) as engine:
        while (frame := _read_frame(tasks)) is not None:
            work, item = frame
            try:
                reply = ("done", work(engine, item))
            except Exception:  # noqa: BLE001 - reported to the caller, which raises it
                reply = ("failed", traceback.format_exc())
            _write_frame(results, reply)


if __name__ == "__main__":
    # Serve from the module the work imports (not this `__main__` copy), so `orphaned`
    # sees the parent recorded here.
    from . import workers

    workers.serve(int(sys.argv[1]))
