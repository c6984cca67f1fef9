"""Anomaly scores: one number per image, higher = less like the training data. Pure functions, batchable.

    ae_scores = reconstruction_error(zoo.model("ae"), x)         # x: (N, 1, 28, 28) in [-1, 1] -> (N,)
    vae_scores = negative_elbo(zoo.model("vae"), x)
    diffusion_scores = denoising_error(pipe.unet, pipe.scheduler.alphas_cumprod, x, prediction_type="v_prediction")

The zoo serves them (Zoo.anomaly_scores), genmodels.measure.calibrate turns the test set's scores into thresholds
(weights/anomaly.json) and genmodels.measure.evaluate measures their AUROC; all three call these functions, so the
app, its thresholds and its measured figures cannot disagree. Each is deterministic: the same image gets the
same score in any batch.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from . import images
from .checks import cpu_generator
from .models import VAE, AutoEncoder
from .models.unet import NULL_CLASS

# the diffusion score's fixed timesteps and fixed noise draw, so a score depends on the image alone
ANOMALY_TIMESTEPS = (50, 150, 300)
ANOMALY_SEED = 0
PREDICTION_TYPES = ("epsilon", "v_prediction")


def reconstruction_error(ae: AutoEncoder, x: torch.Tensor) -> torch.Tensor:
    """Score "ae": per-image MSE of the reconstruction, in [0, 1] pixel units -> (N,)."""
    recon = ae.reconstruct(x)
    return (images.to_unit(recon) - images.to_unit(x)).pow(2).flatten(1).mean(1)


def negative_elbo(vae: VAE, x: torch.Tensor) -> torch.Tensor:
    """Score "vae": -ELBO in nats per image, evaluated at z = μ so that it is deterministic -> (N,).

    Bernoulli reconstruction term (the training loss) + KL(q(z|x) || N(0, I)) with β = 1 (the true bound)."""
    mu, logvar = vae.encode(x)
    logits = vae.decode_logits(mu)
    recon = F.binary_cross_entropy_with_logits(logits, images.to_unit(x), reduction="none").flatten(1).sum(1)
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
