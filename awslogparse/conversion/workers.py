"""Run conversion tasks: in this process (one job, or one input: a Lambda has no process pool),
or in a pool of ``spawn``ed worker processes (never ``fork``, which copies a parent's threads
and locks).

Workers send progress through a queue; results (one per input of a task) come back in any
order and are handed to ``on_result`` with the task's index. A destination that cannot be
written stops the run: no new input starts, those running finish, and the manifest lets the
next run resume.

Ctrl-C: in this process, the conversion running here is interrupted where it is (its cleanup
removes what it wrote). With a pool, the workers ignore SIGINT (a terminal sends it to them
too) and the parent stops them: it sets an event that each task checks between batches and
before each file, so every worker cleans up after itself and reports its input as
``interrupted`` within about a batch; then :func:`run_tasks` raises ``KeyboardInterrupt``. A
second Ctrl-C raises at once, leaving the workers to stop on their own.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from awslogparse.conversion.progress import Progress
from awslogparse.conversion.task import INTERRUPTED, ConvertTask, TaskResult, run_task

OnResult = Callable[[int, list[TaskResult]], None]
POLL = 0.2
_worker_state: dict[str, Any] = {}
"""In a worker process: the queue its progress goes to, and the parent's stop event."""


PARENT_POLL = 0.5
"""Seconds between a worker's looks at whether its parent still runs."""
WORKER_DIED = ("a worker process died (out of memory? or, from a script, the call to convert "
               "is not under `if __name__ == \"__main__\":`, which the worker processes, "
               "importing the script, need)")


def _init_worker(progress_queue: Any, stop: Any, parent_handles_sigint: bool) -> None:
    from awslogparse.conversion.memory import use_in_this_process

    use_in_this_process(worker=True)
    _worker_state["queue"] = progress_queue
    _worker_state["stop"] = stop
    if parent_handles_sigint:  # the parent asks through ``stop``, at a point a task can clean up
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_follow_parent, args=(os.getppid(),), daemon=True,
                     name="awslogparse-parent").start()


def _follow_parent(parent: int) -> None:
    """End this worker once its parent is gone. A parent killed outright (SIGKILL, the OOM
    killer) cannot stop its workers, which would go on converting, into a run started again
    meanwhile (two runs into one destination), and hold the command's output pipes open. A
    worker ends as a killed process does: what it wrote unfinished is what a killed run leaves,
    and the next run clears it."""
    while True:
        time.sleep(PARENT_POLL)
        if os.getppid() != parent:  # (adopted by init or a subreaper)
            os._exit(1)


def _send(read: int, rows: int, errors: int) -> None:
    found = _worker_state.get("queue")
    if found is not None:
        found.put((read, rows, errors))


def _stop_requested() -> bool:
    found = _worker_state.get("stop")
    return found is not None and bool(found.is_set())


def _worker(task: ConvertTask) -> list[TaskResult]:
    if _stop_requested():  # queued before the stop: not started at all
        return _stopped(task)
    try:
        return run_task(task, _send, _stop_requested)
    except KeyboardInterrupt:  # SIGINT left on (a pool started outside the main thread)
        return _stopped(task)


def _stopped(task: ConvertTask) -> list[TaskResult]:
    return [TaskResult(item.location, item.display, item.size, status="failed",
                       failure=INTERRUPTED) for item in task.inputs]


def _context() -> Any:
    """``spawn``: each worker starts from this process's environment as it is now. A
    ``forkserver`` would fork workers from a server started with the environment of its first
    use, so a later change (``AWS_PROFILE``, ``AWS_ENDPOINT_URL``) would not reach them."""
    return multiprocessing.get_context("spawn")


def run_tasks(tasks: Sequence[ConvertTask], jobs: int, progress: Progress,
              on_result: OnResult) -> str:
    """Run every task; returns why the run stopped early ("" when it did not)."""
    if jobs <= 1 or len(tasks) <= 1:
        from awslogparse.conversion.memory import conversion_pool

        with conversion_pool():
            return _inline(tasks, progress, on_result)
    return _pool(tasks, jobs, progress, on_result)


def largest_first(tasks: Sequence[ConvertTask]) -> list[tuple[int, ConvertTask]]:
    """Tasks with their indexes, the largest inputs first (the same sizes keep their order):
    a pool then never ends with one big input converting alone while the other workers wait
    (a tree's VPC flow logs are megabytes, its CloudTrail files kilobytes)."""
    return sorted(enumerate(tasks), key=lambda pair: -pair[1].size)


def _finish(index: int, results: list[TaskResult], progress: Progress, on_result: OnResult
            ) -> str:
    for result in results:
        if result.failure != INTERRUPTED:  # (one cut short is not done: a rerun converts it)
            progress.finished_file(result.size, result.bytes_read)
    on_result(index, results)
    progress.show()
    return next((r.failure for r in results if r.destination_failure), "")


def _inline(tasks: Sequence[ConvertTask], progress: Progress, on_result: OnResult) -> str:
    def report(read: int, rows: int, errors: int) -> None:
        progress.add(read, rows, errors)
        progress.show()

    for index, task in enumerate(tasks):
        try:
            results = run_task(task, report)
        except KeyboardInterrupt:  # the task has cleaned up; the report names what it cut short
            on_result(index, _stopped(task))
            raise
        stopped = _finish(index, results, progress, on_result)
        if stopped:
            return stopped
    return ""


class _Interrupts:
    """Ctrl-C in the parent of a pool: the first sets a flag the run loop acts on, a second
    raises ``KeyboardInterrupt`` at once. Only the main thread can take signals; elsewhere
    nothing changes."""

    def __init__(self) -> None:
        self.seen = False
        self.active = threading.current_thread() is threading.main_thread()
        self._previous: Any = None

    def _handle(self, _signum: int, _frame: Any) -> None:
        if self.seen:
            raise KeyboardInterrupt
        self.seen = True

    def ignore(self) -> None:
        """SIGINT ignored while workers are started: a process inherits an ignored signal, so
        a Ctrl-C cannot hit a worker before it has set itself up."""
        if self.active:
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            # None: a handler set outside Python; Python's own comes back instead
            self._previous = signal.default_int_handler if previous is None else previous

    def catch(self) -> None:
        if self.active:
            signal.signal(signal.SIGINT, self._handle)

    def restore(self) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def _pool(tasks: Sequence[ConvertTask], jobs: int, progress: Progress,
          on_result: OnResult) -> str:
    ctx = _context()
    updates = ctx.Queue()
    stop_event = ctx.Event()
    interrupts = _Interrupts()
    stopped = ""
    running: dict[Future[list[TaskResult]], int] = {}
    todo = iter(largest_first(tasks))
    executor = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker,
                                   initargs=(updates, stop_event, interrupts.active))
    try:
        def fill() -> None:
            while not stopped and len(running) < 2 * jobs:
                nxt = next(todo, None)
                if nxt is None:
                    return
                running[executor.submit(_worker, nxt[1])] = nxt[0]

        interrupts.ignore()
        try:
            fill()  # starts the worker processes (they are spawned on the first submits)
        finally:
            interrupts.catch()
        while running:
            done, _ = wait(running, timeout=POLL, return_when=FIRST_COMPLETED)
            _drain(updates, progress)
            if interrupts.seen and not stop_event.is_set():
                stop_event.set()
                stopped = INTERRUPTED
                for future in [f for f in running if f.cancel()]:  # queued, never started
                    running.pop(future)
            for future in done:
                index = running.pop(future)
                try:
                    results = future.result()
                except BrokenProcessPool:
                    results = _died(tasks[index])
                    stopped = stopped or WORKER_DIED
                why = _finish(index, results, progress, on_result)
                stopped = stopped or why
            progress.show()
            fill()
        _drain(updates, progress)
    finally:
        stop_event.set()  # whatever ended the loop, no worker starts anything more
        executor.shutdown(wait=True, cancel_futures=True)
        updates.close()
        updates.join_thread()
        interrupts.restore()
    if interrupts.seen:
        raise KeyboardInterrupt
    return stopped


def _drain(updates: Any, progress: Progress) -> None:
    while True:
        try:
            read, rows, errors = updates.get_nowait()
        except queue.Empty:
            return
        progress.add(read, rows, errors)


def _died(task: ConvertTask) -> list[TaskResult]:
    return [TaskResult(item.location, item.display, item.size, status="failed",
                       failure="the worker process converting it died") for item in task.inputs]
