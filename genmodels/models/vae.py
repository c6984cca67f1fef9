"""Convolutional variational autoencoder (β-VAE).

The encoder predicts a Gaussian q(z|x) = N(μ, σ²); the reparameterisation trick z = μ + σ·ε keeps
sampling differentiable; loss = -log p(x|z) + β·KL(q(z|x) || N(0, I)), both summed over pixels / latent dimensions.

The decoder's output is a logit per pixel, whose sigmoid is the pixel's mean grey level in [0, 1]. Two likelihoods
read that mean:
- "bernoulli": each pixel a Bernoulli of that mean, -log p(x|z) = BCE. Its curvature is tiny next to a grey
  level's real spread, so it weighs the reconstruction weakly against the KL: blurry samples.
- "gaussian": each pixel N(mean, σ²) with one learned σ for the whole image (a calibrated decoder, Rybkin et al.
  2021, "Simple and Effective VAE Training with Calibrated Decoders"). σ settles at the reconstruction's own
  error, so the reconstruction term gets the weight the data asks for, with β = 1 still the true ELBO.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from ..images import to_unit
from .autoencoder import conv_decoder, conv_encoder
from .base import HubModule

# The 2-D VAE ships its latent map (the encoder means of the first LATENT_MAP_SIZE test images) beside its weights,
# written by training, so that the app never reads the dataset at run time.
LATENT_MAP_FILE = "latent_map.safetensors"
LATENT_MAP_SIZE = 2000
# A latent dimension whose mean KL(q(z_d|x) || N(0, 1)) over test images is at most this carries (almost) no
# information: its posterior is the prior whatever the image, so the decoder learns to ignore it (posterior
# collapse). Training logs and the evaluation count the "active" dimensions with this rule.
ACTIVE_KL_NATS = 0.01
LIKELIHOODS = ("bernoulli", "gaussian")
# The Gaussian decoder's σ (in [0, 1] grey units) starts near a trained VAE's reconstruction error (RMSE ~0.1) and
# never falls below 1/255: one grey level, finer than the 8-bit data can say.
INITIAL_SIGMA = 0.1
MIN_LOG_SIGMA = math.log(1 / 255)


class VAE(HubModule):
    def __init__(
        self,
        latent_dim: int = 16,
        beta: float = 1.0,
        channels: tuple[int, int] = (32, 64),
        likelihood: str = "bernoulli",
    ):
        super().__init__()
        if likelihood not in LIKELIHOODS:
            raise ValueError(f"likelihood must be one of {LIKELIHOODS}, got {likelihood!r}")
        self.latent_dim = latent_dim
        self.beta = beta
        self.likelihood = likelihood
        self.encoder = conv_encoder(tuple(channels), 2 * latent_dim)
        self.decoder = conv_decoder(tuple(channels), latent_dim)
        if likelihood == "gaussian":
            self.log_sigma = torch.nn.Parameter(torch.tensor(math.log(INITIAL_SIGMA)))

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

    def reconstruction_nll(self, logits: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        """-log p(x|z) in nats per image, from the decoder's logits and the image x in [-1, 1] -> (N,)."""
        target = to_unit(x)
        if self.likelihood == "bernoulli":
            return F.binary_cross_entropy_with_logits(logits, target, reduction="none").flatten(1).sum(1)
        log_sigma = self.log_sigma.clamp_min(MIN_LOG_SIGMA)
        squared = (torch.sigmoid(logits) - target).pow(2).flatten(1)
        return (0.5 * squared / torch.exp(2 * log_sigma) + log_sigma + 0.5 * math.log(2 * math.pi)).sum(1)

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
        """The training path (what DDP wraps): negative ELBO terms per image: recon (-log p(x|z), nats), kl, kl_per_dim,
        and loss = recon + β·kl."""
        beta = self.beta if beta is None else beta
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar, generator)
        logits = self.decode_logits(z)
        recon = self.reconstruction_nll(logits, x)
        kl_per_dim = self.kl_per_dimension(mu, logvar)
        kl = kl_per_dim.sum(1)
        return {
            "loss": (recon + beta * kl).mean(),
            "recon": recon.mean(),
            "kl": kl.mean(),
            "kl_per_dim": kl_per_dim.mean(0),
        }
