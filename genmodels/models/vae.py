"""Convolutional variational autoencoder (β-VAE).

The encoder predicts a Gaussian q(z|x) = N(μ, σ²); the reparameterisation trick z = μ + σ·ε keeps
sampling differentiable; loss = -log p(x|z) + β·KL(q(z|x) || N(0, I)), both summed over pixels / latent dimensions.

The decoder's output is a logit per pixel, whose sigmoid is the pixel's mean grey level in [0, 1]. Four likelihoods
read that mean (the notes' question: does a distribution other than the Gaussian fix the blur?):
- "bernoulli": each pixel a Bernoulli of that mean, -log p(x|z) = BCE. Its curvature is tiny next to a grey
  level's real spread, so it weighs the reconstruction weakly against the KL: blurry samples.
- "gaussian_fixed": each pixel N(mean, σ²) with σ = `fixed_sigma`, the "MSE loss" VAE; σ sets the weight of the
  reconstruction against the KL by hand.
- "gaussian": the same with one learned σ for the whole image (a calibrated decoder, Rybkin et al. 2021, "Simple
  and Effective VAE Training with Calibrated Decoders"). σ settles at the reconstruction's own error, so the
  reconstruction term gets the weight the data asks for, with β = 1 still the true ELBO.
- "logistic": each pixel a discretised logistic over the 256 grey levels (PixelCNN++, Salimans et al. 2017) with
  one learned scale: a true probability of 8-bit pixels, so its ELBO converts to bits per dimension exactly.
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
LIKELIHOODS = ("bernoulli", "gaussian_fixed", "gaussian", "logistic")
LEARNED_SCALE = ("gaussian", "logistic")
# Half of one grey level in [0, 1] units: the discretised logistic integrates its density over [x - δ, x + δ].
HALF_BIN = 0.5 / 255
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
        fixed_sigma: float = INITIAL_SIGMA,
    ):
        super().__init__()
        if likelihood not in LIKELIHOODS:
            raise ValueError(f"likelihood must be one of {LIKELIHOODS}, got {likelihood!r}")
        self.latent_dim = latent_dim
        self.beta = beta
        self.likelihood = likelihood
        self.fixed_sigma = fixed_sigma
        self.encoder = conv_encoder(tuple(channels), 2 * latent_dim)
        self.decoder = conv_decoder(tuple(channels), latent_dim)
        if likelihood in LEARNED_SCALE:
            # the Gaussian's σ, or the logistic's scale s (its σ is s·π/√3)
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
        mean = torch.sigmoid(logits)
        if self.likelihood == "logistic":
            return discretised_logistic_nll(target, mean, self.log_sigma.clamp_min(MIN_LOG_SIGMA)).flatten(1).sum(1)
        if self.likelihood == "gaussian_fixed":
            log_sigma = torch.tensor(math.log(self.fixed_sigma), device=logits.device)
        else:
            log_sigma = self.log_sigma.clamp_min(MIN_LOG_SIGMA)
        squared = (mean - target).pow(2).flatten(1)
        return (0.5 * squared / torch.exp(2 * log_sigma) + log_sigma + 0.5 * math.log(2 * math.pi)).sum(1)

    def pixel_sample(self, logits: torch.Tensor, generator=None) -> torch.Tensor:
        """One draw from p(x|z) itself (not its mean), in [-1, 1]: under a factorised likelihood it is the mean plus
        independent pixel noise, never detail, which is what "the Gaussian makes it blurry" means precisely.
        The noise comes from `generator`'s device, so a CPU generator gives the same pixels on any device."""
        mean = torch.sigmoid(logits.float().cpu()) if generator is not None else torch.sigmoid(logits.float())
        noise = torch.rand(mean.shape, generator=generator, device=mean.device)
        if self.likelihood == "bernoulli":
            x = (noise < mean).float()
        elif self.likelihood == "logistic":
            u = noise.clamp(1e-6, 1 - 1e-6)
            x = mean + self.scale() * (torch.log(u) - torch.log1p(-u))  # the logistic's inverse CDF
            x = torch.round(x.clamp(0, 1) * 255) / 255
        else:
            gauss = torch.randn(mean.shape, generator=generator, device=mean.device)
            x = (mean + self.scale() * gauss).clamp(0, 1)
        return (x * 2 - 1).to(logits.device)

    def scale(self) -> float:
        """The decoder's spread: the Gaussian's σ or the logistic's scale s, in [0, 1] grey units."""
        if self.likelihood == "gaussian_fixed":
            return self.fixed_sigma
        return float(self.log_sigma.clamp_min(MIN_LOG_SIGMA).exp())

    def bits_per_dim(self, neg_elbo_nats: float) -> float | None:
        """-ELBO in nats per image -> bits per 8-bit pixel. A Gaussian density on [0, 1] becomes a probability of a
        grey level by its bin width 1/256; a Bernoulli of grey levels is no probability of 8-bit pixels (None)."""
        pixels = 28 * 28
        if self.likelihood == "bernoulli":
            return None
        per_pixel = neg_elbo_nats / pixels + (0.0 if self.likelihood == "logistic" else math.log(256))
        return per_pixel / math.log(2)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Latent -> mean image in [-1, 1] (sigmoid of the logits, mapped to [-1, 1])."""
        return torch.tanh(self.decoder(z) / 2)

    def reconstruct(self, x: torch.Tensor) -> torch.Tensor:
        """Deterministic reconstruction through the posterior mean."""
        return self.decode(self.encode(x)[0])

    def latent_from_prior(self, u: torch.Tensor) -> torch.Tensor:
        """A draw u ~ N(0, I) -> the code the decoder reads: u itself here; a 2-stage VAE maps it."""
        return u

    def sample_prior(self, n: int, generator=None, temperature: float = 1.0) -> torch.Tensor:
        """n codes from the prior, on the model's device; the noise comes from `generator`'s device (a CPU
        generator: the same codes on any device). temperature scales the draws around the prior's centre(s)."""
        on = generator.device if generator is not None else None
        u = torch.randn(n, self.latent_dim, generator=generator, device=on) * temperature
        return self.latent_from_prior(u.to(next(self.parameters()).device))

    @torch.no_grad()
    def sample(self, n: int, generator=None, temperature: float = 1.0) -> torch.Tensor:
        """n images decoded from the prior."""
        return self.decode(self.sample_prior(n, generator, temperature))

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


def discretised_logistic_nll(x: torch.Tensor, mean: torch.Tensor, log_scale: torch.Tensor) -> torch.Tensor:
    """-log P(x) of grey levels x in [0, 1] (steps of 1/255) under a logistic(mean, e^log_scale) integrated over each
    level's bin; the end bins take the tails, so the 256 probabilities sum to one -> x's shape, nats."""
    inv_scale = torch.exp(-log_scale)
    upper = (x - mean + HALF_BIN) * inv_scale
    lower = (x - mean - HALF_BIN) * inv_scale
    log_cdf_upper = F.logsigmoid(upper)  # log P(X <= x + δ): the whole mass of the lowest bin
    log_survival_lower = -F.softplus(lower)  # log P(X > x - δ): the whole mass of the highest bin
    mass = torch.sigmoid(upper) - torch.sigmoid(lower)
    # where the bin's mass underflows, its density times the bin width is the same number, stably
    log_density = lower + HALF_BIN * inv_scale - log_scale - 2 * F.softplus(lower + HALF_BIN * inv_scale)
    log_mass = torch.where(mass > 1e-5, torch.log(mass.clamp_min(1e-12)), log_density + math.log(2 * HALF_BIN))
    log_p = torch.where(x < HALF_BIN, log_cdf_upper, torch.where(x > 1 - HALF_BIN, log_survival_lower, log_mass))
    return -log_p
