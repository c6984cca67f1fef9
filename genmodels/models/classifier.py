"""A small Fashion-MNIST CNN: the project's judge for class accuracy, coverage and feature distances."""

from __future__ import annotations

import torch
from torch import nn

from .base import HubModule


def conv_block(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, 3, padding=1, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(True),
        nn.Conv2d(c_out, c_out, 3, padding=1, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(True),
        nn.MaxPool2d(2),
    )


class FashionClassifier(HubModule):
    def __init__(self, num_classes: int = 10, channels: tuple[int, int] = (32, 64), feature_dim: int = 128):
        super().__init__()
        c1, c2 = channels
        self.backbone = nn.Sequential(
            conv_block(1, c1),  # 28 -> 14
            conv_block(c1, c2),  # 14 -> 7
            nn.Flatten(),
            nn.Dropout(0.3),
            nn.Linear(c2 * 7 * 7, feature_dim),
            nn.ReLU(True),
        )
        self.head = nn.Sequential(nn.Dropout(0.3), nn.Linear(feature_dim, num_classes))

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The penultimate activations (N, feature_dim): the space for Fréchet distances."""
        return self.backbone(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x))
