"""The diffusion pipeline's class labels: one per image, in [0, NULL_CLASS], where NULL_CLASS asks for no class."""

from __future__ import annotations

import torch

from ..checks import check_int
from ..models.unet import NULL_CLASS


def check_class_labels(class_labels, num_images: int | None, max_images: int) -> torch.Tensor:
    """One label per image -> (N,) long CPU tensor. None -> the "no class" token and an int -> that label, each
    repeated `num_images` times (default 1); a list / tensor gives one per image (its length must match).
    Raises ValueError for fractional or out-of-range labels, and for more than `max_images` of them."""
    if num_images is not None:
        num_images = check_int(num_images, "num_images", 1, max_images)
    labels = torch.as_tensor(NULL_CLASS if class_labels is None else class_labels).cpu()
    if labels.is_floating_point() and not torch.equal(labels, labels.round()):
        raise ValueError(f"class labels must be integers in [0, {NULL_CLASS}], got {labels.tolist()}")
    labels = labels.long().repeat(num_images or 1) if labels.ndim == 0 else labels.long().reshape(-1)
    if not 1 <= len(labels) <= max_images or (num_images is not None and len(labels) != num_images):
        raise ValueError(
            f"got {len(labels)} class labels for num_images={num_images}: expected one per image, 1..{max_images}"
        )
    bad = labels[(labels < 0) | (labels > NULL_CLASS)]
    if len(bad):
        raise ValueError(f"class labels must be in [0, {NULL_CLASS}] ({NULL_CLASS} = no class), got {bad.tolist()}")
    return labels
