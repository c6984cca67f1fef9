"""The Lab's 2-D data sets, seeded: the 8-Gaussian ring and the 5x5 grid (the mode-collapse benchmarks of the
Unrolled GAN and VEEGAN papers), the Swiss roll and two moons. The two mixtures know their modes, so coverage
and sample quality can be counted."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class ToyData:
    name: str
    modes: torch.Tensor | None  # (K, 2) mixture centres, or None for a manifold without discrete modes
    std: float  # each mode's standard deviation (the noise around the manifold otherwise)
    extent: float  # the square [-extent, extent]² that frames the pictures


def ring_modes(k: int = 8, radius: float = 2.0) -> torch.Tensor:
    angles = torch.arange(k) * (2 * math.pi / k)
    return radius * torch.stack([angles.cos(), angles.sin()], 1)


def grid_modes(side: int = 5, spacing: float = 2.0) -> torch.Tensor:
    coords = (torch.arange(side) - (side - 1) / 2) * spacing
    return torch.cartesian_prod(coords, coords)


DATASETS = {
    "ring": ToyData("ring", ring_modes(), std=0.05, extent=3.0),
    "grid": ToyData("grid", grid_modes(), std=0.05, extent=5.5),
    "swiss_roll": ToyData("swiss_roll", None, std=0.05, extent=2.5),
    "moons": ToyData("moons", None, std=0.05, extent=2.5),
}


def sample(name: str, n: int, generator: torch.Generator) -> torch.Tensor:
    """n points (n, 2) of data set `name`."""
    data = DATASETS[name]
    noise = data.std * torch.randn(n, 2, generator=generator)
    if data.modes is not None:
        return data.modes[torch.randint(len(data.modes), (n,), generator=generator)] + noise
    u = torch.rand(n, generator=generator)
    if name == "swiss_roll":  # the 2-D roll, scaled into [-2, 2]
        t = 1.5 * math.pi * (1 + 2 * u)
        return torch.stack([t * t.cos(), t * t.sin()], 1) / 7.0 + noise
    upper = torch.rand(n, generator=generator) < 0.5  # moons: two interleaved half circles, centred
    angle = math.pi * u
    x = torch.where(upper, angle.cos(), 1 - angle.cos()) - 0.5
    y = torch.where(upper, angle.sin(), 0.5 - angle.sin()) - 0.25
    return 1.2 * torch.stack([x, y], 1) + noise


def mode_metrics(points: torch.Tensor, name: str) -> dict:
    """Coverage and quality of generated points on a mixture (VEEGAN's and Unrolled GAN's measures):
    - high_quality: the share of points within 3σ of their nearest mode;
    - modes_covered: modes that hold at least a quarter of their fair share (n / 4K) of high-quality points,
      so a handful of stragglers does not count as covering a mode.
    On a manifold without modes both are None."""
    data = DATASETS[name]
    if data.modes is None:
        return {"modes_covered": None, "modes_total": None, "high_quality": None}
    distances = torch.cdist(points, data.modes)
    nearest, which = distances.min(1)
    good = nearest <= 3 * data.std
    counts = torch.bincount(which[good], minlength=len(data.modes))
    return {
        "modes_covered": int((counts >= len(points) / (4 * len(data.modes))).sum()),
        "modes_total": len(data.modes),
        "high_quality": good.float().mean().item(),
    }
