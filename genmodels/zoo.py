"""The thin inference layer: every shipped model loaded once, one method per task of the app.

    from genmodels.zoo import Zoo
    zoo = Zoo("weights")                      # loads what is there; zoo.available / zoo.missing say what
    out = zoo.reconstruct(image, "ae")        # image: (1, 1, 28, 28) tensor in [-1, 1] (see genmodels.images)

Rules every method follows (the app and its API rely on them):
- inputs are model tensors (N, 1, 28, 28) in [-1, 1] and plain Python numbers / strings; outputs are CPU
  tensors (never PIL: the UI converts with genmodels.images);
- every argument is validated first; a bad one raises ValueError naming the value and the accepted range;
- every stochastic call builds its own torch.Generator from `seed`, on the CPU, so concurrent requests share
  no RNG state and a seed gives the same pixels on CPU and GPU;
- models are read-only after __init__ (eval mode, no gradients), so one Zoo serves many threads at once.
The only state written after construction is the latent-map cache, filled once under a lock.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from . import images
from .corruptions import add_pixel_noise
from .data import CLASS_NAMES, NUM_CLASSES, class_index
from .filters import median3x3
from .metrics import psnr
from .models import VAE, AutoEncoder, FashionClassifier, Generator

logger = logging.getLogger(__name__)

MAX_SEED = 2**31 - 1
RECONSTRUCTION_MODELS = ("ae", "dae", "sparse_ae", "vae", "beta_vae", "vae2d")
VAE_MODELS = ("vae", "beta_vae", "vae2d")
GAN_VARIANTS = {"dcgan": "dcgan", "wgan-gp": "wgan_gp", "wgan_gp": "wgan_gp"}  # API name -> weights folder
DENOISE_METHODS = ("dae", "vae", "diffusion", "median")
INTERPOLATION_MODES = ("linear", "slerp")
ANOMALY_METHODS = ("ae", "vae", "diffusion")
SAMPLERS = ("DDPM", "DDIM")
ANY_CLASS = "any"

# weights/<folder> of every model the zoo knows, and the class that loads it (None: the diffusers pipeline)
MODEL_FOLDERS = {
    "classifier": ("classifier", FashionClassifier),
    "ae": ("ae", AutoEncoder),
    "dae": ("dae", AutoEncoder),
    "sparse_ae": ("sparse_ae", AutoEncoder),
    "vae": ("vae", VAE),
    "beta_vae": ("beta_vae", VAE),
    "vae2d": ("vae2d", VAE),
    "dcgan": ("dcgan/generator", Generator),
    "wgan_gp": ("wgan_gp/generator", Generator),
    "diffusion": ("diffusion", None),
}

# SDEdit settings for denoise(method="diffusion"): about this many DDIM steps from the noise level down to 0
DENOISE_DIFFUSION_STEPS = 25
DENOISE_GUIDANCE_SCALE = 3.0

# the diffusion anomaly score: fixed timesteps and one fixed noise draw, so a score depends on the image alone
ANOMALY_TIMESTEPS = (50, 150, 300)
ANOMALY_SEED = 0
ANOMALY_FILE = "anomaly.json"

FORWARD_NOISE_SEED = 0
LATENT_MAP_SIZE = 2000  # test images shown on the 2-D latent map
LATENT_LIMIT = 10.0  # decode_latent accepts |z| up to this (the prior is N(0, I))
MAX_IMAGES = 4096  # the largest batch a batch-taking method accepts


# ---------------------------------------------------------------------------------------------------------
# argument checks: each returns the cleaned value or raises ValueError naming the argument and the range


def check_int(value, name: str, low: int, high: int) -> int:
    """An integer in [low, high]. Integral floats (4.0, as sliders send) are accepted; 4.5, bools, NaN are not."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be an integer in [{low}, {high}], got {value!r} ({type(value).__name__})")
    if isinstance(value, (float, np.floating)) and not (math.isfinite(value) and float(value).is_integer()):
        raise ValueError(f"{name} must be an integer in [{low}, {high}], got {value!r}")
    if not low <= int(value) <= high:
        raise ValueError(f"{name} must be in [{low}, {high}], got {int(value)}")
    return int(value)


def check_float(value, name: str, low: float, high: float) -> float:
    """A finite number in [low, high]."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number in [{low}, {high}], got {value!r} ({type(value).__name__})")
    value = float(value)
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{name} must be a finite number in [{low}, {high}], got {value!r}")
    return value


def check_choice(value, name: str, choices) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value


def check_images(image, name: str = "image", max_images: int = MAX_IMAGES) -> torch.Tensor:
    """A float tensor (N, 1, 28, 28) (or one image (1, 28, 28)) with finite values in [-1, 1] -> CPU float32."""
    if not isinstance(image, torch.Tensor):
        raise ValueError(f"{name} must be a torch.Tensor (N, 1, 28, 28) in [-1, 1], got {type(image).__name__}")
    if image.ndim == 3:
        image = image.unsqueeze(0)
    if image.ndim != 4 or tuple(image.shape[1:]) != (1, 28, 28) or not 1 <= image.shape[0] <= max_images:
        wanted = "(1, 1, 28, 28)" if max_images == 1 else f"(N, 1, 28, 28) with N in [1, {max_images}]"
        raise ValueError(f"{name} must have shape {wanted}, got {tuple(image.shape)}")
    if not image.is_floating_point():
        raise ValueError(f"{name} must be a float tensor in [-1, 1], got dtype {image.dtype}")
    image = image.detach().to("cpu", torch.float32)
    if not torch.isfinite(image).all():
        raise ValueError(f"{name} contains NaN or infinite values; values must be in [-1, 1]")
    low, high = image.min().item(), image.max().item()
    if low < -1.001 or high > 1.001:  # a rounding error is clamped, anything more is a convention mistake
        raise ValueError(f"{name} values must be in [-1, 1], got [{low:.4g}, {high:.4g}]")
    return image.clamp(-1, 1)


def check_one_image(image, name: str = "image") -> torch.Tensor:
    return check_images(image, name, max_images=1)


def check_seed(seed, name: str = "seed") -> int:
    return check_int(seed, name, 0, MAX_SEED)


def check_class_name(class_name, name: str = "class_name") -> str:
    return check_choice(class_name, name, (*CLASS_NAMES, ANY_CLASS))


def cpu_generator(seed: int) -> torch.Generator:
    """A fresh generator per call (no RNG state shared between requests), on the CPU (same pixels on any device)."""
    return torch.Generator("cpu").manual_seed(seed)


# ---------------------------------------------------------------------------------------------------------
# small pure helpers (batchable; evaluate.py and calibrate.py use them too)


def slerp(a: torch.Tensor, b: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """Spherical interpolation between two 1-D vectors at `weights` in [0, 1] -> (len(weights), D).

    The usual sin formula on unnormalised vectors: between two unit vectors the path stays on the unit sphere
    (a Gaussian latent keeps a typical norm, where a straight line would pass through low-norm, atypical codes);
    falls back to a straight line when a and b are parallel."""
    w = weights[:, None]
    cos = torch.dot(a / a.norm().clamp_min(1e-12), b / b.norm().clamp_min(1e-12)).clamp(-1, 1)
    omega = torch.arccos(cos)
    if omega.sin().abs() < 1e-6 or a.norm() < 1e-12 or b.norm() < 1e-12:
        return (1 - w) * a + w * b
    return (torch.sin((1 - w) * omega) * a + torch.sin(w * omega) * b) / omega.sin()


def lerp(a: torch.Tensor, b: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    w = weights[:, None]
    return (1 - w) * a + w * b


def reconstruction_error(ae: AutoEncoder, x: torch.Tensor) -> torch.Tensor:
    """Anomaly score "ae": per-image MSE of the reconstruction, in [0, 1] pixel units -> (N,)."""
    recon = ae.reconstruct(x)
    return (images.to_unit(recon) - images.to_unit(x)).pow(2).flatten(1).mean(1)


def negative_elbo(vae: VAE, x: torch.Tensor) -> torch.Tensor:
    """Anomaly score "vae": -ELBO in nats per image, evaluated at z = μ so that it is deterministic -> (N,).

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
    """Anomaly score "diffusion": the unconditional model's mean squared prediction error -> (N,).

    Every image is noised at the same fixed timesteps with the same fixed noise (one draw per timestep from
    `seed`), so the score depends on the image alone, not on its batch. Images far from the training data
    are harder to denoise. All timesteps go through the UNet as one batch."""
    from .pipeline import NULL_CLASS

    n, k = x.shape[0], len(timesteps)
    device = x.device
    noise = torch.randn((k, *x.shape[1:]), generator=cpu_generator(seed)).to(device)  # (k, 1, 28, 28)
    t = torch.as_tensor(timesteps, dtype=torch.long)
    alpha_bar = alphas_cumprod.to("cpu", torch.float32)[t].to(device).view(1, k, 1, 1, 1)
    x0, eps = x.unsqueeze(1), noise.unsqueeze(0)  # broadcast to (n, k, 1, 28, 28)
    x_t = alpha_bar.sqrt() * x0 + (1 - alpha_bar).sqrt() * eps
    if prediction_type == "epsilon":
        target = eps.expand_as(x_t)
    elif prediction_type == "v_prediction":
        target = alpha_bar.sqrt() * eps - (1 - alpha_bar).sqrt() * x0
    else:
        raise ValueError(f"prediction_type must be 'epsilon' or 'v_prediction', got {prediction_type!r}")
    labels = torch.full((n * k,), NULL_CLASS, dtype=torch.long, device=device)
    prediction = unet(x_t.flatten(0, 1), t.to(device).repeat(n), class_labels=labels).sample
    return (prediction.float().view_as(x_t) - target).pow(2).flatten(1).mean(1)


def to_plain(value):
    """Tensors computed under inference_mode -> ordinary CPU tensors (callers may edit them in place)."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().clone()
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    if isinstance(value, list):  # in place, so a long trajectory is never held twice
        for i, item in enumerate(value):
            value[i] = to_plain(item)
        return value
    if isinstance(value, tuple):
        return tuple(to_plain(item) for item in value)
    return value


# ---------------------------------------------------------------------------------------------------------


class Zoo:
    """Every model in `weights_dir`, loaded once; one method per task. See the module docstring for the rules."""

    def __init__(self, weights_dir="weights", device=None):
        self.weights_dir = Path(weights_dir)
        self.device = torch.device(device if device is not None else ("cuda" if torch.cuda.is_available() else "cpu"))
        self.models: dict[str, torch.nn.Module] = {}
        self.pipe = None
        self.missing: dict[str, str] = {}  # name -> why it is not loaded
        self._latent_map = None
        self._latent_map_lock = threading.Lock()
        start = time.perf_counter()
        for name, (folder, cls) in MODEL_FOLDERS.items():
            self._load(name, self.weights_dir / folder, cls)
        self.load_seconds = time.perf_counter() - start
        if self.missing:
            logger.warning("genmodels.zoo: not loaded: %s", "; ".join(f"{k}: {v}" for k, v in self.missing.items()))

    # -- loading --------------------------------------------------------------------------------------------

    def _load(self, name: str, folder: Path, cls):
        needed = ("model_index.json",) if cls is None else ("config.json", "model.safetensors")
        absent = [file for file in needed if not (folder / file).is_file()]
        if absent:
            self.missing[name] = f"{folder} has no {', '.join(absent)}"
            return
        try:
            if cls is None:
                from .pipeline import FashionDiffusionPipeline

                # safetensors only: never unpickle a checkpoint
                pipe = FashionDiffusionPipeline.from_pretrained(folder, dtype=torch.float32, use_safetensors=True)
                pipe = pipe.to(self.device)
                pipe.set_progress_bar_config(disable=True)
                pipe.unet.eval().requires_grad_(False)
                self.pipe = pipe
                self.models[name] = pipe.unet
            else:
                self.models[name] = cls.from_pretrained(folder).to(self.device).eval().requires_grad_(False)
        except Exception as error:  # a half-written or mismatched checkpoint: report it, serve the rest
            self.missing[name] = f"{folder} failed to load ({type(error).__name__}: {error})"

    @property
    def available(self) -> tuple[str, ...]:
        """Names of the loaded models (keys of MODEL_FOLDERS)."""
        return tuple(self.models)

    def _model(self, name: str) -> torch.nn.Module:
        if name not in self.models:
            raise ValueError(
                f"model {name!r} is not available: {self.missing.get(name, 'unknown model')} "
                f"(train it with `python -m genmodels.train {name}`)"
            )
        return self.models[name]

    def _to_device(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(self.device)

    # -- autoencoders and VAEs ------------------------------------------------------------------------------

    def _encode(self, model, x: torch.Tensor) -> torch.Tensor:
        """The deterministic code: the AE's latent, the VAE's posterior mean μ."""
        return model.encode(x)[0] if isinstance(model, VAE) else model.encode(x)

    @torch.inference_mode()
    def _reconstruct(self, image, model):
        x = check_one_image(image)
        name = check_choice(model, "model", RECONSTRUCTION_MODELS)
        net = self._model(name)
        x_dev = self._to_device(x)
        z = self._encode(net, x_dev)
        recon = net.decode(z).clamp(-1, 1).cpu()
        error_map = (images.to_unit(recon) - images.to_unit(x)).abs()
        return {
            "reconstruction": recon,
            "error_map": error_map,
            "mse": error_map.pow(2).mean().item(),
            "psnr": psnr(recon, x).item(),
            "latent": z[0].cpu(),
        }

    def reconstruct(self, image, model: str) -> dict:
        """-> reconstruction (1,1,28,28), error_map (1,1,28,28) |error| in [0,1] units, mse, psnr (dB), latent (D,)."""
        return to_plain(self._reconstruct(image, model))

    @torch.inference_mode()
    def _denoise(self, image, noise_sigma, method, seed, class_name):
        x = check_images(image, max_images=64)
        sigma = check_float(noise_sigma, "noise_sigma", 0.0, 1.0)
        method = check_choice(method, "method", DENOISE_METHODS)
        seed = check_seed(seed)
        class_name = check_class_name(class_name)
        generator = cpu_generator(seed)
        noisy = add_pixel_noise(x, sigma, generator) if sigma > 0 else x
        if method == "median":
            denoised = median3x3(noisy)
        elif method in ("dae", "vae"):
            denoised = self._model(method).reconstruct(self._to_device(noisy))
        else:
            self._model("diffusion")
            labels = None if class_name == ANY_CLASS else [class_index(class_name)] * len(noisy)
            result = self.pipe.sdedit(
                self._to_device(noisy),
                sigma=sigma if sigma > 0 else None,  # None: the pipeline estimates the upload's noise level
                class_labels=labels,
                guidance_scale=DENOISE_GUIDANCE_SCALE if labels is not None else 1.0,
                num_inference_steps=DENOISE_DIFFUSION_STEPS,
                generator=generator,
            )
            return {
                "noisy": noisy,
                "denoised": result.images.clamp(-1, 1).cpu(),
                "sigma": result.sigma.cpu(),  # (N,) the σ used: the given one, or the pipeline's estimate
                "t_start": result.timesteps.cpu(),  # (N,) the timestep SDEdit started from (-1: σ = 0, unchanged)
            }
        return {"noisy": noisy, "denoised": denoised.clamp(-1, 1).cpu()}

    def denoise(self, image, noise_sigma: float, method: str, seed: int, class_name: str = ANY_CLASS) -> dict:
        """Add Gaussian noise of std `noise_sigma` ([0,1] pixel units, clipped; 0 = the image is already noisy),
        then denoise with a denoising AE, the VAE, diffusion (SDEdit; `class_name` guides it) or a 3x3 median.
        -> noisy, denoised: (N,1,28,28) each (N <= 64); with "diffusion" also sigma (N,) (the σ used: given, or
        estimated by the pipeline when noise_sigma is 0) and t_start (N,) (SDEdit's start timestep)."""
        return to_plain(self._denoise(image, noise_sigma, method, seed, class_name))

    @torch.inference_mode()
    def _vae_sample(self, n, seed, temperature, model):
        n = check_int(n, "n", 1, 64)
        seed = check_seed(seed)
        temperature = check_float(temperature, "temperature", 0.0, 2.0)
        vae = self._model(check_choice(model, "model", VAE_MODELS))
        z = torch.randn(n, vae.latent_dim, generator=cpu_generator(seed)) * temperature
        return vae.decode(self._to_device(z)).clamp(-1, 1).cpu()

    def vae_sample(self, n: int, seed: int, temperature: float, model: str = "vae") -> torch.Tensor:
        """n images decoded from z ~ N(0, temperature² I) -> (n,1,28,28)."""
        return to_plain(self._vae_sample(n, seed, temperature, model))

    @torch.inference_mode()
    def _interpolate(self, image_a, image_b, model, steps, mode):
        a, b = check_one_image(image_a, "image_a"), check_one_image(image_b, "image_b")
        name = check_choice(model, "model", RECONSTRUCTION_MODELS)
        steps = check_int(steps, "steps", 2, 16)
        mode = check_choice(mode, "mode", INTERPOLATION_MODES)
        net = self._model(name)
        za, zb = self._encode(net, self._to_device(torch.cat([a, b]))).cpu()
        weights = torch.linspace(0, 1, steps)
        z = (slerp if mode == "slerp" else lerp)(za, zb, weights)
        z[0], z[-1] = za, zb  # exact endpoints: the first and last frames are the two reconstructions
        return net.decode(self._to_device(z)).clamp(-1, 1).cpu()

    def interpolate(self, image_a, image_b, model: str, steps: int, mode: str) -> torch.Tensor:
        """Decode `steps` points between the two images' codes (μ for a VAE) -> (steps,1,28,28).
        model: "ae" or "vae" (any of RECONSTRUCTION_MODELS works); mode "linear" | "slerp"."""
        return to_plain(self._interpolate(image_a, image_b, model, steps, mode))

    # -- GANs -----------------------------------------------------------------------------------------------

    def _gan(self, variant) -> Generator:
        return self._model(GAN_VARIANTS[check_choice(variant, "variant", tuple(GAN_VARIANTS))])

    @staticmethod
    def _gan_latents(generator: Generator, n: int, seed: int) -> torch.Tensor:
        return torch.randn(n, generator.latent_dim, generator=cpu_generator(seed))

    @torch.inference_mode()
    def _gan_sample(self, n, seed, variant, truncation):
        n = check_int(n, "n", 1, 64)
        seed = check_seed(seed)
        truncation = check_float(truncation, "truncation", 0.0, 2.0)
        G = self._gan(variant)
        z = self._gan_latents(G, n, seed) * truncation  # ψ scales z: < 1 trades variety for fidelity
        return G(self._to_device(z)).clamp(-1, 1).cpu()

    def gan_sample(self, n: int, seed: int, variant: str, truncation: float = 1.0) -> torch.Tensor:
        """n generator samples from z ~ N(0, I)·truncation -> (n,1,28,28). variant "dcgan" | "wgan-gp"."""
        return to_plain(self._gan_sample(n, seed, variant, truncation))

    @torch.inference_mode()
    def _gan_walk(self, seed_a, seed_b, steps, variant, truncation):
        seed_a, seed_b = check_seed(seed_a, "seed_a"), check_seed(seed_b, "seed_b")
        steps = check_int(steps, "steps", 2, 64)
        truncation = check_float(truncation, "truncation", 0.0, 2.0)
        G = self._gan(variant)
        za, zb = self._gan_latents(G, 1, seed_a)[0], self._gan_latents(G, 1, seed_b)[0]
        z = slerp(za, zb, torch.linspace(0, 1, steps))
        z[0], z[-1] = za, zb
        return G(self._to_device(z * truncation)).clamp(-1, 1).cpu()

    def gan_walk(self, seed_a: int, seed_b: int, steps: int, variant: str, truncation: float = 1.0) -> torch.Tensor:
        """Slerp between the latents of two seeds -> (steps,1,28,28), steps in [2, 64]; the end frames equal
        gan_sample(1, seed_a / seed_b, variant, truncation)."""
        return to_plain(self._gan_walk(seed_a, seed_b, steps, variant, truncation))

    # -- diffusion ------------------------------------------------------------------------------------------

    @torch.inference_mode()
    def _diffusion_sample(self, class_name, guidance_scale, sampler, steps, eta, n, seed, callback, return_trajectory):
        class_name = check_class_name(class_name)
        guidance_scale = check_float(guidance_scale, "guidance_scale", 0.0, 10.0)
        sampler = check_choice(sampler, "sampler", SAMPLERS)
        steps = check_int(steps, "steps", 1, 1000)
        eta = check_float(eta, "eta", 0.0, 1.0)
        n = check_int(n, "n", 1, 64)
        seed = check_seed(seed)
        if callback is not None and not callable(callback):
            raise ValueError(f"callback must be callable or None, got {type(callback).__name__}")
        self._model("diffusion")
        labels = None if class_name == ANY_CLASS else [class_index(class_name)] * n

        def on_step_end(pipe, step_index, timestep, tensors):
            callback(step_index, steps, tensors["latents"].cpu(), tensors["pred_original_sample"].cpu())
            return tensors

        start = time.perf_counter()
        output = self.pipe(
            class_labels=labels,
            num_images=n,
            guidance_scale=guidance_scale if labels is not None else 1.0,  # ignored for "any"
            num_inference_steps=steps,
            sampler=sampler,
            eta=eta,
            generator=cpu_generator(seed),
            output_type="pt",
            return_trajectory=bool(return_trajectory),
            callback_on_step_end=on_step_end if callback is not None else None,
        )
        return {"images": output.images.cpu(), "trajectory": output.trajectory, "seconds": time.perf_counter() - start}

    def diffusion_sample(
        self,
        class_name: str,
        guidance_scale: float,
        sampler: str,
        steps: int,
        eta: float,
        n: int,
        seed: int,
        callback=None,
        return_trajectory: bool = False,
    ) -> dict:
        """-> images (n,1,28,28), trajectory (one (x_t, x0_pred) pair of (n,1,28,28) per step, or None), seconds.
        callback(step_index, num_steps, x_t, x0_pred) runs after every step (x_t / x0_pred are CPU tensors)."""
        args = (class_name, guidance_scale, sampler, steps, eta, n, seed, callback, return_trajectory)
        return to_plain(self._diffusion_sample(*args))

    @torch.inference_mode()
    def _forward_noise(self, image, t):
        x = check_images(image, max_images=64)
        self._model("diffusion")
        num_train = self.pipe.scheduler.config.num_train_timesteps
        t = check_int(t, "t", 0, num_train - 1)
        alpha_bar = self.pipe.scheduler.alphas_cumprod[t].item()
        if hasattr(self.pipe, "forward_process"):
            x_t, _ = self.pipe.forward_process(self._to_device(x), t, cpu_generator(FORWARD_NOISE_SEED))
        else:  # q(x_t | x_0) = N(√ᾱ x_0, (1 - ᾱ) I)
            noise = torch.randn(x.shape, generator=cpu_generator(FORWARD_NOISE_SEED))
            x_t = math.sqrt(alpha_bar) * x + math.sqrt(1 - alpha_bar) * noise
        return {"x_t": x_t.cpu(), "snr": alpha_bar / max(1 - alpha_bar, 1e-20), "alpha_bar": alpha_bar}

    def forward_noise(self, image, t: int) -> dict:
        """x_t ~ q(x_t | x_0) with the pipeline's schedule and a fixed noise seed -> x_t (N,1,28,28; not clipped,
        it leaves [-1, 1] as t grows), snr = ᾱ/(1-ᾱ), alpha_bar = ᾱ_t. t in [0, 999]."""
        return to_plain(self._forward_noise(image, t))

    # -- anomaly detection ----------------------------------------------------------------------------------

    @torch.inference_mode()
    def _anomaly_scores(self, images_, method):
        method = check_choice(method, "method", ANOMALY_METHODS)
        x = self._to_device(images_)
        if method == "ae":
            return reconstruction_error(self._model("ae"), x).cpu()
        if method == "vae":
            return negative_elbo(self._model("vae"), x).cpu()
        unet = self._model("diffusion")
        scheduler = self.pipe.scheduler
        prediction_type = scheduler.config.prediction_type
        return denoising_error(unet, scheduler.alphas_cumprod, x, prediction_type=prediction_type).cpu()

    def anomaly_scores(self, images_, method: str) -> torch.Tensor:
        """The raw anomaly score of every image (N,), higher = more anomalous (what calibrate.py collects)."""
        return to_plain(self._anomaly_scores(check_images(images_, "images"), method))

    def anomaly_calibration(self, method: str) -> dict:
        """weights/anomaly.json's entry for `method` (read on every call, so a new calibration is picked up)."""
        method = check_choice(method, "method", ANOMALY_METHODS)
        path = self.weights_dir / ANOMALY_FILE
        command = f"python -m genmodels.calibrate --weights {self.weights_dir}"
        if not path.is_file():
            raise ValueError(f"no anomaly calibration at {path}: run `{command}`")
        calibration = json.loads(path.read_text())
        if method not in calibration.get("methods", {}):
            raise ValueError(f"{path} has no threshold for method {method!r}: run `{command}`")
        return calibration["methods"][method]

    def anomaly(self, image, method: str) -> dict:
        """-> score, threshold (the test set's 95th percentile), verdict "normal"/"anomalous", fpr (the share of
        test images above the threshold)."""
        x = check_one_image(image)
        calibration = self.anomaly_calibration(method)
        score = self.anomaly_scores(x, method)[0].item()
        threshold = float(calibration["threshold"])
        return {
            "score": score,
            "threshold": threshold,
            "verdict": "anomalous" if score > threshold else "normal",
            "fpr": float(calibration["fpr"]),
        }

    def anomaly_histogram(self, method: str) -> dict:
        """The test set's score histogram for the UI plot -> bin_edges, counts, threshold, fpr, n_images."""
        calibration = self.anomaly_calibration(method)
        return {key: calibration[key] for key in ("bin_edges", "counts", "threshold", "fpr", "n_images")}

    # -- the 2-D latent map and the classifier --------------------------------------------------------------

    def latent_map(self) -> dict:
        """The first LATENT_MAP_SIZE test images through vae2d's encoder (μ) -> z (N,2) numpy, labels (N,) numpy.
        Computed once, then cached."""
        vae = self._model("vae2d")
        with self._latent_map_lock:
            if self._latent_map is None:
                from .data import load

                dataset = load("test", limit=LATENT_MAP_SIZE)
                x, labels = dataset.tensors
                with torch.inference_mode():
                    z = torch.cat([vae.encode(self._to_device(chunk))[0].cpu() for chunk in x.split(500)])
                self._latent_map = {"z": z.numpy().copy(), "labels": labels.numpy().copy()}
        return {key: value.copy() for key, value in self._latent_map.items()}

    @torch.inference_mode()
    def _decode_latent(self, z1, z2):
        z = torch.tensor(
            [[check_float(z1, "z1", -LATENT_LIMIT, LATENT_LIMIT), check_float(z2, "z2", -LATENT_LIMIT, LATENT_LIMIT)]]
        )
        return self._model("vae2d").decode(self._to_device(z)).clamp(-1, 1).cpu()

    def decode_latent(self, z1: float, z2: float) -> torch.Tensor:
        """Decode one point of vae2d's latent plane (each coordinate in [-10, 10]) -> (1,1,28,28)."""
        return to_plain(self._decode_latent(z1, z2))

    @torch.inference_mode()
    def class_histogram(self, images_) -> list[int]:
        """How many of the images the shipped classifier assigns to each class (the mode-collapse meter)
        -> list of NUM_CLASSES ints, in CLASS_NAMES order."""
        x = check_images(images_, "images")
        classifier = self._model("classifier")
        predictions = torch.cat([classifier(self._to_device(chunk)).argmax(1).cpu() for chunk in x.split(512)])
        return torch.bincount(predictions, minlength=NUM_CLASSES).tolist()
