"""Paths through a latent space, for interpolation frames and latent walks. Pure functions on 1-D codes.

frames = slerp(z_a, z_b, torch.linspace(0, 1, 8))     # (8, D): z_a first, z_b last
"""

from __future__ import annotations

import torch


def lerp(a: torch.Tensor, b: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """The straight line between two 1-D vectors at `weights` in [0, 1] -> (len(weights), D)."""
    w = weights[:, None]
    return (1 - w) * a + w * b


def slerp(a: torch.Tensor, b: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """Spherical interpolation between two 1-D vectors at `weights` in [0, 1] -> (len(weights), D).

    The usual sin formula on unnormalised vectors: between two unit vectors the path stays on the unit sphere
    (a Gaussian latent keeps a typical norm, where a straight line would pass through low-norm, atypical codes);
    falls back to a straight line when a and b are parallel."""
    w = weights[:, None]
    cos = torch.dot(a / a.norm().clamp_min(1e-12), b / b.norm().clamp_min(1e-12)).clamp(-1, 1)
    omega = torch.arccos(cos)
    if omega.sin().abs() < 1e-6 or a.norm() < 1e-12 or b.norm() < 1e-12:
        return (1 - w) * a + w * b
    return (torch.sin((1 - w) * omega) * a + torch.sin(w * omega) * b) / omega.sin()
