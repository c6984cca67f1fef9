"""Small MLPs for many independent runs at once: the weights of `runs` networks stacked in one tensor, so one
batched matrix product steps every seed of a sweep. Each run keeps its own initial weights (its seed's), its own
batch-norm statistics and its own spectral-norm vectors; Adam and RMSprop act element by element, so one
optimiser over the stacked weights is exactly one optimiser per run. With runs = 1 it is the live Lab's network.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

ACTIVATIONS = {"tanh": torch.tanh, "relu": F.relu, "leaky_relu": lambda x: F.leaky_relu(x, 0.2)}


def uniform(generators: list[torch.Generator], shape: tuple[int, ...], bound: float) -> torch.Tensor:
    """One draw from U(-bound, bound) per run, each from its run's generator -> (runs, *shape)."""
    return torch.stack([(2 * torch.rand(shape, generator=g) - 1) * bound for g in generators])


class StackedLinear(nn.Module):
    """`runs` linear layers: x (runs, batch, in) -> (runs, batch, out), initialised as nn.Linear is."""

    def __init__(
        self,
        generators: list[torch.Generator],
        in_dim: int,
        out_dim: int,
        spectral_norm: bool = False,
        bias: bool = True,
    ):
        super().__init__()
        bound = 1 / math.sqrt(in_dim)
        self.weight = nn.Parameter(uniform(generators, (in_dim, out_dim), bound))
        self.bias = nn.Parameter(uniform(generators, (1, out_dim), bound)) if bias else None
        self.spectral_norm = spectral_norm
        if spectral_norm:  # the power iteration's vectors, per run (Miyato et al. 2018: one step per update)
            u = F.normalize(uniform(generators, (out_dim,), 1.0), dim=-1)
            self.register_buffer("u", u)
            self.register_buffer("v", F.normalize(torch.einsum("rio,ro->ri", self.weight.detach(), u), dim=-1))

    def normalised_weight(self) -> torch.Tensor:
        """W / σ(W), σ the largest singular value, its estimate refined by one power-iteration step per update."""
        weight = self.weight
        if self.training:
            with torch.no_grad():
                self.v = F.normalize(torch.einsum("rio,ro->ri", weight, self.u), dim=-1)
                self.u = F.normalize(torch.einsum("rio,ri->ro", weight, self.v), dim=-1)
        sigma = torch.einsum("ri,rio,ro->r", self.v, weight, self.u)
        return weight / sigma[:, None, None]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        weight = self.normalised_weight() if self.spectral_norm else self.weight
        return torch.bmm(x, weight) if self.bias is None else torch.baddbmm(self.bias, x, weight)


class StackedBatchNorm(nn.Module):
    """Batch norm over each run's batch (runs, batch, features), with each run's running statistics."""

    def __init__(self, runs: int, features: int, momentum: float = 0.1, eps: float = 1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(runs, 1, features))
        self.bias = nn.Parameter(torch.zeros(runs, 1, features))
        self.register_buffer("running_mean", torch.zeros(runs, 1, features))
        self.register_buffer("running_var", torch.ones(runs, 1, features))
        self.momentum, self.eps = momentum, eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training:
            mean, var = x.mean(1, keepdim=True), x.var(1, unbiased=False, keepdim=True)
            with torch.no_grad():
                n = x.shape[1]
                self.running_mean.lerp_(mean, self.momentum)
                self.running_var.lerp_(var * n / max(n - 1, 1), self.momentum)
        else:
            mean, var = self.running_mean, self.running_var
        return (x - mean) * torch.rsqrt(var + self.eps) * self.weight + self.bias


class StackedMLP(nn.Module):
    """`depth` hidden layers of `hidden` units (batch norm optional) and a linear output, for each run."""

    def __init__(
        self,
        generators: list[torch.Generator],
        in_dim: int,
        out_dim: int,
        hidden: int,
        depth: int,
        activation: str,
        batch_norm: bool = False,
        spectral_norm: bool = False,
    ):
        super().__init__()
        widths = [in_dim] + [hidden] * depth
        # no bias before a batch norm: the norm removes it, and Adam would turn its rounding-noise gradient into steps
        self.hidden = nn.ModuleList(
            StackedLinear(generators, a, b, spectral_norm, bias=not batch_norm) for a, b in zip(widths, widths[1:])
        )
        runs = len(generators)
        self.norms = nn.ModuleList(StackedBatchNorm(runs, hidden) for _ in range(depth)) if batch_norm else None
        self.out = StackedLinear(generators, widths[-1], out_dim, spectral_norm)
        self.activation = ACTIVATIONS[activation]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for i, layer in enumerate(self.hidden):
            x = layer(x)
            if self.norms is not None:
                x = self.norms[i](x)
            x = self.activation(x)
        return self.out(x)
