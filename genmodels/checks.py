"""One vocabulary for argument checks, and the one way a seed becomes a torch.Generator.

    from genmodels.checks import check_int, check_seed, cpu_generator
    n = check_int(n, "n", 1, 64)                  # 4.0 (what a slider sends) -> 4; 4.5, True, "4" -> ValueError
    noise = torch.randn(n, 8, generator=cpu_generator(check_seed(seed)))

Every check returns the cleaned value or raises ValueError naming the argument, the accepted range and the
value it got: the UI shows that message as it is (gr.Error), so it must read well on its own. The ranges
themselves live with the code they protect (the zoo's task limits in genmodels.zoo, the pipeline's in
genmodels.diffusion.pipeline); only the limits every caller shares are here.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from .data import CLASS_NAMES

MAX_SEED = 2**31 - 1  # the app's and the API's seeds (API.md); a JavaScript client can send any of them exactly
MAX_TORCH_SEED = 2**63 - 1  # the most torch.Generator.manual_seed takes (the pipeline accepts any of these)
MAX_BATCH_IMAGES = 4096  # the largest image batch a batch-taking zoo method (scores, class counts) accepts
ANY_CLASS = "any"  # the class name that asks for no class (unconditional diffusion)

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


def check_seed(seed, name: str = "seed", high: int = MAX_SEED) -> int:
    return check_int(seed, name, 0, high)


def check_class_name(class_name, name: str = "class_name") -> str:
    """A Fashion-MNIST class name, or ANY_CLASS."""
    return check_choice(class_name, name, (*CLASS_NAMES, ANY_CLASS))


def check_images(image, name: str = "image", max_images: int = MAX_BATCH_IMAGES) -> torch.Tensor:
    """A float tensor (N, 1, 28, 28) (or one image (1, 28, 28)) with finite values in [-1, 1] -> CPU float32."""
    if not isinstance(image, torch.Tensor):
        raise ValueError(f"{name} must be a torch.Tensor (N, 1, 28, 28) in [-1, 1], got {type(image).__name__}")
    if image.ndim == 3:
        image = image.unsqueeze(0)
    if image.ndim != 4 or tuple(image.shape[1:]) != (1, 28, 28) or not 1 <= image.shape[0] <= max_images:
        wanted = "(1, 1, 28, 28)" if max_images == 1 else f"(N, 1, 28, 28) with N in [1, {max_images}]"
        raise ValueError(f"{name} must have shape {wanted}, got {tuple(image.shape)}")
    if not image.is_floating_point():
        raise ValueError(f"{name} must be a float tensor in [-1, 1], got dtype {image.dtype}")
    image = image.detach().to("cpu", torch.float32)
    if not torch.isfinite(image).all():
        raise ValueError(f"{name} contains NaN or infinite values; values must be in [-1, 1]")
    low, high = image.min().item(), image.max().item()
    if low < -1.001 or high > 1.001:  # a rounding error is clamped, anything more is a convention mistake
        raise ValueError(f"{name} values must be in [-1, 1], got [{low:.4g}, {high:.4g}]")
    return image.clamp(-1, 1)


def check_one_image(image, name: str = "image") -> torch.Tensor:
    return check_images(image, name, max_images=1)


# ---------------------------------------------------------------------------------------------------------
# seeds -> generators


def cpu_generator(seed: int) -> torch.Generator:
    """A fresh generator per call (no RNG state shared between requests), on the CPU (same pixels on any device).
    `seed` must already be checked (check_seed)."""
    return torch.Generator("cpu").manual_seed(seed)


def make_generator(generator: torch.Generator | None = None, seed: int | None = None) -> torch.Generator | None:
    """diffusers' convention, `generator` or `seed`: an int seed becomes a CPU generator; neither gives None."""
    if generator is not None and seed is not None:
        raise ValueError("pass either generator or seed, not both")
    if seed is None:
        return generator
    return cpu_generator(check_seed(seed, high=MAX_TORCH_SEED))
