"""A `dask worker --preload` for tests/test_distributed.py: a worker that dies mid-task.

The first attempt of the partition holding the file named by CASUS_TEST_KILL_ON SIGKILLs
its own worker process, halfway through the task (after reading, before returning): the
deterministic version of a machine lost during a run. CASUS_TEST_KILL_MARK is a file made
atomically by that first attempt, so the rerun Dask schedules elsewhere runs normally.
Tasks name `casus.distributed.code_partition` by reference, so replacing the module's
attribute here is what the worker runs.
"""

from __future__ import annotations

import os
import signal
from typing import Any

import casus.distributed

_code_partition = casus.distributed.code_partition


def _dying_code_partition(files: list[str], *args: Any, **kwargs: Any) -> Any:
    victim, mark = os.environ["CASUS_TEST_KILL_ON"], os.environ["CASUS_TEST_KILL_MARK"]
    if isinstance(files, list) and any(os.path.basename(name) == victim for name in files):
        try:
            os.close(os.open(mark, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            pass  # the rerun: code as usual
        else:
            list(casus.distributed._read(files, args[0]))  # mid-task: the files are read
            os.kill(os.getpid(), signal.SIGKILL)
    return _code_partition(files, *args, **kwargs)


def dask_setup(worker: Any) -> None:
    casus.distributed.code_partition = _dying_code_partition  # type: ignore[assignment]
