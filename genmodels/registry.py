"""Every model genmodels knows, in one place: one ModelSpec per model. Everything else derives from it: which
folders the zoo loads, which names each zoo task accepts, what `python -m genmodels.train` can train (and
`--all`'s order), what the evaluation measures, and the names the visitor reads.

    from genmodels import registry
    registry.get("wgan_gp").folder                # 'wgan_gp'
    registry.resolve("wgan-gp").name              # 'wgan_gp': the public API's spelling resolves too
    "vae2d" in registry.names(task="vae_sample")  # True: the models a zoo task accepts

Adding a model is one `register(ModelSpec(...))` here (tests/test_registry.py shows it). The entries are listed
in training order: the classifier first, because it judges every other model's samples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from .models import VAE, AutoEncoder, BlindDenoiser, EncoderClassifier, FashionClassifier, Generator
from .models.encoder_classifier import TRANSFER_FOLDER, TRANSFER_WAYS
from .models.two_stage import MixturePriorVAE, TwoStageVAE
from .training.recipes import AutoEncoderRecipe, ClassifierRecipe, DenoiserRecipe, DiffusionRecipe, GANRecipe, VAERecipe
from .training.recipes.base import Defaults, Recipe

# What a model can be asked for. A spec lists the tasks it serves; each list of models derives from them.
TASKS = {
    "reconstruct": "zoo.reconstruct, interpolate and latent_dim accept it (an autoencoder or a VAE)",
    "reconstruct_endpoint": "offered by /reconstruct and the Autoencoder tab",
    "vae_sample": "zoo.vae_sample, vae_traverse and the VAE's prior samples accept it",
    "gan_sample": "a GAN variant of gan_sample and gan_walk; its discriminator loads on first use",
    "evaluate": "python -m genmodels.measure.evaluate measures it",
    "denoise": 'a method of zoo.denoise and /denoise, by its API spelling ("blind")',
}


@dataclass(frozen=True)
class ModelSpec:
    """One model. `name` is its one spelling: the CLI argument, the zoo's key, the metrics.json row."""

    name: str
    family: str  # "classifier" | "AE" | "VAE" | "GAN" | "diffusion" | "transfer": colours, tables, the tabs
    network: type | None  # the class the zoo loads from weights/<folder>/<subfolder>; None: the diffusers pipeline
    display: tuple[str, str] | None = None  # (English, Korean) as the visitor reads it; None: the key is shown
    tasks: tuple[str, ...] = ()  # keys of TASKS
    recipe: type[Recipe] | None = None  # what `python -m genmodels.train NAME` runs; None: trained elsewhere
    defaults: Defaults | None = None  # the recipe's epochs, batch size, learning rate and options
    folder: str = ""  # weights/<folder>, what training writes; default: the name
    subfolder: str = ""  # inside the folder, the network the zoo loads at start (a GAN's "generator")
    api_alias: str = ""  # the public API's spelling where it differs from the name ("wgan-gp")

    def __post_init__(self):
        unknown = set(self.tasks) - set(TASKS)
        if unknown:
            raise ValueError(f"{self.name}: unknown tasks {sorted(unknown)}; known: {sorted(TASKS)}")
        if (self.recipe is None) != (self.defaults is None):
            raise ValueError(f"{self.name}: a recipe needs its defaults, and defaults need a recipe")
        if not self.folder:
            object.__setattr__(self, "folder", self.name)

    @property
    def api_name(self) -> str:
        """How the public API spells the model ("wgan-gp"); the name where there is no alias."""
        return self.api_alias or self.name

    def display_name(self, language: str = "en") -> str:
        """The name a visitor reads ("WGAN-GP", "2차원 VAE" in "ko"); the key, underscores as spaces, where none."""
        if self.display is None:
            return self.name.replace("_", " ")
        return self.display[1 if language == "ko" else 0]

    @property
    def load_path(self) -> str:
        """weights/<load_path>: the folder the zoo loads at start."""
        return f"{self.folder}/{self.subfolder}" if self.subfolder else self.folder


_SPECS: dict[str, ModelSpec] = {}


def register(spec: ModelSpec) -> ModelSpec:
    """Add a model (after every model registered so far); ValueError if its name or alias is taken."""
    taken = {n for s in _SPECS.values() for n in (s.name, s.api_name)}
    clash = {spec.name, spec.api_name} & taken
    if clash:
        raise ValueError(f"model name {sorted(clash)[0]!r} is registered already")
    _SPECS[spec.name] = spec
    return spec


def unregister(name: str) -> ModelSpec:
    """Remove a model (tests add and remove their own)."""
    return _SPECS.pop(name)


def get(name: str) -> ModelSpec:
    """The spec of `name` (one spelling: "wgan_gp"); KeyError naming the known models."""
    if name not in _SPECS:
        raise KeyError(f"unknown model {name!r}; known: {', '.join(_SPECS)}")
    return _SPECS[name]


def find(name: str) -> ModelSpec | None:
    """The spec of `name`, or None when no model has that name (a metrics.json row like "real_train")."""
    return _SPECS.get(name)


def resolve(name_or_alias: str) -> ModelSpec:
    """The spec of a model name or its public API alias ("wgan-gp" and "wgan_gp" -> the same spec)."""
    for spec in _SPECS.values():
        if name_or_alias in (spec.name, spec.api_alias):
            return spec
    raise KeyError(f"unknown model {name_or_alias!r}; known: {', '.join(_SPECS)}")


def specs(family: str | None = None, task: str | None = None) -> tuple[ModelSpec, ...]:
    """Every spec in registration order, or those of one family and / or one task."""
    if task is not None and task not in TASKS:
        raise KeyError(f"unknown task {task!r}; known: {', '.join(TASKS)}")
    return tuple(
        spec
        for spec in _SPECS.values()
        if (family is None or spec.family == family) and (task is None or task in spec.tasks)
    )


def names(family: str | None = None, task: str | None = None) -> tuple[str, ...]:
    """The names of specs(family, task)."""
    return tuple(spec.name for spec in specs(family, task))


def trainable() -> tuple[ModelSpec, ...]:
    """The models `python -m genmodels.train` trains, in training order (the classifier first)."""
    return tuple(spec for spec in _SPECS.values() if spec.recipe is not None)


class RegistryView(Mapping):
    """A read-only dict over the registry, computed on every access, so that a model registered later (a test's)
    shows up too: name -> value(spec) for the specs that `include` keeps."""

    def __init__(self, value: Callable[[ModelSpec], object], include: Callable[[ModelSpec], bool] = lambda s: True):
        self._value, self._include = value, include

    def __getitem__(self, name: str):
        spec = _SPECS.get(name)
        if spec is None or not self._include(spec):
            raise KeyError(name)
        return self._value(spec)

    def __iter__(self) -> Iterator[str]:
        return (spec.name for spec in _SPECS.values() if self._include(spec))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"RegistryView({dict(self)!r})"


# name -> (recipe class, Defaults) of every trainable model: genmodels.recipes.MODELS
RECIPES = RegistryView(lambda spec: (spec.recipe, spec.defaults), lambda spec: spec.recipe is not None)

# ---------------------------------------------------------------------------------------------------------
# The shipped models

AE_OPTIONS = {"latent_dim": 32, "noise_max": 0.0, "l1": 0.0, "latent_activation": "none"}
VAE_OPTIONS = {"kl_warmup_epochs": 2, "likelihood": "bernoulli", "channels": [32, 64]}
AUTOENCODER_TASKS = ("reconstruct", "reconstruct_endpoint", "evaluate")
VAE_TASKS = ("reconstruct", "vae_sample", "evaluate")


def _autoencoder(name, display, **options) -> ModelSpec:
    recipe = Defaults(epochs=8, options={**AE_OPTIONS, **options})
    return ModelSpec(name, "AE", AutoEncoder, display, AUTOENCODER_TASKS, AutoEncoderRecipe, recipe)


def _vae(name, display, tasks=VAE_TASKS, **options) -> ModelSpec:
    recipe = Defaults(epochs=20, options={**VAE_OPTIONS, **options})
    return ModelSpec(name, "VAE", VAE, display, tasks, VAERecipe, recipe)


def _gan(name, display, defaults: Defaults, alias="") -> ModelSpec:
    tasks = ("gan_sample", "evaluate")
    return ModelSpec(
        name, "GAN", Generator, display, tasks, GANRecipe, defaults, subfolder="generator", api_alias=alias
    )


register(
    ModelSpec(
        "classifier",
        "classifier",
        FashionClassifier,
        ("classifier", "분류기"),
        recipe=ClassifierRecipe,
        defaults=Defaults(epochs=8, lr=2e-3),
    )
)
register(_autoencoder("ae", ("AE", "AE")))
register(_autoencoder("dae", ("denoising AE", "디노이징 AE"), noise_max=0.5))
register(
    _autoencoder("sparse_ae", ("sparse AE", "희소 AE"), latent_dim=64, l1=1e-3, latent_activation="relu", top_k=16)
)
# the plain AE with four more 3x3 convolutions each side (two at 14x14, two at 7x7), at the same 32-d code
register(_autoencoder("deep_ae", ("deep AE", "깊은 AE"), extra_layers=2))
# The Bernoulli VAE also serves /reconstruct (the endpoint's one VAE)
register(_vae("vae", ("VAE", "VAE"), (*VAE_TASKS, "reconstruct_endpoint"), latent_dim=16, beta=1.0))
register(_vae("beta_vae", ("β-VAE", "β-VAE"), latent_dim=16, beta=4.0))
register(_vae("vae2d", ("2-D VAE", "2차원 VAE"), latent_dim=2, beta=1.0))
# The notes' "would a distribution other than the Gaussian fix the blur?": the VAE at its budget, only the decoder's
# likelihood changed (models/vae.py). σ² = ½ makes -log p(x|z) the summed squared error most VAE code writes.
VARIANT = {"latent_dim": 16, "beta": 1.0}
register(
    _vae(
        "vae_gaussian",
        ("VAE, Gaussian σ² = ½ (sum-of-squares loss)", "VAE, 가우시안 σ² = ½ (제곱합 손실)"),
        likelihood="gaussian_fixed",
        fixed_sigma=0.5**0.5,
        **VARIANT,
    )
)
register(_vae("vae_sigma", ("σ-VAE (learned σ)", "σ-VAE (학습된 σ)"), likelihood="gaussian", **VARIANT))
register(_vae("vae_logistic", ("VAE, discretised logistic", "VAE, 이산 로지스틱"), likelihood="logistic", **VARIANT))
# the σ-VAE with a learned prior: a second VAE on its codes, or a mixture (python -m genmodels.build.learned_prior)
register(ModelSpec("vae_2stage", "VAE", TwoStageVAE, ("2-stage VAE", "2단계 VAE"), VAE_TASKS))
register(
    ModelSpec("vae_mixture", "VAE", MixturePriorVAE, ("σ-VAE + mixture prior", "σ-VAE + 혼합 사전분포"), VAE_TASKS)
)
register(
    _gan(
        "dcgan",
        ("DCGAN", "DCGAN"),
        Defaults(
            epochs=12,
            lr=2e-4,
            options={"loss": "bce", "latent_dim": 64, "n_critic": 1, "real_label": 0.9, "ema_decay": 0.999},
        ),
    )
)
register(
    _gan(
        "wgan_gp",
        ("WGAN-GP", "WGAN-GP"),
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
        alias="wgan-gp",
    )
)
register(
    _gan(
        "sn_gan",
        ("SN-GAN", "SN-GAN"),
        Defaults(
            epochs=6,
            lr=2e-4,
            options={"loss": "hinge", "latent_dim": 64, "n_critic": 1, "spectral_norm": True, "ema_decay": 0.999},
        ),
        alias="sn-gan",
    )
)


# the transfer-learning classifiers (python -m genmodels.training.transfer), one per way, trained on 1,000 labels
def transfer_model_name(way: str) -> str:
    """The name of a transfer-learning way's network ('frozen_ae' -> 'transfer_frozen_ae')."""
    return f"transfer_{way}"


for _way in TRANSFER_WAYS:
    register(ModelSpec(transfer_model_name(_way), "transfer", EncoderClassifier, folder=f"{TRANSFER_FOLDER}/{_way}"))
register(
    ModelSpec(
        "diffusion",
        "diffusion",
        None,
        ("diffusion", "디퓨전"),
        ("evaluate",),
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
    )
)
# DnCNN-style, 48 channels x 9 layers, trained on a fresh degradation mixture: one 28x28 image in a few ms on a CPU
register(
    ModelSpec(
        "blind_denoiser",
        "denoiser",
        BlindDenoiser,
        ("blind denoiser", "블라인드 디노이저"),
        ("denoise", "evaluate"),
        DenoiserRecipe,
        Defaults(epochs=3, batch_size=64, lr=1e-3, options={"channels": 48, "depth": 9}),
        api_alias="blind",
    )
)
