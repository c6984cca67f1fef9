"""How each model family is trained: its networks, optimisers, one training step, a test evaluation, a preview
grid and the folder the app loads, one module per family. `python -m genmodels.train NAME` runs the loop.

Which model uses which recipe, with which defaults, is its entry in genmodels.registry; MODELS is a view of it
(name -> (recipe, defaults)). `--option key=value` overrides an option.
"""

from __future__ import annotations

from .autoencoder import AutoEncoderRecipe
from .base import Defaults, Recipe
from .classifier import ClassifierRecipe
from .denoiser import DenoiserRecipe
from .diffusion import DiffusionRecipe
from .gan import GANRecipe
from .vae import VAERecipe

__all__ = [
    "MODELS",
    "Defaults",
    "Recipe",
    "AutoEncoderRecipe",
    "ClassifierRecipe",
    "DenoiserRecipe",
    "DiffusionRecipe",
    "GANRecipe",
    "VAERecipe",
]


def __getattr__(name: str):
    """MODELS: name -> (recipe class, Defaults) of every trainable model, a live view of genmodels.registry (which
    imports the recipes, so it is looked up on first use rather than imported here)."""
    if name == "MODELS":
        from ...registry import RECIPES

        return RECIPES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
