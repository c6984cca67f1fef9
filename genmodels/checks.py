"""One vocabulary for argument checks, and the one way a seed becomes a torch.Generator.

    from genmodels.checks import check_int, check_seed, cpu_generator
    n = check_int(n, "n", 1, 64)                  # 4.0 (what a slider sends) -> 4; 4.5, True, "4" -> ValueError
    noise = torch.randn(n, 8, generator=cpu_generator(check_seed(seed)))

Every check returns the cleaned value or raises ValueError naming the argument, the accepted range and the
value it got: the UI shows that message as it is (gr.Error), so it must read well on its own. The number, choice
and seed checks are defined in genmodels.diffusion.arguments (shipped with the diffusion weights) and re-exported
here. The ranges live with the code they protect (the zoo's task limits in genmodels.zoo, the pipeline's in
genmodels.diffusion.limits); only the limits every caller shares are here.
"""

from __future__ import annotations

import torch

from .data import CLASS_NAMES
from .diffusion.arguments import (  # noqa: F401 (re-exported: defined where weights/diffusion ships them)
    MAX_TORCH_SEED,
    check_callback,
    check_choice,
    check_float,
    check_int,
    cpu_generator,
    make_generator,
)

MAX_SEED = 2**31 - 1  # the app's and the API's seeds (API.md); a JavaScript client can send any of them exactly
MAX_BATCH_IMAGES = 4096  # the largest image batch a batch-taking zoo method (scores, class counts) accepts
ANY_CLASS = "any"  # the class name that asks for no class (unconditional diffusion)


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
