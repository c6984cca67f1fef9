"""How each model family is trained: its networks, optimisers, one training step, a test evaluation, a preview
grid and the folder the app loads, one module per family. `python -m genmodels.train NAME` runs the loop.

MODELS maps each trainable name to its recipe and defaults; `--option key=value` overrides an option.
"""

from __future__ import annotations

from .autoencoder import AutoEncoderRecipe
from .base import Defaults, Recipe
from .classifier import ClassifierRecipe
from .diffusion import DiffusionRecipe
from .gan import GANRecipe
from .vae import VAERecipe

__all__ = [
    "MODELS",
    "Defaults",
    "Recipe",
    "AutoEncoderRecipe",
    "ClassifierRecipe",
    "DiffusionRecipe",
    "GANRecipe",
    "VAERecipe",
]

VAE_OPTIONS = {"kl_warmup_epochs": 2, "likelihood": "bernoulli", "channels": [32, 64]}

# name -> (recipe, defaults). `python -m genmodels.train NAME` trains one; `--option key=value` overrides.
MODELS: dict[str, tuple[type[Recipe], Defaults]] = {
    "classifier": (ClassifierRecipe, Defaults(epochs=8, lr=2e-3)),
    "ae": (
        AutoEncoderRecipe,
        Defaults(epochs=8, options={"latent_dim": 32, "noise_max": 0.0, "l1": 0.0, "latent_activation": "none"}),
    ),
    "dae": (
        AutoEncoderRecipe,
        Defaults(epochs=8, options={"latent_dim": 32, "noise_max": 0.5, "l1": 0.0, "latent_activation": "none"}),
    ),
    "sparse_ae": (
        AutoEncoderRecipe,
        Defaults(
            epochs=8, options={"latent_dim": 64, "noise_max": 0.0, "l1": 1e-3, "latent_activation": "relu", "top_k": 16}
        ),
    ),
    # the plain AE with four more 3x3 convolutions each side (two at 14x14, two at 7x7), at the same 32-d code
    "deep_ae": (
        AutoEncoderRecipe,
        Defaults(
            epochs=8,
            options={"latent_dim": 32, "noise_max": 0.0, "l1": 0.0, "latent_activation": "none", "extra_layers": 2},
        ),
    ),
    # likelihood "gaussian" (a learned σ) and wider channels are options; the shipped VAEs are Bernoulli, (32, 64)
    "vae": (VAERecipe, Defaults(epochs=20, options={"latent_dim": 16, "beta": 1.0, **VAE_OPTIONS})),
    "beta_vae": (VAERecipe, Defaults(epochs=20, options={"latent_dim": 16, "beta": 4.0, **VAE_OPTIONS})),
    "vae2d": (VAERecipe, Defaults(epochs=20, options={"latent_dim": 2, "beta": 1.0, **VAE_OPTIONS})),
    "dcgan": (
        GANRecipe,
        Defaults(
            epochs=12,
            lr=2e-4,
            options={"loss": "bce", "latent_dim": 64, "n_critic": 1, "real_label": 0.9, "ema_decay": 0.999},
        ),
    ),
    "sn_gan": (
        GANRecipe,
        Defaults(
            epochs=6,
            lr=2e-4,
            options={"loss": "hinge", "latent_dim": 64, "n_critic": 1, "spectral_norm": True, "ema_decay": 0.999},
        ),
    ),
    "wgan_gp": (
        GANRecipe,
        Defaults(
            epochs=10,
            batch_size=64,
            lr=1e-4,
            options={
                "loss": "wgan-gp",
                "latent_dim": 64,
                "n_critic": 5,
                "gp_weight": 10.0,
                "spectral_norm": False,
                "ema_decay": 0.999,
            },
        ),
    ),
    "diffusion": (
        DiffusionRecipe,
        Defaults(
            epochs=30,
            lr=4e-4,
            options={
                "beta_schedule": "squaredcos_cap_v2",
                "prediction_type": "v_prediction",
                "p_uncond": 0.1,
                "ema_decay": 0.999,
                "warmup_steps": 200,
                "lr_schedule": "cosine",
                "grad_clip": 1.0,
                "eval_per_class": 20,
            },
        ),
    ),
}
