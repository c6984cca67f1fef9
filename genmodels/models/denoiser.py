"""Blind denoiser: a DnCNN-style residual network (Zhang et al. 2017) that predicts what the degradation added
and subtracts it, so a clean picture passes through nearly untouched. It takes no σ: it is trained on a fresh
mixture of noise, specks, compression and blur (genmodels.degradations), and estimates each from the image."""

from __future__ import annotations

import torch
from torch import nn

from .base import HubModule


class BlindDenoiser(HubModule):
    def __init__(self, channels: int = 64, depth: int = 10):
        super().__init__()
        layers = [nn.Conv2d(1, channels, 3, padding=1), nn.ReLU()]
        for _ in range(depth - 2):
            layers += [nn.Conv2d(channels, channels, 3, padding=1, bias=False), nn.BatchNorm2d(channels), nn.ReLU()]
        layers.append(nn.Conv2d(channels, 1, 3, padding=1))
        self.residual = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Degraded images (N, 1, 28, 28) in [-1, 1] -> restored images, clamped to [-1, 1]."""
        return (x - self.residual(x)).clamp(-1, 1)
