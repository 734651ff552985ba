"""Pekerjaan berat (heavy jobs): plan, simulation, later the live forecast — in a worker
process, reporting progress, so the server's event loop never waits on them.

A job is a picklable function ``fn(progress, **kwargs)`` run in a fresh (spawned) process;
``progress(fraction, message)`` travels back through a pipe. The result is handed to
``on_done`` in the server process (e.g. to append the ``operation.created`` event).
"""

from __future__ import annotations

import importlib
import itertools
import multiprocessing as mp
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Job:
    id: int
    name: str
    state: str = "running"  # running | done | failed
    progress: float = 0.0
    message: str = ""
    result: Any = None
    error: str = ""
    started: float = field(default_factory=time.time)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "state": self.state,
            "progress": round(self.progress, 3),
            "message": self.message,
            "error": self.error,
            "result": self.result if isinstance(self.result, str | int | float | None) else None,
        }


def _child(target: str, kwargs: dict[str, Any], conn: Any, lang: str) -> None:
    from sispam.i18n import set_language

    set_language(lang)

    def progress(fraction: float, message: str = "") -> None:
        conn.send(("progress", fraction, message))

    module, name = target.split(":")
    try:
        result = getattr(importlib.import_module(module), name)(progress=progress, **kwargs)
        conn.send(("done", result, ""))
    except Exception as exc:  # the message reaches the user (localised where it is ours)
        conn.send(("failed", None, str(exc)))
    finally:
        conn.close()


class Jobs:
    def __init__(self, keep: int = 50) -> None:
        self._ctx = mp.get_context("spawn")
        self._ids = itertools.count(1)
        self._jobs: dict[int, Job] = {}
        self._keep = keep

    def submit(
        self,
        name: str,
        target: str,
        kwargs: dict[str, Any],
        on_done: Callable[[Any], Any] | None = None,
        lang: str = "id",
    ) -> Job:
        """Start ``target`` ("module:function") in a worker process."""
        job = Job(next(self._ids), name)
        self._jobs[job.id] = job
        for old in sorted(self._jobs)[: -self._keep]:
            self._jobs.pop(old, None)
        parent, child = self._ctx.Pipe(duplex=False)
        proc = self._ctx.Process(target=_child, args=(target, kwargs, child, lang), daemon=True)
        proc.start()
        child.close()
        threading.Thread(
            target=self._watch, args=(job, proc, parent, on_done), daemon=True, name=f"job-{job.id}"
        ).start()
        return job

    def get(self, job_id: int) -> Job | None:
        return self._jobs.get(job_id)

    @staticmethod
    def _watch(job: Job, proc: Any, conn: Any, on_done: Callable[[Any], Any] | None) -> None:
        try:
            while True:
                try:
                    kind, value, message = conn.recv()
                except EOFError:
                    job.state, job.error = "failed", job.error or "worker ended"
                    break
                if kind == "progress":
                    job.progress, job.message = float(value), message
                    continue
                if kind == "failed":
                    job.state, job.error = "failed", message
                    break
                try:
                    job.result = on_done(value) if on_done else value
                    job.state, job.progress = "done", 1.0
                except Exception as exc:
                    job.state, job.error = "failed", str(exc)
                break
        finally:
            proc.join(timeout=10)
            conn.close()
