"""What each zoo task accepts: the model and method names, and the numeric limits (the UI's sliders read them too,
so a slider can never send a value its task refuses)."""

from __future__ import annotations

from .. import registry
from ..diffusion.limits import DEFAULT_SPACING, SAMPLERS, SPACINGS  # noqa: F401 (re-exported: the zoo names them too)


def reconstruction_models() -> tuple[str, ...]:
    """The models reconstruct, interpolate and latent_dim accept: every registered autoencoder and VAE."""
    return registry.names(task="reconstruct")


def vae_models() -> tuple[str, ...]:
    """The models vae_sample and vae_traverse accept: every registered VAE."""
    return registry.names(task="vae_sample")


DENOISE_METHODS = ("dae", "vae", "diffusion", "median", "blind")  # blind: genmodels.models.BlindDenoiser
INTERPOLATION_MODES = ("linear", "slerp")
ANOMALY_METHODS = ("ae", "vae", "diffusion", "vae_complexity")  # vae_complexity: -log2 p(x) - L(x), scores.py
AE_PRIORS = ("gmm", "normal")  # ae_sample's codes: the mixture fitted on train codes, or N(0, I) (which fails)

MAX_SAMPLES = 64  # images per sampling call, and per denoise / forward_noise batch
MAX_TEMPERATURE = 2.0  # VAE prior scale
MAX_TRUNCATION = 2.0  # GAN latent scale ψ
MAX_NOISE_SIGMA = 1.0  # Gaussian noise std in [0, 1] pixel units
INTERPOLATION_STEPS = (2, 16)
WALK_STEPS = (2, 64)
LATENT_LIMIT = 10.0  # decode_latent accepts |z| up to this (the prior is N(0, I)); so does vae_traverse's span
TRAVERSE_STEPS = (2, 16)
