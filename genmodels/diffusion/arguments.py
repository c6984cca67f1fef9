"""The argument checks every caller shares (numbers, choices, callbacks) and the one way a seed becomes a
torch.Generator. They live beside the pipeline because weights/diffusion ships them with it (torch only), and
genmodels.checks re-exports them for the rest of the package.

Every check returns the cleaned value or raises ValueError naming the argument, the accepted range and the value
it got: the UI shows that message as it is (gr.Error), so it must read well on its own.
"""

from __future__ import annotations

import math

import numpy as np
import torch

MAX_TORCH_SEED = 2**63 - 1  # the most torch.Generator.manual_seed takes (the pipeline accepts any of these)

_NUMBER_TYPES = (int, float, np.integer, np.floating)


def _is_number(value) -> bool:
    return isinstance(value, _NUMBER_TYPES) and not isinstance(value, (bool, np.bool_))


def check_int(value, name: str, low: int, high: int) -> int:
    """An integer in [low, high]. Integral floats (4.0, as sliders send) are accepted; 4.5, bools, NaN are not."""
    wanted = f"{name} must be an integer in [{low}, {high}]"
    if not _is_number(value):
        raise ValueError(f"{wanted}, got {value!r} ({type(value).__name__})")
    if isinstance(value, (float, np.floating)) and not (math.isfinite(value) and float(value).is_integer()):
        raise ValueError(f"{wanted}, got {value!r}")
    if not low <= int(value) <= high:
        raise ValueError(f"{wanted}, got {int(value)}")
    return int(value)


def check_float(value, name: str, low: float, high: float) -> float:
    """A finite number in [low, high] (NaN and infinities fail)."""
    wanted = f"{name} must be a finite number in [{low}, {high}]"
    if not _is_number(value):
        raise ValueError(f"{wanted}, got {value!r} ({type(value).__name__})")
    value = float(value)
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{wanted}, got {value!r}")
    return value


def check_choice(value, name: str, choices) -> str:
    """One of `choices` (strings), exactly: no case folding, so the API has one spelling per option."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value


def check_callback(value, name: str = "callback"):
    """None or something callable."""
    if value is not None and not callable(value):
        raise ValueError(f"{name} must be callable or None, got {value!r} ({type(value).__name__})")
    return value


def cpu_generator(seed: int) -> torch.Generator:
    """A fresh generator per call (no RNG state shared between requests), on the CPU (same pixels on any device).
    `seed` must already be checked (genmodels.checks.check_seed)."""
    return torch.Generator("cpu").manual_seed(seed)


def make_generator(generator: torch.Generator | None = None, seed: int | None = None) -> torch.Generator | None:
    """diffusers' convention, `generator` or `seed`: an int seed becomes a CPU generator; neither gives None."""
    if generator is not None and seed is not None:
        raise ValueError("pass either generator or seed, not both")
    if seed is None:
        return generator
    return cpu_generator(check_int(seed, "seed", 0, MAX_TORCH_SEED))
