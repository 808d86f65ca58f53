"""Run conversion tasks: in this process (one job, or one input: a Lambda has no process pool),
or in a pool of ``spawn``ed worker processes (never ``fork``, which copies a parent's threads
and locks).

Workers send progress through a queue; results come back in any order and are handed to
``on_result`` with the task's index. A destination that cannot be written stops the run: no new
input starts, those running finish, and the manifest lets the next run resume.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from awslogparse.conversion.progress import Progress
from awslogparse.conversion.task import ConvertTask, TaskResult, run_task

OnResult = Callable[[int, TaskResult], None]
POLL = 0.2
_worker_state: dict[str, Any] = {}
"""In a worker process: the queue its progress goes to."""


def _init_worker(progress_queue: Any) -> None:
    _worker_state["queue"] = progress_queue


def _send(read: int, rows: int, errors: int) -> None:
    found = _worker_state.get("queue")
    if found is not None:
        found.put((read, rows, errors))


def _worker(task: ConvertTask) -> TaskResult:
    try:
        return run_task(task, _send)
    except KeyboardInterrupt:  # Ctrl-C reaches the workers too: the parent reports the stop
        item = task.item
        return TaskResult(item.location, item.display, item.size, status="failed",
                          failure="interrupted")


def _context() -> Any:
    """``spawn``: each worker starts from this process's environment as it is now. A
    ``forkserver`` would fork workers from a server started with the environment of its first
    use, so a later change (``AWS_PROFILE``, ``AWS_ENDPOINT_URL``) would not reach them."""
    return multiprocessing.get_context("spawn")


def run_tasks(tasks: Sequence[ConvertTask], jobs: int, progress: Progress,
              on_result: OnResult) -> str:
    """Run every task; returns why the run stopped early ("" when it did not)."""
    if jobs <= 1 or len(tasks) <= 1:
        return _inline(tasks, progress, on_result)
    return _pool(tasks, jobs, progress, on_result)


def _finish(index: int, result: TaskResult, progress: Progress, on_result: OnResult) -> str:
    progress.finished_file(result.size, result.bytes_read)
    on_result(index, result)
    progress.show()
    return result.failure if result.destination_failure else ""


def _inline(tasks: Sequence[ConvertTask], progress: Progress, on_result: OnResult) -> str:
    def report(read: int, rows: int, errors: int) -> None:
        progress.add(read, rows, errors)
        progress.show()

    for index, task in enumerate(tasks):
        stopped = _finish(index, run_task(task, report), progress, on_result)
        if stopped:
            return stopped
    return ""


def _pool(tasks: Sequence[ConvertTask], jobs: int, progress: Progress,
          on_result: OnResult) -> str:
    ctx = _context()
    updates = ctx.Queue()
    stopped = ""
    running: dict[Future[TaskResult], int] = {}
    todo = iter(enumerate(tasks))
    executor = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker,
                                   initargs=(updates,))
    try:
        def fill() -> None:
            while not stopped and len(running) < 2 * jobs:
                nxt = next(todo, None)
                if nxt is None:
                    return
                running[executor.submit(_worker, nxt[1])] = nxt[0]

        fill()
        while running:
            done, _ = wait(running, timeout=POLL, return_when=FIRST_COMPLETED)
            _drain(updates, progress)
            for future in done:
                index = running.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    result = _died(tasks[index])
                    stopped = stopped or "a worker process died (out of memory?)"
                why = _finish(index, result, progress, on_result)
                stopped = stopped or why
            progress.show()
            fill()
        _drain(updates, progress)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        updates.close()
        updates.join_thread()
    return stopped


def _drain(updates: Any, progress: Progress) -> None:
    while True:
        try:
            read, rows, errors = updates.get_nowait()
        except queue.Empty:
            return
        progress.add(read, rows, errors)


def _died(task: ConvertTask) -> TaskResult:
    item = task.item
    return TaskResult(item.location, item.display, item.size, status="failed",
                      failure="the worker process converting it died")
