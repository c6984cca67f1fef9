"""The GAN generator and discriminator, shared by DCGAN, WGAN-GP and the spectral-norm GAN.

The three variants share the Generator architecture so they compare fairly; they differ in the
discriminator's options and the loss (see genmodels.training.recipes.GANRecipe):
- DCGAN: Discriminator with batch norm (not on its input layer), BCE loss, one-sided label smoothing.
- WGAN-GP: the same network built with batch_norm=False (batch norm breaks the per-sample gradient
  penalty), Wasserstein loss, gradient penalty λ=10, n_critic critic steps per generator step.
- SN-GAN: spectral_norm=True (every layer's weights divided by their largest singular value), no batch
  norm, hinge loss.
"""

from __future__ import annotations

import torch
from torch import nn

from .base import HubModule


class Generator(HubModule):
    """z (N, latent_dim) -> image (N, 1, 28, 28) in [-1, 1]: 7x7 -> 14x14 -> 28x28 transposed convs."""

    def __init__(self, latent_dim: int = 64, channels: int = 64):
        super().__init__()
        self.latent_dim = latent_dim
        c = channels
        self.net = nn.Sequential(
            nn.ConvTranspose2d(latent_dim, 4 * c, 7, bias=False),  # 1x1 -> 7x7
            nn.BatchNorm2d(4 * c),
            nn.ReLU(True),
            nn.ConvTranspose2d(4 * c, 2 * c, 4, stride=2, padding=1, bias=False),  # -> 14x14
            nn.BatchNorm2d(2 * c),
            nn.ReLU(True),
            nn.ConvTranspose2d(2 * c, c, 4, stride=2, padding=1, bias=False),  # -> 28x28
            nn.BatchNorm2d(c),
            nn.ReLU(True),
            nn.Conv2d(c, 1, 3, padding=1),  # no batch norm at the output
            nn.Tanh(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z[:, :, None, None])

    def sample_latents(self, n: int, generator=None, truncation: float = 1.0, device=None) -> torch.Tensor:
        """z ~ N(0, I) scaled by `truncation` (ψ): 1 = the training prior, < 1 trades variety for fidelity."""
        device = device or next(self.parameters()).device
        return torch.randn(n, self.latent_dim, generator=generator, device=device) * truncation

    @torch.no_grad()
    def sample(self, n: int, generator=None, truncation: float = 1.0, device=None) -> torch.Tensor:
        return self(self.sample_latents(n, generator, truncation, device))


class Discriminator(HubModule):
    """image -> one real/fake logit (DCGAN) or critic score (WGAN-GP) per sample."""

    def __init__(self, channels: int = 64, batch_norm: bool = True, spectral_norm: bool = False):
        super().__init__()
        c = channels
        wrap = nn.utils.parametrizations.spectral_norm if spectral_norm else (lambda layer: layer)
        norm = (lambda n: nn.BatchNorm2d(n)) if batch_norm else (lambda n: nn.Identity())
        self.net = nn.Sequential(
            wrap(nn.Conv2d(1, c, 4, stride=2, padding=1)),  # 28 -> 14, no norm on the input layer
            nn.LeakyReLU(0.2, True),
            wrap(nn.Conv2d(c, 2 * c, 4, stride=2, padding=1)),  # -> 7
            norm(2 * c),
            nn.LeakyReLU(0.2, True),
            wrap(nn.Conv2d(2 * c, 4 * c, 3, stride=2, padding=1)),  # -> 4
            norm(4 * c),
            nn.LeakyReLU(0.2, True),
            nn.Flatten(),
            wrap(nn.Linear(4 * c * 4 * 4, 1)),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(1)
