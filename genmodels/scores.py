"""Anomaly scores: one number per image, higher = less like the training data. Pure functions, batchable.

    ae_scores = reconstruction_error(zoo.model("ae"), x)         # x: (N, 1, 28, 28) in [-1, 1] -> (N,)
    vae_scores = negative_elbo(zoo.model("vae"), x)
    diffusion_scores = denoising_error(pipe.unet, pipe.scheduler.alphas_cumprod, x, prediction_type="v_prediction")
    corrected_scores = complexity_corrected_bits(zoo.model("vae"), x)   # -log2 p(x) - L(x), both in bits

The zoo serves them (Zoo.anomaly_scores), genmodels.build.calibrate turns the test set's scores into thresholds
(weights/anomaly.json) and genmodels.measure.evaluate measures their AUROC; all three call these functions, so the
app, its thresholds and its measured figures cannot disagree. Each is deterministic: the same image gets the
same score in any batch.
"""

from __future__ import annotations

import math
import zlib

import torch

from . import images
from .checks import cpu_generator
from .models import VAE, AutoEncoder
from .models.unet import NULL_CLASS

# the diffusion score's fixed timesteps and fixed noise draw, so a score depends on the image alone
ANOMALY_TIMESTEPS = (50, 150, 300)
ANOMALY_SEED = 0
PREDICTION_TYPES = ("epsilon", "v_prediction")

# The complexity-corrected score's two halves, both in bits of the 8-bit 28x28 image.
# The VAE decodes a mean grey level per pixel; read as the centre of a discretized logistic of this scale (in
# grey levels, 0-255) it gives a likelihood of the 8-bit image. The scale maximises the likelihood of 5,000
# training images (`python -m scripts.fit_pixel_scale`: 19.99); no out-of-distribution image chose it.
VAE_PIXEL_SCALE = 20.0
ZLIB_LEVEL = 9  # the compressor of L(x): zlib (DEFLATE) at its best level, on the 784 raw bytes


def reconstruction_error(ae: AutoEncoder, x: torch.Tensor) -> torch.Tensor:
    """Score "ae": per-image MSE of the reconstruction, in [0, 1] pixel units -> (N,)."""
    recon = ae.reconstruct(x)
    return (images.to_unit(recon) - images.to_unit(x)).pow(2).flatten(1).mean(1)


def negative_elbo(vae: VAE, x: torch.Tensor) -> torch.Tensor:
    """Score "vae": -ELBO in nats per image, evaluated at z = μ so that it is deterministic -> (N,).

    The model's own reconstruction term (its training likelihood) + KL(q(z|x) || N(0, I)) with β = 1 (the true
    bound)."""
    mu, logvar = vae.encode(x)
    recon = vae.reconstruction_nll(vae.decode_logits(mu), x)
    kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(1)
    return recon + kl


def denoising_error(
    unet,
    alphas_cumprod: torch.Tensor,
    x: torch.Tensor,
    timesteps=ANOMALY_TIMESTEPS,
    seed: int = ANOMALY_SEED,
    prediction_type: str = "epsilon",
) -> torch.Tensor:
    """Score "diffusion": the unconditional model's mean squared prediction error -> (N,).

    Every image is noised by the forward process q(x_t | x_0) = N(√ᾱ_t x_0, (1 - ᾱ_t) I), with the pipeline's
    schedule `alphas_cumprod`, at the same fixed timesteps and with the same fixed noise (one draw per timestep
    from `seed`), so the score depends on the image alone, not on its batch. Images far from the training data
    are harder to denoise. All timesteps go through the UNet as one batch."""
    if prediction_type not in PREDICTION_TYPES:
        raise ValueError(f"prediction_type must be 'epsilon' or 'v_prediction', got {prediction_type!r}")
    n, k = x.shape[0], len(timesteps)
    device = x.device
    noise = torch.randn((k, *x.shape[1:]), generator=cpu_generator(seed)).to(device)  # (k, 1, 28, 28)
    t = torch.as_tensor(timesteps, dtype=torch.long)
    alpha_bar = alphas_cumprod.to("cpu", torch.float32)[t].to(device).view(1, k, 1, 1, 1)
    x0, eps = x.unsqueeze(1), noise.unsqueeze(0)  # broadcast to (n, k, 1, 28, 28)
    x_t = alpha_bar.sqrt() * x0 + (1 - alpha_bar).sqrt() * eps
    if prediction_type == "epsilon":
        target = eps.expand_as(x_t)
    else:  # v = √ᾱ ε - √(1-ᾱ) x_0
        target = alpha_bar.sqrt() * eps - (1 - alpha_bar).sqrt() * x0
    labels = torch.full((n * k,), NULL_CLASS, dtype=torch.long, device=device)
    prediction = unet(x_t.flatten(0, 1), t.to(device).repeat(n), class_labels=labels).sample
    return (prediction.float().view_as(x_t) - target).pow(2).flatten(1).mean(1)


def complexity_bits(x: torch.Tensor) -> torch.Tensor:
    """L(x): the image's input complexity, the length in bits of its 8-bit pixels (784 bytes, row by row)
    compressed by zlib at ZLIB_LEVEL -> (N,) float64 on the CPU. A blank image compresses to almost nothing,
    a garment's texture and edges cost thousands of bits."""
    return torch.tensor([8.0 * len(zlib.compress(pixels.tobytes(), ZLIB_LEVEL)) for pixels in images.to_uint8(x)])


def discretized_logistic_bits(mean: torch.Tensor, levels: torch.Tensor, scale: float) -> torch.Tensor:
    """-log2 P(levels) per image, each grey level k in 0..255 given the mass of a logistic(mean, scale) on
    [k - 1/2, k + 1/2]; 0 and 255 also take the tails beyond (as PixelCNN++ does), so the 256 masses sum to 1.
    mean and levels in grey levels, shape (N, ...) -> (N,), computed in float64."""
    mean, levels = mean.double(), levels.double()
    upper = torch.where(levels >= 255, math.inf, (levels + 0.5 - mean) / scale)
    lower = torch.where(levels <= 0, -math.inf, (levels - 0.5 - mean) / scale)
    # σ(u) - σ(l) = σ(-l) - σ(-u): take the side away from σ's flat top, where the difference keeps its digits
    mass = torch.where(
        lower > 0, torch.sigmoid(-lower) - torch.sigmoid(-upper), torch.sigmoid(upper) - torch.sigmoid(lower)
    )
    return -mass.clamp_min(1e-300).log2().flatten(1).sum(1)


def vae_bits(vae: VAE, x: torch.Tensor, scale: float = VAE_PIXEL_SCALE) -> torch.Tensor:
    """-ELBO in bits of the 8-bit image, at z = μ -> (N,) float64: the decoder's mean (sigmoid of its logits)
    as the centre of a discretized logistic (discretized_logistic_bits) + KL(q(z|x) || N(0, I)) / ln 2.
    The Bernoulli -ELBO of `negative_elbo` is no likelihood of 8-bit pixels, so it cannot be set against a
    compressed length; this one can."""
    mu, logvar = vae.encode(x)
    mean = torch.sigmoid(vae.decode_logits(mu)) * 255
    kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(1).double()
    levels = torch.from_numpy(images.to_uint8(x)).to(mean.device).unsqueeze(1)
    return discretized_logistic_bits(mean, levels, scale) + kl / math.log(2)


def complexity_corrected_bits(vae: VAE, x: torch.Tensor, scale: float = VAE_PIXEL_SCALE) -> torch.Tensor:
    """Score "vae_complexity" (Serrà et al., ICLR 2020, "Input complexity and out-of-distribution detection"):
    S(x) = -log2 p(x) - L(x), the VAE's bits (vae_bits) minus the zlib length (complexity_bits) -> (N,) float64.

    A likelihood model finds simple images (a blank page, a digit, a shape) cheap whatever it was trained on,
    because most of -log p(x) is the cost of the image's detail. L(x) is that cost as a general-purpose
    compressor pays it, so the difference is how many bits the model saves (or wastes) over the compressor:
    very negative for what the model knows, near zero or above for what it does not."""
    return vae_bits(vae, x, scale) - complexity_bits(x).to(x.device)
