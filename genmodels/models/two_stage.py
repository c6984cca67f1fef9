"""Learned priors for a VAE: the prior hole, and two fixes.

A VAE's codes q(z) = mean of q(z|x) over the images never fill N(0, I) exactly: the prior samples regions no image's
code visits, and those decode to no garment. Both models here keep a trained VAE (encoding, decoding and
reconstruction unchanged) and replace only where prior codes come from:
- TwoStageVAE (Dai & Wipf 2019, "Diagnosing and Enhancing VAE Models"): a second small VAE learns q(z); a draw
  u ~ N(0, I) becomes a code through its decoder;
- MixturePriorVAE: a full-covariance Gaussian mixture fitted on the codes (what the plain AE samples through).
"""

from __future__ import annotations

import math

import torch
from torch import nn

from .vae import VAE


def mlp(sizes: list[int]) -> nn.Sequential:
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(a, b), nn.GELU()]
    return nn.Sequential(*layers[:-1])


class LatentVAE(nn.Module):
    """The second stage: a VAE on d-dimensional codes with a Gaussian decoder whose one σ (Dai & Wipf's γ) is
    learned, so that the codes it decodes can become as exact as the data allows."""

    def __init__(self, latent_dim: int, hidden: int):
        super().__init__()
        self.encoder = mlp([latent_dim, hidden, hidden, 2 * latent_dim])
        self.decoder = mlp([latent_dim, hidden, hidden, latent_dim])
        self.log_gamma = nn.Parameter(torch.zeros(()))

    def forward(self, z: torch.Tensor) -> dict[str, torch.Tensor]:
        """Negative ELBO of codes z (N, d), per code: loss, recon, kl (nats)."""
        mu, logvar = self.encoder(z).chunk(2, dim=1)
        logvar = logvar.clamp(-30.0, 20.0)
        u = VAE.reparameterize(mu, logvar)
        squared = (self.decoder(u) - z).pow(2).sum(1)
        d = z.shape[1]
        recon = 0.5 * squared / torch.exp(2 * self.log_gamma) + d * (self.log_gamma + 0.5 * math.log(2 * math.pi))
        kl = VAE.kl_per_dimension(mu, logvar).sum(1)
        return {"loss": (recon + kl).mean(), "recon": recon.mean(), "kl": kl.mean()}


class TwoStageVAE(VAE):
    """A first-stage VAE (any likelihood) plus the second stage on its codes; `latent_from_prior` is the only
    change: prior samples u become codes through the second stage's decoder."""

    def __init__(
        self,
        latent_dim: int = 16,
        beta: float = 1.0,
        channels: tuple[int, int] = (32, 64),
        likelihood: str = "gaussian",
        fixed_sigma: float = 0.1,
        hidden: int = 512,
    ):
        super().__init__(latent_dim, beta, channels, likelihood, fixed_sigma)
        self.second_stage = LatentVAE(latent_dim, hidden)

    def latent_from_prior(self, u: torch.Tensor) -> torch.Tensor:
        return self.second_stage.decoder(u)


class MixturePriorVAE(VAE):
    """A VAE whose prior is a Gaussian mixture over its codes (weights, means, Cholesky factors as buffers, written
    by `python -m genmodels.build.learned_prior --prior mixture`)."""

    def __init__(
        self,
        latent_dim: int = 16,
        beta: float = 1.0,
        channels: tuple[int, int] = (32, 64),
        likelihood: str = "gaussian",
        fixed_sigma: float = 0.1,
        components: int = 50,
        spread: float = 1.0,
    ):
        super().__init__(latent_dim, beta, channels, likelihood, fixed_sigma)
        self.spread = spread  # each component's spread, scaled: chosen by the build (FD against training images)
        self.register_buffer("prior_weights", torch.full((components,), 1.0 / components))
        self.register_buffer("prior_means", torch.zeros(components, latent_dim))
        self.register_buffer("prior_scale_tril", torch.eye(latent_dim).repeat(components, 1, 1))

    def sample_prior(self, n: int, generator=None, temperature: float = 1.0) -> torch.Tensor:
        """A component per code (by weight), then its Gaussian at the prior's spread times temperature."""
        on = generator.device if generator is not None else torch.device("cpu")
        component = torch.multinomial(self.prior_weights.to(on), n, replacement=True, generator=generator)
        eps = torch.randn(n, self.latent_dim, 1, generator=generator, device=on) * (temperature * self.spread)
        z = self.prior_means.to(on)[component] + (self.prior_scale_tril.to(on)[component] @ eps).squeeze(-1)
        return z.to(self.prior_means.device)
