"""Every zoo task of a CPU server on one long-lived thread, the only thread torch runs with several cores.

Why: torch's CPU kernels split their work over an OpenMP team, and GNU OpenMP keeps one team per thread that
has started parallel work. Once two threads own teams on a 2-core machine, OpenMP stops spinning while it waits
for its workers (more threads than cores) and every one of the thousands of small kernels of a diffusion run pays
a sleep and a wake-up. Measured here (shipped weights, DDIM-25 w=3, one image, idle 2-core CPU): 0.31-0.34 s on
the thread that owns the only team, 0.61-0.80 s on any other thread, a pool's or a fresh one; 0.33 s again on a
second thread once the first has exited. A Gradio server calls its functions from a pool of worker threads, so
before this every request ran at the slower speed. Here one thread owns the only team and every other thread
(the caller's, Gradio's workers, the background loader) keeps to one core.

A long task (diffusion sampling, `long=True`) hands the thread to the short ones that arrived meanwhile between
its steps (`run_waiting`), so a 0.1 s VAE request is not stuck behind a 300-step diffusion run: the reason the
app allows two model calls at once.
"""

from __future__ import annotations

import collections
import contextvars
import threading
from concurrent.futures import Future

import torch


class _Job:
    def __init__(self, fn, args, kwargs, long: bool):
        self.fn, self.args, self.kwargs, self.long = fn, args, kwargs, long
        self.context = contextvars.copy_context()  # the caller's (Gradio's request context: gr.Warning, progress)
        self.future: Future = Future()

    def run(self):
        try:
            self.future.set_result(self.context.run(self.fn, *self.args, **self.kwargs))
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread by future.result()
            self.future.set_exception(error)


class ModelThread:
    """A daemon thread that runs `call`s one at a time with `threads` torch threads; from then on every other
    thread of the process runs torch on one thread (torch.set_num_threads is process-wide for new threads)."""

    def __init__(self, threads: int | None = None):
        self.threads = threads or torch.get_num_threads()
        self._jobs: collections.deque[_Job | None] = collections.deque()  # None: close()
        self._wake = threading.Condition()
        started = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(started,), name="genmodels-model", daemon=True)
        self._thread.start()
        started.wait()
        torch.set_num_threads(1)  # after the model thread took its count: the others get one (see the docstring)

    def _serve(self, started: threading.Event):
        # torch takes a thread's count from the process-wide one at that thread's first torch call and then keeps
        # it: make that call now, so the set_num_threads(1) that follows in the creating thread does not reach here
        torch.get_num_threads()
        torch.set_num_threads(self.threads)
        started.set()
        while True:
            with self._wake:
                while not self._jobs:
                    self._wake.wait()
                job = self._jobs.popleft()
            if job is None:
                return  # close(): the thread ends, and OpenMP lets its team go with it
            job.run()

    def close(self):
        """End the thread once the calls queued before this one are done (a server never needs to)."""
        with self._wake:
            self._jobs.append(None)
            self._wake.notify()
        self._thread.join()

    def is_current(self) -> bool:
        return threading.current_thread() is self._thread

    def call(self, fn, *args, long: bool = False, **kwargs):
        """fn(*args, **kwargs) on the model thread; blocks the caller until it is done, re-raising its error.
        A call made on the model thread itself (one task calling another) runs at once."""
        if self.is_current():
            return fn(*args, **kwargs)
        job = _Job(fn, args, kwargs, long)
        with self._wake:
            self._jobs.append(job)
            self._wake.notify()
        return job.future.result()

    def run_waiting(self):
        """Between the steps of a long task (on the model thread): run the short calls waiting now, oldest first.
        Long ones wait their turn, so two diffusion runs never nest."""
        if not self.is_current():
            return
        while True:
            with self._wake:
                job = next((job for job in self._jobs if job is not None and not job.long), None)
                if job is None:
                    return
                self._jobs.remove(job)
            job.run()
