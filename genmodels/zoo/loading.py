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

import contextlib
import io
import logging
import sys
import threading
import time
from pathlib import Path

import torch

from .. import registry
from ..checks import check_choice
from ..models import Discriminator
from .model_thread import ModelThread

logger = logging.getLogger("genmodels.zoo")

# name -> (weights/<folder> it loads from, its class; None: the diffusers pipeline), for every model the registry
# lists; a live view, so that a model registered later is loaded too
MODEL_FOLDERS = registry.RegistryView(lambda spec: (spec.load_path, spec.network))


def gan_variants() -> dict[str, str]:
    """gan_sample's variants -> the GAN's model name: the API's spelling first ("wgan-gp"), then the names."""
    gans = registry.specs(task="gan_sample")
    return {**{spec.api_name: spec.name for spec in gans}, **{spec.name: spec.name for spec in gans}}


# huggingface_hub's mixin prints this (a print, not a log record, as of huggingface_hub 2.4) for every folder it
# loads: 16 lines at start-up that say nothing. quiet_hub_loads holds it back; the zoo logs one line per phase.
HUB_LOAD_MESSAGE = "Loading weights from local directory"
_stdout_lock = threading.Lock()  # one swap of sys.stdout at a time, so that none is left pointing at a buffer


@contextlib.contextmanager
def quiet_hub_loads():
    """Drop HUB_LOAD_MESSAGE from what is printed inside; everything else printed meanwhile is passed on after."""
    with _stdout_lock:
        held, real = io.StringIO(), sys.stdout
        sys.stdout = held
        try:
            yield
        finally:
            sys.stdout = real
            kept = [line for line in held.getvalue().splitlines(keepends=True) if line.strip() != HUB_LOAD_MESSAGE]
            real.write("".join(kept))


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
            from diffusers.utils import logging as diffusers_logging

            from ..diffusion.pipeline import FashionDiffusionPipeline  # imports diffusers: only here (the docstring)

            bar = diffusers_logging.is_progress_bar_enabled()
            diffusers_logging.disable_progress_bar()  # "Loading pipeline components...": the zoo logs its own line
            try:
                pipe = FashionDiffusionPipeline.from_pretrained(folder, dtype=torch.float32, use_safetensors=True)
            finally:
                if bar:
                    diffusers_logging.enable_progress_bar()
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
        networks = {name: (folder, cls) for name, (folder, cls) in MODEL_FOLDERS.items() if cls is not None}
        with quiet_hub_loads():
            for name, (folder, cls) in networks.items():
                try:
                    self.models[name] = load_model(self.weights_dir / folder, cls, self.device)
                except ModelUnavailable as why:
                    self.missing[name] = str(why)
        self.load_seconds = time.perf_counter() - start
        logger.info(
            "loaded %d of %d models from %s in %.2f s on %s",
            len(self.models),
            len(networks),
            self.weights_dir,
            self.load_seconds,
            self.device,
        )
        if not defer_diffusion:
            self._load_diffusion()
        elif self._diffusion_pending and not (self.weights_dir / MODEL_FOLDERS["diffusion"][0]).is_dir():
            self._load_diffusion()  # nothing to wait for: recorded as missing at once
        if self.missing:
            logger.warning("not loaded: %s", "; ".join(f"{k}: {v}" for k, v in self.missing.items()))

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
            if self.pipe is not None:
                logger.info("loaded the diffusion pipeline in %.2f s", self.diffusion_load_seconds)

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
        variants = gan_variants()
        folder = registry.get(variants[check_choice(variant, "variant", tuple(variants))]).folder
        with self._lock:
            if folder not in self._discriminators:
                try:
                    with quiet_hub_loads():
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
