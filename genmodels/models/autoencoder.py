"""Convolutional autoencoder: 28x28 image -> bottleneck vector -> 28x28 image.

Plain, denoising and sparse autoencoders are the same network trained differently
(see genmodels.recipes.AutoEncoderRecipe): the denoising AE sees noisy inputs and clean
targets; the sparse AE adds an L1 penalty on the latent activations.
"""

from __future__ import annotations

import torch
from torch import nn

from .base import HubModule


def conv_encoder(channels: tuple[int, int], out_features: int) -> nn.Sequential:
    """(N, 1, 28, 28) -> (N, out_features) with two stride-2 convolutions (28 -> 14 -> 7)."""
    c1, c2 = channels
    return nn.Sequential(
        nn.Conv2d(1, c1, 4, stride=2, padding=1),
        nn.SiLU(),
        nn.Conv2d(c1, c2, 4, stride=2, padding=1),
        nn.SiLU(),
        nn.Conv2d(c2, c2, 3, padding=1),
        nn.SiLU(),
        nn.Flatten(),
        nn.Linear(c2 * 7 * 7, out_features),
    )


def conv_decoder(channels: tuple[int, int], in_features: int) -> nn.Sequential:
    """(N, in_features) -> (N, 1, 28, 28) logits; the mirror image of conv_encoder."""
    c1, c2 = channels
    return nn.Sequential(
        nn.Linear(in_features, c2 * 7 * 7),
        nn.Unflatten(1, (c2, 7, 7)),
        nn.SiLU(),
        nn.Conv2d(c2, c2, 3, padding=1),
        nn.SiLU(),
        nn.ConvTranspose2d(c2, c1, 4, stride=2, padding=1),
        nn.SiLU(),
        nn.ConvTranspose2d(c1, 1, 4, stride=2, padding=1),
    )


class AutoEncoder(HubModule):
    def __init__(self, latent_dim: int = 32, channels: tuple[int, int] = (32, 64), latent_activation: str = "none"):
        super().__init__()
        if latent_activation not in ("none", "relu"):
            raise ValueError(f"latent_activation must be 'none' or 'relu', got {latent_activation!r}")
        self.latent_dim = latent_dim
        self.encoder = conv_encoder(tuple(channels), latent_dim)
        # the sparse AE uses a ReLU code so that its L1 penalty can switch units off exactly
        self.latent_activation = nn.ReLU() if latent_activation == "relu" else nn.Identity()
        self.decoder = conv_decoder(tuple(channels), latent_dim)

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """Image in [-1, 1] -> latent code (N, latent_dim)."""
        return self.latent_activation(self.encoder(x))

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Latent code -> image in [-1, 1]."""
        return torch.tanh(self.decoder(z))

    def reconstruct(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The training path (what DDP wraps): (reconstruction, latent code)."""
        z = self.encode(x)
        return self.decode(z), z
