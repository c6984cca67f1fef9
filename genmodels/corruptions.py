"""Corrupted and out-of-distribution images made in code: the pixel noise that denoising adds (training the
DAE, the app's σ slider, the evaluation), salt-and-pepper, and the anomaly-detection sets (rotated, inverted,
damaged garments, noise, digits, strokes, shapes). All of it is seeded, so a seed gives the same images."""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFont

from . import images


def add_pixel_noise(x: torch.Tensor, sigma, generator=None) -> torch.Tensor:
    """Gaussian noise of std `sigma` in [0, 1] pixel units, clipped to the valid range."""
    noise = torch.randn(x.shape, generator=generator, device=x.device)
    sigma = torch.as_tensor(sigma, dtype=x.dtype, device=x.device).reshape(-1, *[1] * (x.ndim - 1))
    return images.from_unit((images.to_unit(x) + sigma * noise).clamp(0, 1))


def salt_and_pepper(x: torch.Tensor, fraction, generator: torch.Generator | None = None) -> torch.Tensor:
    """Set `fraction` of the pixels to black or white (half each), at random; `fraction` is a number, or a tensor
    of one per image shaped (N, 1, 1, 1)."""
    u = torch.rand(x.shape, generator=generator)
    out = x.clone()
    out[u < fraction / 2] = -1.0
    out[(u >= fraction / 2) & (u < fraction)] = 1.0
    return out


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)  # Pillow >= 10.1 with FreeType: a scalable font
    except (TypeError, OSError, ImportError):
        return None


def draw_digits(n: int, rng: np.random.Generator) -> torch.Tensor | None:
    """MNIST-like handwritten-ish digits: 0-9 in PIL's default font, 18-26 px, stroke-thickened, rotated ±15°,
    bright on black. None when this Pillow has no scalable font."""
    if _font(20) is None:
        return None
    fonts = {size: _font(size) for size in range(18, 27)}
    out = np.zeros((n, 28, 28), np.uint8)
    for i in range(n):
        canvas = Image.new("L", (28, 28), 0)
        draw = ImageDraw.Draw(canvas)
        font, digit, stroke = fonts[int(rng.integers(18, 27))], str(int(rng.integers(10))), int(rng.integers(0, 2))
        left, top, right, bottom = draw.textbbox((0, 0), digit, font=font, stroke_width=stroke)
        x = (28 - (right - left)) / 2 - left + rng.uniform(-2, 2)
        y = (28 - (bottom - top)) / 2 - top + rng.uniform(-2, 2)
        draw.text((x, y), digit, fill=255, font=font, stroke_width=stroke, stroke_fill=255)
        out[i] = np.asarray(canvas.rotate(rng.uniform(-15, 15), resample=Image.Resampling.BILINEAR))
    return images.from_uint8(out)


def draw_strokes(n: int, rng: np.random.Generator) -> torch.Tensor:
    """Pen strokes: 3-5 connected line segments, 2-3 px wide, bright on black (scribbles like MNIST's)."""
    out = np.zeros((n, 28, 28), np.uint8)
    for i in range(n):
        canvas = Image.new("L", (28, 28), 0)
        points = [tuple(rng.uniform(3, 25, 2)) for _ in range(int(rng.integers(4, 7)))]
        ImageDraw.Draw(canvas).line(
            points, fill=int(rng.integers(180, 256)), width=int(rng.integers(2, 4)), joint="curve"
        )
        out[i] = np.asarray(canvas)
    return images.from_uint8(out)


def draw_shapes(n: int, rng: np.random.Generator) -> torch.Tensor:
    """Geometric shapes: an ellipse, rectangle or triangle, filled or outlined, grey level 120-255, on black."""
    out = np.zeros((n, 28, 28), np.uint8)
    for i in range(n):
        canvas = Image.new("L", (28, 28), 0)
        draw = ImageDraw.Draw(canvas)
        x0, y0 = rng.uniform(2, 12, 2)
        x1, y1 = x0 + rng.uniform(8, 24 - x0), y0 + rng.uniform(8, 24 - y0)
        level, filled = int(rng.integers(120, 256)), bool(rng.integers(2))
        style = {"fill": level} if filled else {"outline": level, "width": 2}
        kind = int(rng.integers(3))
        if kind == 0:
            draw.ellipse((x0, y0, x1, y1), **style)
        elif kind == 1:
            draw.rectangle((x0, y0, x1, y1), **style)
        else:
            draw.polygon([tuple(rng.uniform(2, 26, 2)) for _ in range(3)], **style)
        out[i] = np.asarray(canvas)
    return images.from_uint8(out)


def corrupt(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Damaged garments: Gaussian noise σ = 0.2 (clipped) and a white 10x10 square at a random place."""
    noisy = add_pixel_noise(x, 0.2, generator)
    corners = torch.randint(0, 19, (len(x), 2), generator=generator)
    for image, (top, left) in zip(noisy, corners.tolist()):
        image[:, top : top + 10, left : left + 10] = 1.0
    return noisy


OOD_DESCRIPTIONS = {
    "rotated": "test garments rotated by 90°",
    "inverted": "test garments with inverted grey levels (light background)",
    "corrupted": "test garments + Gaussian noise σ=0.2 + a white 10x10 square",
    "noise": "uniform random pixels",
    "digits": "MNIST-like digits drawn with PIL's font (18-26 px, ±15°)",
    "strokes": "pen strokes: 3-5 connected lines, 2-3 px wide",
    "shapes": "ellipses, rectangles, triangles (filled or outlined)",
}


def make_ood_sets(source: torch.Tensor, n: int, seed: int) -> dict[str, torch.Tensor]:
    """Every out-of-distribution set of OOD_DESCRIPTIONS, n images each; `source` are test images not used as
    normal ones (garments for the transformed sets). Deterministic given the seed."""
    rng = np.random.default_rng(seed)
    generator = torch.Generator().manual_seed(seed)
    garments = source[:n]
    sets = {
        "rotated": garments.rot90(1, dims=(2, 3)).contiguous(),
        "inverted": -garments,
        "corrupted": corrupt(garments, generator),
        "noise": images.from_unit(torch.rand((n, 1, 28, 28), generator=generator)),
        "digits": draw_digits(n, rng),
        "strokes": draw_strokes(n, rng),
        "shapes": draw_shapes(n, rng),
    }
    return {name: x for name, x in sets.items() if x is not None}
