"""Convolutional variational autoencoder (β-VAE).

The encoder predicts a Gaussian q(z|x) = N(μ, σ²); the reparameterisation trick z = μ + σ·ε keeps
sampling differentiable; the decoder models each pixel as a Bernoulli (its output is a logit), so
loss = BCE(x, decoder(z)) + β·KL(q(z|x) || N(0, I)), both summed over pixels / latent dimensions.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from .autoencoder import conv_decoder, conv_encoder
from .base import HubModule
from ..images import to_unit


# The 2-D VAE ships its latent map (the encoder means of the first LATENT_MAP_SIZE test images) beside its weights,
# written by training, so that the app never reads the dataset at run time.
LATENT_MAP_FILE = "latent_map.safetensors"
LATENT_MAP_SIZE = 2000
# A latent dimension whose mean KL(q(z_d|x) || N(0, 1)) over test images is at most this carries (almost) no
# information: its posterior is the prior whatever the image, so the decoder learns to ignore it (posterior
# collapse). Training logs and the evaluation count the "active" dimensions with this rule.
ACTIVE_KL_NATS = 0.01

class VAE(HubModule):
    def __init__(self, latent_dim: int = 16, beta: float = 1.0, channels: tuple[int, int] = (32, 64)):
        super().__init__()
        self.latent_dim = latent_dim
        self.beta = beta
        self.encoder = conv_encoder(tuple(channels), 2 * latent_dim)
        self.decoder = conv_decoder(tuple(channels), latent_dim)

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Image -> (μ, log σ²), each (N, latent_dim)."""
        mu, logvar = self.encoder(x).chunk(2, dim=1)
        return mu, logvar.clamp(-30.0, 20.0)

    @staticmethod
    def reparameterize(mu, logvar, generator: torch.Generator | None = None) -> torch.Tensor:
        eps = torch.randn(mu.shape, generator=generator, device=mu.device, dtype=mu.dtype)
        return mu + torch.exp(0.5 * logvar) * eps

    @staticmethod
    def kl_per_dimension(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
        """KL(N(μ, σ²) || N(0, 1)) of each latent dimension, in nats -> (N, latent_dim)."""
        return 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar)

    def decode_logits(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder(z)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Latent -> mean image in [-1, 1] (sigmoid of the logits, mapped to [-1, 1])."""
        return torch.tanh(self.decoder(z) / 2)

    def reconstruct(self, x: torch.Tensor) -> torch.Tensor:
        """Deterministic reconstruction through the posterior mean."""
        return self.decode(self.encode(x)[0])

    @torch.no_grad()
    def sample(self, n: int, generator=None, temperature: float = 1.0, device=None) -> torch.Tensor:
        """n images decoded from z ~ N(0, temperature² I)."""
        device = device or next(self.parameters()).device
        z = torch.randn(n, self.latent_dim, generator=generator, device=device) * temperature
        return self.decode(z)

    def forward(self, x: torch.Tensor, beta: float | None = None, generator=None) -> dict[str, torch.Tensor]:
        """The training path (what DDP wraps): negative ELBO terms per image: recon (BCE, nats), kl, kl_per_dim, and loss = recon + β·kl."""
        beta = self.beta if beta is None else beta
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar, generator)
        logits = self.decode_logits(z)
        recon = F.binary_cross_entropy_with_logits(logits, to_unit(x), reduction="none").flatten(1).sum(1)
        kl_per_dim = self.kl_per_dimension(mu, logvar)
        kl = kl_per_dim.sum(1)
        return {
            "loss": (recon + beta * kl).mean(),
            "recon": recon.mean(),
            "kl": kl.mean(),
            "kl_per_dim": kl_per_dim.mean(0),
        }
