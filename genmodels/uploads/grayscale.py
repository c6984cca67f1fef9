"""Grayscale: a PIL image of any mode (palette, 1-bit, 16-bit, float, with or without alpha) -> float32 gray
levels (H, W) in [0, 255]. 8-bit sources give whole numbers, so exact round trips survive the float detour."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

from .decode import SHRINK_ABOVE, WORKING_SIDE


def grayscale(image: Image.Image) -> np.ndarray:
    """PIL image of any mode -> float32 (H, W) in [0, 255], transparency composited away."""
    gray, alpha = _gray_and_alpha(image)
    if alpha is None:
        return gray
    opacity = alpha / 255.0
    border_gray, border_opacity = border_pixels(gray), border_pixels(opacity)
    opaque = border_opacity >= 0.5
    # Transparent holes take the colour of the picture's own (opaque) surroundings; a cut-out with
    # a transparent border goes onto white, like the product photos Fashion-MNIST was made from.
    background = float(np.median(border_gray[opaque])) if opaque.mean() >= 0.5 else 255.0
    return gray * opacity + background * (1.0 - opacity)


def _gray_and_alpha(image: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    """PIL image -> (luma float32 in [0, 255], alpha float32 in [0, 255] or None if opaque)."""
    mode, bands = image.mode, image.getbands()
    if mode.startswith("I") or mode == "F":  # 16/32-bit integer or float grayscale
        return _shrink_float(_to_8bit_range(np.asarray(image, dtype=np.float32), mode)), None
    if mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "L")
    elif mode in ("LA", "La"):
        image = image.convert("LA")
    elif "A" in bands or "a" in bands:  # RGBA, RGBa, PA
        image = image.convert("RGBA")
    elif mode not in ("L", "RGB"):  # 1, CMYK, YCbCr, LAB, HSV, RGBX
        image = image.convert("RGB" if len(bands) >= 3 else "L")
    if max(image.size) > SHRINK_ABOVE:
        image = image.reduce(math.ceil(max(image.size) / WORKING_SIDE))
    alpha = None
    if image.mode in ("LA", "RGBA"):
        alpha = np.asarray(image.getchannel("A"), dtype=np.float32)
        if alpha.min() == 255:
            alpha = None  # fully opaque: keep the exact 8-bit path
    gray = np.asarray(image.convert("L"), dtype=np.float32)  # ITU-R 601 luma; exact when R = G = B
    return gray, alpha


def _to_8bit_range(values: np.ndarray, mode: str) -> np.ndarray:
    """16-bit, 32-bit integer or float pixels -> float32 in [0, 255], scaled, never clipped."""
    if mode.startswith("I;16"):
        return values * np.float32(255.0 / 65535.0)  # the full 16-bit range
    low, high = float(values.min()), float(values.max())
    if mode == "F" and low >= 0 and high <= 1:
        values = values * 255.0  # float images in [0, 1]
    elif low < 0 or high > 65535:
        values = (values - low) * (255.0 / max(high - low, 1e-12))  # unknown convention: its own range
    elif high > 255:
        values = values * (255.0 / 65535.0)  # 16-bit data in a 32-bit container
    return values.astype(np.float32)


def _shrink_float(values: np.ndarray) -> np.ndarray:
    """Box-reduce a big float image, like PIL's reduce() does for 8-bit ones."""
    if max(values.shape) <= SHRINK_ABOVE:
        return values
    factor = math.ceil(max(values.shape) / WORKING_SIDE)
    return np.asarray(Image.fromarray(values, mode="F").reduce(factor), dtype=np.float32)


def border_pixels(array: np.ndarray) -> np.ndarray:
    """The outermost ring of pixels, flattened."""
    if min(array.shape) <= 2:
        return array.ravel()
    return np.concatenate([array[0], array[-1], array[1:-1, 0], array[1:-1, -1]])
