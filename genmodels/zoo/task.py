"""The `@task` decorator every zoo task wears: inference mode in, plain CPU tensors out."""

from __future__ import annotations

import functools

import torch


def to_plain(value):
    """Tensors computed under inference_mode -> ordinary CPU tensors (callers may edit them in place)."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().clone()
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    if isinstance(value, list):  # in place, so a long trajectory is never held twice
        for i, item in enumerate(value):
            value[i] = to_plain(item)
        return value
    if isinstance(value, tuple):
        return tuple(to_plain(item) for item in value)
    return value


def task(method=None, *, long: bool = False):
    """A zoo task runs under torch.inference_mode() (no autograd bookkeeping: faster, less memory) and hands
    back plain CPU tensors (to_plain): inference tensors cannot be edited in place outside inference mode.
    On a zoo that serves from a model thread (model_thread.py) it runs there; `long=True` marks a task that
    lets short ones run between its steps (the zoo's `between_steps`)."""
    if method is None:
        return functools.partial(task, long=long)

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        thread = self.model_thread
        if thread is not None and not thread.is_current():
            return thread.call(run, self, *args, long=long, **kwargs)
        with torch.inference_mode():
            result = method(self, *args, **kwargs)
        return to_plain(result)

    return run
