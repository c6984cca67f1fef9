"""What `python -m genmodels.measure.evaluate` measures and how much of it: the models, the sections, every sample
count and step setting (a dataclass with commented defaults), the --quick sizes, their checks and their flags."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, fields, replace

from ... import registry
from ...checks import MAX_SEED
from ...diffusion.pipeline import DDIM_ETA, MAX_ETA, MAX_GUIDANCE, MAX_INFERENCE_STEPS, SAMPLERS


def measured_models() -> tuple[str, ...]:
    """The models the evaluation measures: every registered model with the "evaluate" task, in registry order."""
    return registry.names(task="evaluate")


SECTIONS = ("generation", "reconstruction", "denoising", "degradations", "anomaly", "one_class", "samplers")
TEST_SET_SIZE = 10_000
# sections seed their runs with --seed plus an offset (guidance: + 1000 per class, plus one per chunk), so --seed
# leaves this much room below the zoo's largest seed
SEED_HEADROOM = 20_000
MAX_RUN_SEED = MAX_SEED - SEED_HEADROOM


@dataclass
class Settings:
    """The defaults are the shipped weights/metrics.json's protocol, so a plain `--merge` run compares with it."""

    n_samples: int = 10_000  # images per VAE / GAN / GMM generator, and real train images for the floor
    n_reference: int = 10_000  # test images: the reference set of every distance and the reconstruction set
    n_diffusion: int = 1_000  # unconditional DDIM samples per step count (a UNet pass per image and step)
    ddim_steps: tuple = (10, 25, 50)
    ddim_etas: tuple = (0.0, DDIM_ETA)  # DDIM noise levels: 0 = the deterministic ODE, 1 = DDPM's posterior noise
    n_ddpm: int = 100  # DDPM samples: 1000 UNet passes each, the expensive row
    ddpm_steps: int = 1000
    guidance_scales: tuple = (0.0, 1.0, 2.0, 3.0, 5.0)
    guidance_steps: int = 50  # DDIM steps of the class-accuracy runs
    guidance_eta: float = DDIM_ETA  # their DDIM eta: the pipeline's and the app's default
    n_per_class: int = 50  # conditional samples per class and guidance scale
    n_denoise: int = 1_000
    n_bm3d: int = 200  # of those, the images BM3D restores in the degradation suite (~0.15 s an image)
    n_anomaly: int = 2_000  # in-distribution (normal) test images
    n_ood: int = 1_000  # images per out-of-distribution set
    one_class_epochs: int = 10
    one_class_train_per_class: int = 6_000
    one_class_test: int = 10_000
    gmm_components: int = 10
    gmm_fit_images: int = 60_000
    kid_subsets: int = 100
    kid_subset_size: int = 1_000
    pr_k: int = 3
    grid_images: int = 32
    race_samplers: tuple = SAMPLERS  # the sampler race (section samplers): every sampler at every step count
    race_steps: tuple = (5, 10, 20, 50)
    race_spacing_steps: tuple = (10,)  # step counts also run with "trailing" timesteps (the default is "leading")
    n_race: int = 1_000  # unguided samples (class "any") per sampler, step count and spacing
    race_guidance: float = 3.0  # the guided class accuracy of the cheap samplers, at this w
    race_guided_max_nfe: int = 10  # ... those with at most this many network calls per image
    race_per_class: int = 20  # guided samples per class


# fmt: off
QUICK = dict(
    n_samples=300, n_reference=1000, n_diffusion=32, ddim_steps=(5, 10), n_ddpm=16, ddpm_steps=20, guidance_steps=5,
    n_per_class=2, n_denoise=16, n_bm3d=0, n_anomaly=100, n_ood=32, one_class_epochs=1, one_class_train_per_class=300,
    one_class_test=1000, gmm_fit_images=2000, kid_subsets=20, kid_subset_size=300, race_steps=(2, 4),
    race_spacing_steps=(2,), n_race=16, race_guided_max_nfe=4, race_per_class=1,
)
_MINIMA = dict(  # the sizes the metrics need: k-NN needs more than k points, KID two per subset, ...
    n_samples=4, n_reference=4, n_per_class=1, n_denoise=1, n_anomaly=2, n_ood=1, one_class_epochs=1,
    one_class_train_per_class=1, one_class_test=2, gmm_components=1, kid_subsets=1, kid_subset_size=2, pr_k=1,
    grid_images=1,
)
# fmt: on


def check_settings(s: Settings) -> Settings:
    """ValueError naming the first setting out of its range."""
    for name, low in _MINIMA.items():
        if getattr(s, name) < low:
            raise ValueError(f"{name} must be at least {low}, got {getattr(s, name)}")
    for name in ("n_diffusion", "n_ddpm", "n_race"):
        if getattr(s, name) != 0 and getattr(s, name) < 4:
            raise ValueError(f"{name} must be 0 (skip) or at least 4, got {getattr(s, name)}")
    for sampler in s.race_samplers:
        if sampler not in SAMPLERS:
            raise ValueError(f"race_samplers must be among {', '.join(SAMPLERS)}; got {sampler!r}")
    for steps in (*s.ddim_steps, s.ddpm_steps, s.guidance_steps, *s.race_steps, *s.race_spacing_steps):
        if not 1 <= steps <= MAX_INFERENCE_STEPS:
            raise ValueError(f"diffusion steps must be in [1, {MAX_INFERENCE_STEPS}], got {steps}")
    for eta in (*s.ddim_etas, s.guidance_eta):
        if not 0 <= eta <= MAX_ETA:
            raise ValueError(f"DDIM etas must be in [0, {MAX_ETA:g}], got {eta}")
    for scale in (*s.guidance_scales, s.race_guidance):
        if not 0 <= scale <= MAX_GUIDANCE:
            raise ValueError(f"guidance scales must be in [0, {MAX_GUIDANCE:g}], got {scale}")
    if s.n_anomaly + s.n_ood > TEST_SET_SIZE:
        raise ValueError(
            f"n_anomaly + n_ood must be at most {TEST_SET_SIZE} (disjoint test images), got {s.n_anomaly + s.n_ood}"
        )
    if s.gmm_fit_images < s.gmm_components:
        raise ValueError(f"gmm_fit_images must be at least gmm_components ({s.gmm_components}), got {s.gmm_fit_images}")
    return s


def add_settings_arguments(parser: argparse.ArgumentParser):
    """One flag per setting (--n-samples 5000, --ddim-steps 10 25 ...), its help naming the default and --quick's."""
    for field in fields(Settings):
        kind, flag = type(field.default), "--" + field.name.replace("_", "-")
        shown = " ".join(map(str, field.default)) if kind is tuple else field.default
        quick = QUICK.get(field.name, field.default)
        help_text = f"default {shown}" + (
            f" (--quick: {' '.join(map(str, quick)) if kind is tuple else quick})" if field.name in QUICK else ""
        )
        if kind is tuple:
            parser.add_argument(flag, nargs="+", type=type(field.default[0]), default=None, help=help_text)
        else:
            parser.add_argument(flag, type=kind, default=None, help=help_text)


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The defaults (or QUICK's with --quick) with every flag given laid over them; not yet checked."""
    settings = Settings(**QUICK) if args.quick else Settings()
    overrides = {f.name: getattr(args, f.name) for f in fields(Settings) if getattr(args, f.name) is not None}
    return replace(settings, **{k: tuple(v) if isinstance(v, list) else v for k, v in overrides.items()})
