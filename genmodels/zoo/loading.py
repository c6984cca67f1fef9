"""Loading: which weights/<folder> holds which model, and the store every zoo task reads its models from.

Every model is loaded once, at start, frozen (eval mode, no gradients); one that is missing or broken is
recorded in `missing` and the rest are served. The GAN discriminators, which only the evaluation needs,
load on first use, under a lock.

The diffusion pipeline needs diffusers, whose import takes ~4 s of a 2-core CPU (it imports torch._dynamo), more
than every other model together. `LoadedModels(..., defer_diffusion=True)` leaves it out; `load_deferred()` then
loads it in a background thread (the app calls it once it is serving), and a diffusion task that comes first
waits for it.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import torch

from ..checks import check_choice
from ..models import VAE, AutoEncoder, Discriminator, EncoderClassifier, FashionClassifier, Generator
from ..models.encoder_classifier import TRANSFER_FOLDER, TRANSFER_WAYS
from .model_thread import ModelThread

logger = logging.getLogger("genmodels.zoo")

# API variant -> weights/<folder>, which holds generator/ and discriminator/. A new GAN is one line here
# (e.g. "sn-gan": "sn_gan" once weights/sn_gan is trained). The folder names are accepted as variants too.
GAN_FOLDERS = {"dcgan": "dcgan", "wgan-gp": "wgan_gp", "sn-gan": "sn_gan"}  # API variant -> weights folder
GAN_VARIANTS = {**GAN_FOLDERS, **{folder: folder for folder in GAN_FOLDERS.values()}}


def transfer_model_name(way: str) -> str:
    """The MODEL_FOLDERS key of a transfer-learning way's network ('frozen_ae' -> 'transfer_frozen_ae')."""
    return f"transfer_{way}"


# weights/<folder> of every model loaded at start, and the class that loads it (None: the diffusers pipeline)
MODEL_FOLDERS = {
    "classifier": ("classifier", FashionClassifier),
    "ae": ("ae", AutoEncoder),
    "dae": ("dae", AutoEncoder),
    "sparse_ae": ("sparse_ae", AutoEncoder),
    "deep_ae": ("deep_ae", AutoEncoder),
    "vae": ("vae", VAE),
    "beta_vae": ("beta_vae", VAE),
    "vae2d": ("vae2d", VAE),
    **{folder: (f"{folder}/generator", Generator) for folder in GAN_FOLDERS.values()},
    # the transfer-learning classifiers (python -m genmodels.transfer), one per way, trained on 1,000 labels
    **{transfer_model_name(way): (f"{TRANSFER_FOLDER}/{way}", EncoderClassifier) for way in TRANSFER_WAYS},
    "diffusion": ("diffusion", None),
}


class ModelUnavailable(ValueError):
    """A task needs a model that is not loaded (not trained, or a broken checkpoint). A ValueError, so the UI
    shows it like a bad argument; its own type lets a caller that runs several models skip just that one."""


def load_model(folder: Path, cls, device: torch.device):
    """weights/<folder> -> a frozen model in eval mode on `device` (cls None: the diffusers pipeline);
    ModelUnavailable says why not."""
    needed = ("model_index.json",) if cls is None else ("config.json", "model.safetensors")
    absent = [file for file in needed if not (folder / file).is_file()]
    if absent:
        raise ModelUnavailable(f"{folder} has no {', '.join(absent)}")
    try:
        if cls is None:  # safetensors only: never unpickle a checkpoint
            from ..diffusion.pipeline import (
                FashionDiffusionPipeline,  # imports diffusers: only here (the module docstring)
            )

            pipe = FashionDiffusionPipeline.from_pretrained(folder, dtype=torch.float32, use_safetensors=True)
            pipe = pipe.to(device)
            pipe.set_progress_bar_config(disable=True)
            pipe.unet.eval().requires_grad_(False)
            return pipe
        return cls.from_pretrained(folder).to(device).eval().requires_grad_(False)
    except Exception as error:  # a half-written or mismatched checkpoint: report it, serve the rest
        raise ModelUnavailable(f"{folder} failed to load ({type(error).__name__}: {error})") from None


class LoadedModels:
    """Every model of MODEL_FOLDERS found in `weights_dir`, loaded once on `device` (default: CUDA if present).
    defer_diffusion=True: the diffusion pipeline loads later (load_deferred, or the first task that needs it).
    model_thread=True (a server on a CPU): every task runs on one ModelThread, the only thread that runs torch on
    several cores (model_thread.py says why); it starts before loading, so loading keeps to one core."""

    def __init__(self, weights_dir="weights", device=None, defer_diffusion: bool = False, model_thread: bool = False):
        self.weights_dir = Path(weights_dir)
        self.device = torch.device(device if device is not None else ("cuda" if torch.cuda.is_available() else "cpu"))
        self.model_thread = ModelThread() if model_thread and self.device.type == "cpu" else None
        self.models: dict[str, torch.nn.Module] = {}
        self.pipe = None  # the FashionDiffusionPipeline, once loaded
        self.missing: dict[str, str] = {}  # name -> why it is not loaded
        self._discriminators: dict[str, Discriminator] = {}
        self._latent_map = None  # vae2d's map of the test set (GenerationTasks.latent_map)
        self._ae_gmm = None  # the Gaussian mixture fitted on the AE's train codes (GenerationTasks.ae_sample)
        self._training_index = None  # weights/nearest/ (MemorisationTasks.training_index)
        self._lock = threading.Lock()  # guards the four lazily filled caches above
        self._diffusion_lock = threading.Lock()  # held while the pipeline loads: a task that needs it waits
        self._diffusion_pending = True
        start = time.perf_counter()
        for name, (folder, cls) in MODEL_FOLDERS.items():
            if cls is None:
                continue
            try:
                self.models[name] = load_model(self.weights_dir / folder, cls, self.device)
            except ModelUnavailable as why:
                self.missing[name] = str(why)
        self.load_seconds = time.perf_counter() - start
        if not defer_diffusion:
            self._load_diffusion()
        elif self._diffusion_pending and not (self.weights_dir / MODEL_FOLDERS["diffusion"][0]).is_dir():
            self._load_diffusion()  # nothing to wait for: recorded as missing at once
        if self.missing:
            logger.warning("genmodels.zoo: not loaded: %s", "; ".join(f"{k}: {v}" for k, v in self.missing.items()))

    def _load_diffusion(self):
        """Load the diffusion pipeline unless it is loaded already (or known to be missing); thread-safe."""
        with self._diffusion_lock:
            if not self._diffusion_pending:
                return
            start = time.perf_counter()
            try:
                self.pipe = load_model(self.weights_dir / MODEL_FOLDERS["diffusion"][0], None, self.device)
                self.models["diffusion"] = self.pipe.unet
            except ModelUnavailable as why:
                self.missing["diffusion"] = str(why)
            self.diffusion_load_seconds = time.perf_counter() - start
            self._diffusion_pending = False

    def load_deferred(self, delay: float = 0.0) -> threading.Thread:
        """Load what defer_diffusion left out, in a background thread (returned, already started) that first waits
        `delay` seconds. A diffusion task that comes sooner does not wait for the delay: it loads the pipeline."""
        thread = threading.Timer(delay, self._load_diffusion)
        thread.name, thread.daemon = "load-diffusion", True
        thread.start()
        return thread

    def between_steps(self):
        """Called by a long task between its steps: on a model thread, the short tasks waiting now run here."""
        if self.model_thread is not None:
            self.model_thread.run_waiting()

    @property
    def available(self) -> tuple[str, ...]:
        """Names of the loaded models (keys of MODEL_FOLDERS); a diffusion model still loading counts."""
        return tuple(self.models) + (("diffusion",) if self._diffusion_pending else ())

    def model(self, name: str) -> torch.nn.Module:
        """The loaded model `name` (a key of MODEL_FOLDERS; "diffusion" is the pipeline's UNet, zoo.pipe the
        pipeline), frozen and in eval mode on zoo.device. Raises ModelUnavailable saying why it is not loaded."""
        if name == "diffusion" and self._diffusion_pending:
            self._load_diffusion()  # loads it now, or waits for the background load
        if name not in self.models:
            raise ModelUnavailable(
                f"model {name!r} is not available: {self.missing.get(name, 'unknown model')} "
                f"(train it with `python -m genmodels.train {name}`)"
            )
        return self.models[name]

    def discriminator(self, variant: str) -> Discriminator:
        """The discriminator (DCGAN) or critic (WGAN-GP) trained beside a variant's generator (variant as in
        gan_sample: "dcgan" | "wgan-gp"): (N, 1, 28, 28) in [-1, 1] -> (N,) logits / scores, higher = more real.
        Loaded from weights/<folder>/discriminator on first use, then kept; ModelUnavailable when it is not there."""
        folder = GAN_VARIANTS[check_choice(variant, "variant", tuple(GAN_VARIANTS))]
        with self._lock:
            if folder not in self._discriminators:
                try:
                    loaded = load_model(self.weights_dir / folder / "discriminator", Discriminator, self.device)
                except ModelUnavailable as why:
                    raise ModelUnavailable(
                        f"the {variant} discriminator is not available: {why} "
                        f"(train it with `python -m genmodels.train {folder}`)"
                    ) from None
                self._discriminators[folder] = loaded
        return self._discriminators[folder]

    def _to_device(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(self.device)
