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


def task(method):
    """A zoo task runs under torch.inference_mode() (no autograd bookkeeping: faster, less memory) and hands
    back plain CPU tensors (to_plain): inference tensors cannot be edited in place outside inference mode."""

    @functools.wraps(method)
    def run(*args, **kwargs):
        with torch.inference_mode():
            result = method(*args, **kwargs)
        return to_plain(result)

    return run
