"""What a visitor's upload may have gone through, made in code and seeded: Gaussian and Poisson (sensor) noise,
salt-and-pepper specks, JPEG compression and Gaussian blur, each at a strength in [0, 1], and compositions of two.

`degrade` applies one named degradation at one strength (the evaluation's suite: mild, medium, strong);
`random_degradations` draws a fresh mixture per image (the blind denoiser's training). Images are model
tensors (N, 1, 28, 28) in [-1, 1] throughout.
"""

from __future__ import annotations

import io

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from . import images
from .corruptions import add_pixel_noise, salt_and_pepper

# The suite's three strengths, as a fraction of each degradation's range below.
STRENGTHS = {"mild": 0.15, "medium": 0.5, "strong": 0.9}
KINDS = ("gaussian", "poisson", "salt_pepper", "jpeg", "blur")
SUITE = (*KINDS, "noise+jpeg", "blur+gaussian")  # the evaluation's list: every kind and two compositions


def gaussian_sigma(strength):
    """σ in [0, 1] pixel units: 0.02 at strength 0, 0.5 at strength 1."""
    return 0.02 + 0.48 * strength


def photons(strength):
    """Photons at full white: 400 (faint noise) at strength 0, 8 (heavy) at strength 1, log-spaced."""
    return np.exp(np.log(400.0) + strength * np.log(8.0 / 400.0))


def speck_rate(strength):
    """Share of pixels set to black or white: 1% to 30%."""
    return 0.01 + 0.29 * strength


def jpeg_quality(strength):
    """JPEG quality 90 (mild) down to 10 (strong)."""
    return np.rint(90 - 80 * np.asarray(strength))


def blur_sigma(strength):
    """Gaussian blur's σ in pixels: 0.4 to 1.6."""
    return 0.4 + 1.2 * strength


def poisson_noise(x: torch.Tensor, peak, generator=None) -> torch.Tensor:
    """Signal-dependent noise: each pixel's photon count is Poisson with mean `peak` x its brightness."""
    peak = torch.as_tensor(peak, dtype=x.dtype).reshape(-1, *[1] * (x.ndim - 1))
    counts = torch.poisson(images.to_unit(x).clamp_min(0) * peak, generator=generator)
    return images.from_unit((counts / peak).clamp(0, 1))


def jpeg(x: torch.Tensor, quality) -> torch.Tensor:
    """Encode and decode each image as a grayscale JPEG at `quality` (a number or one per image)."""
    qualities = np.broadcast_to(np.asarray(quality), (len(x),))
    out = []
    for image, q in zip(images.to_uint8(x), qualities):
        buffer = io.BytesIO()
        Image.fromarray(image).save(buffer, format="JPEG", quality=int(q))
        out.append(np.asarray(Image.open(buffer).convert("L")))
    return images.from_uint8(np.stack(out))


def gaussian_blur(x: torch.Tensor, sigma) -> torch.Tensor:
    """Blur each image with a 7x7 Gaussian of its σ (pixels), borders extended."""
    sigma = torch.as_tensor(sigma, dtype=x.dtype).reshape(-1).expand(len(x))
    offsets = torch.arange(-3, 4, dtype=x.dtype)
    kernel = torch.exp(-(offsets[None] ** 2) / (2 * sigma[:, None] ** 2))
    kernel = kernel / kernel.sum(1, keepdim=True)  # (N, 7): one separable kernel per image
    padded = F.pad(x.transpose(0, 1), (3, 3, 3, 3), mode="replicate")  # images as channels: grouped convs
    rows = F.conv2d(padded, kernel[:, None, None, :], groups=len(x))
    blurred = F.conv2d(rows, kernel[:, None, :, None], groups=len(x)).transpose(0, 1)
    return blurred.clamp(-1, 1)  # a weighted mean of [-1, 1] pixels, up to float rounding


def apply(kind: str, x: torch.Tensor, strength, generator=None) -> torch.Tensor:
    """One degradation `kind` at `strength` in [0, 1] (a number, or one per image as a numpy array)."""
    strength = np.asarray(strength, dtype=np.float64)
    if kind == "gaussian":
        return add_pixel_noise(x, torch.as_tensor(gaussian_sigma(strength), dtype=x.dtype), generator)
    if kind == "poisson":
        return poisson_noise(x, photons(strength), generator)
    if kind == "salt_pepper":
        rate = torch.as_tensor(speck_rate(strength), dtype=x.dtype)
        return salt_and_pepper(x, rate.reshape(-1, 1, 1, 1) if rate.ndim else rate, generator)
    if kind == "jpeg":
        return jpeg(x, jpeg_quality(strength))
    if kind == "blur":
        return gaussian_blur(x, torch.as_tensor(blur_sigma(strength), dtype=x.dtype))
    raise ValueError(f"degradation {kind!r}: expected one of {', '.join(KINDS)}")


def degrade(name: str, x: torch.Tensor, level: str, generator=None) -> torch.Tensor:
    """A suite entry at a named level: a kind of KINDS, or two joined by '+' (applied left to right; 'noise'
    is Gaussian), at STRENGTHS[level]."""
    if level not in STRENGTHS:
        raise ValueError(f"level {level!r}: expected one of {', '.join(STRENGTHS)}")
    for kind in name.split("+"):
        x = apply("gaussian" if kind == "noise" else kind, x, STRENGTHS[level], generator)
    return x


def random_degradations(x: torch.Tensor, generator: torch.Generator, clean_share: float = 0.05) -> torch.Tensor:
    """A fresh mixture: each image gets one kind (or, a third of the time, two) at a uniform random strength;
    a few stay clean, so the denoiser learns to leave a clean picture alone."""
    n = len(x)
    draw = torch.rand(n, 4, generator=generator).numpy()
    first = torch.randint(len(KINDS), (n,), generator=generator).numpy()
    second = torch.randint(len(KINDS), (n,), generator=generator).numpy()
    out = x.clone()
    for slot, (kinds, applies) in enumerate(((first, draw[:, 2] >= clean_share), (second, draw[:, 3] < 1 / 3))):
        for k, kind in enumerate(KINDS):
            chosen = np.flatnonzero((kinds == k) & applies)
            if len(chosen):
                out[chosen] = apply(kind, out[chosen], draw[chosen, slot], generator)
    return out
