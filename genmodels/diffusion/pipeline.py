"""Class-conditional diffusion sampling for Fashion-MNIST with classifier-free guidance.

The UNet (genmodels.models.unet) is a stock diffusers `UNet2DModel` whose class embedding has a "no class"
token, its last class (`pipe.null_class`), for the unconditional prediction. Sampling uses diffusers' stock
schedulers (DDPM, DDIM, DPM-Solver++ 2M with and without Karras σ and its SDE variant, UniPC, DEIS, Euler, Heun:
SCHEDULERS), swapped with `from_config`, so no update rule is written here.

    pipe = FashionDiffusionPipeline.from_pretrained("weights/diffusion")   # fp16 on disk -> fp32 in memory
    out = pipe(class_labels=[7] * 16, guidance_scale=3.0, num_inference_steps=25, seed=0, output_type="pt")
    x_t, snr = pipe.forward_process(x0, t=500)                          # watch an image dissolve
    clean = pipe.sdedit(noisy, sigma=0.2).images                         # denoise by SDEdit

`autocast_dtype="auto"` (the default) runs the UNet in bf16 on a CPU with native bf16 and in fp32 elsewhere
(genmodels.diffusion.precision); autocast_dtype=None is exact fp32, what the benchmark's reference loop
(genmodels.measure.speed.diffusion.plain_loop) computes. Timesteps follow the scheduler config's spacing
("leading", diffusers' default) unless `timestep_spacing` names another; the timestep arithmetic (SNR, σ -> t,
guidance interval) is genmodels.diffusion.schedule. docs/samplers.md compares the samplers.
Why each default is what it is, with the measurements, is in the model card, weights/diffusion/README.md.

This module and its sibling imports (arguments, limits, precision, samplers, schedule) need only torch and diffusers:
weights/diffusion links to them, so `DiffusionPipeline.from_pretrained(folder, trust_remote_code=True)` runs this
class without genmodels (docs/hub.md). genmodels itself never runs a weights folder's code (`from_pretrained`).

Randomness: all noise (the start x_T, the per-step noise of DDPM, DPM++ 2M SDE and DDIM when eta > 0) is drawn
from the generator given (a CPU one built from `seed`), on that generator's device, so a seed gives the same
starting noise on any device.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from diffusers import DDIMScheduler, DDPMScheduler, DiffusionPipeline, UNet2DModel
from diffusers.image_processor import VaeImageProcessor
from diffusers.utils import BaseOutput

from .arguments import check_callback, check_choice, check_float, check_int, make_generator
from .limits import (  # noqa: F401
    DDIM_ETA,
    DEFAULT_SPACING,
    ETA_SAMPLERS,
    GUIDANCE_INTERVAL,
    MAX_ETA,
    MAX_GUIDANCE,
    MAX_INFERENCE_STEPS,
    MAX_PIPELINE_IMAGES,
    SAMPLERS,
    SPACINGS,
)
from .precision import autocast, resolve_autocast_dtype
from .samplers import SCHEDULERS, STOCHASTIC, make_scheduler  # noqa: F401 (SCHEDULERS: re-exported)
from .schedule import guidance_at, predicted_original, randn, sigma_to_timestep, signal_to_noise

OUTPUT_TYPES = ("pil", "np", "pt")


@dataclass
class FashionDiffusionOutput(BaseOutput):
    images: object  # list of PIL images, a numpy array (N, 28, 28, 1) in [0, 1], or a tensor in [-1, 1] ("pt")
    trajectory: list | None = None  # with return_trajectory: per step, (x after the step, predicted x_0), CPU tensors


@dataclass
class SDEditOutput(BaseOutput):
    images: torch.Tensor  # denoised (N, 1, 28, 28) in [-1, 1]
    sigma: torch.Tensor  # (N,) the noise level used, [0, 1] pixel units (given or estimated)
    timesteps: torch.Tensor  # (N,) the timestep each image started from; -1 where σ = 0 (returned unchanged)


class FashionDiffusionPipeline(DiffusionPipeline):
    """A diffusers pipeline folder (model_index.json, unet/, scheduler/) that samples, noises and denoises."""

    model_cpu_offload_seq = "unet"

    def __init__(self, unet: UNet2DModel, scheduler: DDPMScheduler | DDIMScheduler):
        super().__init__()
        self.register_modules(unet=unet, scheduler=scheduler)

    @classmethod
    def from_pretrained(cls, pretrained_model_name_or_path, dtype: torch.dtype = torch.float32, **kwargs):
        """Load unet/ and scheduler/ of a pipeline folder or Hub id into this class. Unlike
        DiffusionPipeline.from_pretrained it never imports the folder's pipeline.py, which model_index.json names
        for diffusers-only users. The UNet is stored in fp16 and upcast to `dtype`. kwargs go to both loaders
        (revision, cache_dir, local_files_only, ...)."""
        unet = UNet2DModel.from_pretrained(pretrained_model_name_or_path, subfolder="unet", dtype=dtype, **kwargs)
        scheduler = DDPMScheduler.from_pretrained(pretrained_model_name_or_path, subfolder="scheduler", **kwargs)
        return cls(unet=unet, scheduler=scheduler)

    @property
    def num_train_timesteps(self) -> int:
        return int(self.scheduler.config.num_train_timesteps)

    @property
    def null_class(self) -> int:
        """The class label that asks for no class: the last entry of the UNet's class embedding."""
        return int(self.unet.config.num_class_embeds) - 1

    def check_labels(self, class_labels, num_images: int | None) -> torch.Tensor:
        """One label per image -> (N,) long tensor on the UNet's device. None -> the "no class" token and an int ->
        that label, each repeated `num_images` times (default 1); a list / tensor gives one per image (its length
        must match). ValueError for fractional or out-of-range labels and for more than MAX_PIPELINE_IMAGES."""
        null, most = self.null_class, MAX_PIPELINE_IMAGES
        if num_images is not None:
            num_images = check_int(num_images, "num_images", 1, most)
        labels = torch.as_tensor(null if class_labels is None else class_labels).cpu()
        if labels.is_floating_point() and not torch.equal(labels, labels.round()):
            raise ValueError(f"class labels must be integers in [0, {null}], got {labels.tolist()}")
        labels = labels.long().repeat(num_images or 1) if labels.ndim == 0 else labels.long().reshape(-1)
        if not 1 <= len(labels) <= most or (num_images is not None and len(labels) != num_images):
            raise ValueError(
                f"got {len(labels)} class labels for num_images={num_images}: expected one per image, 1..{most}"
            )
        bad = labels[(labels < 0) | (labels > null)]
        if len(bad):
            raise ValueError(f"class labels must be in [0, {null}] ({null} = no class), got {bad.tolist()}")
        return labels.to(self.unet.device)

    def check_sampling_args(
        self, guidance_scale, num_inference_steps, eta, sampler="DDIM", guidance_interval=None, timestep_spacing=None
    ):
        check_choice(sampler, "sampler", SAMPLERS)
        if timestep_spacing is not None:
            check_choice(timestep_spacing, "timestep_spacing", SPACINGS)
        check_float(guidance_scale, "guidance_scale", 0.0, MAX_GUIDANCE)
        check_int(num_inference_steps, "num_inference_steps", 1, min(MAX_INFERENCE_STEPS, self.num_train_timesteps))
        check_float(eta, "eta", 0.0, MAX_ETA)
        if guidance_interval is not None:
            last = self.num_train_timesteps - 1
            if not isinstance(guidance_interval, (tuple, list)) or len(guidance_interval) != 2:
                raise ValueError(f"guidance_interval must be None or (low, high) timesteps, got {guidance_interval!r}")
            low = check_int(guidance_interval[0], "guidance_interval[0]", 0, last)
            check_int(guidance_interval[1], "guidance_interval[1]", low, last)

    def guided_model_output(self, x_t, t, labels, guidance_scale: float, guidance_interval=None) -> torch.Tensor:
        """ε (or v) = uncond + w·(cond - uncond), in fp32; both passes run as one batch of 2N.
        w = 0 runs only the unconditional pass, w = 1 only the conditional one (same numbers, half the work).
        A w above 1 applies only while t lies in `guidance_interval` (None: always); elsewhere w = 1."""
        guidance_scale = guidance_at(t, guidance_scale, guidance_interval)
        null = torch.full_like(labels, self.null_class)
        if guidance_scale == 1.0 or bool((labels == self.null_class).all()):
            return self.unet(x_t, t, class_labels=labels).sample.float()
        if guidance_scale == 0.0:
            return self.unet(x_t, t, class_labels=null).sample.float()
        both = self.unet(torch.cat([x_t, x_t]), t, class_labels=torch.cat([null, labels])).sample.float()
        uncond, cond = both.chunk(2)
        return uncond + guidance_scale * (cond - uncond)

    def forward_process(self, x0: torch.Tensor, t, generator: torch.Generator | None = None, seed: int | None = None):
        """x_t ~ q(x_t | x_0) = N(√ᾱ_t x_0, (1 - ᾱ_t) I) for t in [0, T-1] (an int or one per image)
        -> (x_t, SNR_t = ᾱ_t / (1 - ᾱ_t) as a float64 tensor (N,)). x_t is not clipped.

        t = 0 is already one noising step: for the cosine schedule ᾱ_0 = 0.99996, i.e. noise of std
        0.0064 in [-1, 1] units (0.8 grey levels of 255), SNR_0 = 24208; the image is intact to the eye."""
        generator = make_generator(generator, seed)
        t = torch.as_tensor(t).cpu()
        if t.is_floating_point() and not torch.equal(t, t.round()):
            raise ValueError(f"t must be an integer in [0, {self.num_train_timesteps - 1}], got {t.tolist()}")
        t = t.long().reshape(-1)
        t = t.repeat(len(x0)) if len(t) == 1 else t
        if len(t) != len(x0) or t.min() < 0 or t.max() >= self.num_train_timesteps:
            last = self.num_train_timesteps - 1
            raise ValueError(f"t must be one int or one per image, in [0, {last}]; got {t.tolist()}")
        noise = randn(x0.shape, generator, x0.device).to(x0.dtype)
        x_t = self.scheduler.add_noise(x0, noise, t.to(x0.device))
        return x_t, signal_to_noise(self.scheduler.alphas_cumprod, t)

    @torch.inference_mode()
    def __call__(
        self,
        class_labels: int | list[int] | torch.Tensor | None = None,
        num_images: int | None = None,
        guidance_scale: float = 1.0,
        num_inference_steps: int = 50,
        sampler: str = "DDIM",
        eta: float = DDIM_ETA,
        generator: torch.Generator | None = None,
        seed: int | None = None,
        guidance_interval: tuple[int, int] | None = GUIDANCE_INTERVAL,
        output_type: str = "pil",
        return_trajectory: bool = False,
        callback_on_step_end=None,
        autocast_dtype="auto",
        timestep_spacing: str | None = None,
    ) -> FashionDiffusionOutput:
        """Sample images, one per class label (None: unconditional, `num_images` of them).

        guidance_scale w follows diffusers: 0 = unconditional, 1 = conditional only, > 1 extrapolates
        away from the unconditional prediction (classifier-free guidance), range [0, 10]; a w above 1 acts only at
        timesteps in `guidance_interval` (default GUIDANCE_INTERVAL, see there; None = every step). `sampler`: one of
        SAMPLERS. eta (DDIM only; the others ignore it) in [0, 1]: 0 is deterministic DDIM, 1 (the default,
        DDIM_ETA: see there) is DDPM-like noise. `timestep_spacing`: "leading" or "trailing" (None: the config's,
        "leading"). `generator` or `seed`. Heun calls the network twice a step: its callback runs after each call.
        callback_on_step_end(pipe, step_index, timestep, {"latents", "pred_original_sample"}) runs after each
        step (diffusers' signature); if it returns a dict with "latents", those replace the current x."""
        # 1. Check the arguments; labels: one per image, None = the "no class" token
        self.check_sampling_args(guidance_scale, num_inference_steps, eta, sampler, guidance_interval, timestep_spacing)
        check_choice(output_type, "output_type", OUTPUT_TYPES)
        check_callback(callback_on_step_end, "callback_on_step_end")
        labels = self.check_labels(class_labels, num_images)
        generator = make_generator(generator, seed)
        device = self.unet.device
        dtype = resolve_autocast_dtype(autocast_dtype, device)

        # 2. Scheduler: the stock one for the chosen sampler, from the trained config
        scheduler = make_scheduler(sampler, self.scheduler.config, num_inference_steps, device, timestep_spacing)
        step_kwargs = {"generator": generator} if sampler in STOCHASTIC else {}
        step_kwargs.update({"eta": float(eta)} if sampler in ETA_SAMPLERS else {})

        # 3. Start from pure noise, drawn on the generator's device (CPU for a seed) so seeds match across devices
        config = self.unet.config
        x = randn((len(labels), config.in_channels, config.sample_size, config.sample_size), generator, device)
        x = x * scheduler.init_noise_sigma

        # 4. Reverse process
        trajectory = []
        for i, t in enumerate(self.progress_bar(scheduler.timesteps)):
            with autocast(device, dtype):
                x_in = scheduler.scale_model_input(x, t)
                model_output = self.guided_model_output(x_in, t, labels, guidance_scale, guidance_interval)
            step = scheduler.step(model_output, t, x, **step_kwargs)
            x = step.prev_sample
            x0 = getattr(step, "pred_original_sample", None)  # the multistep solvers keep theirs to themselves
            if x0 is None and (return_trajectory or callback_on_step_end is not None):
                x0 = predicted_original(self.scheduler, x_in, model_output, t)
            if return_trajectory:
                trajectory.append((x.detach().cpu().clone(), x0.detach().cpu().clone()))
            if callback_on_step_end is not None:
                tensors = {"latents": x, "pred_original_sample": x0}
                returned = callback_on_step_end(self, i, t, tensors)
                if isinstance(returned, dict):
                    x = returned.get("latents", x)

        # 5. Output
        x = x.clamp(-1, 1)
        result = x if output_type == "pt" else VaeImageProcessor().postprocess(x, output_type=output_type)
        return FashionDiffusionOutput(images=result, trajectory=trajectory if return_trajectory else None)

    def sampling_timesteps(self, sampler: str, num_inference_steps: int, timestep_spacing: str | None = None):
        """The timesteps `sampler` visits, one network call each (Heun's: two a step, all but the first)."""
        self.check_sampling_args(1.0, num_inference_steps, 0.0, sampler, None, timestep_spacing)
        return make_scheduler(sampler, self.scheduler.config, num_inference_steps, None, timestep_spacing).timesteps

    @torch.inference_mode()
    def sdedit(
        self,
        noisy: torch.Tensor,
        sigma: float | list | torch.Tensor,
        class_labels: int | list[int] | torch.Tensor | None = None,
        guidance_scale: float = 1.0,
        num_inference_steps: int = 25,
        eta: float = 0.0,
        generator: torch.Generator | None = None,
        seed: int | None = None,
        guidance_interval: tuple[int, int] | None = GUIDANCE_INTERVAL,
        autocast_dtype="auto",
    ) -> SDEditOutput:
        """Denoise images (N, 1, 28, 28) in [-1, 1] carrying Gaussian noise of std σ ([0, 1] pixel units, one or one
        per image; genmodels.filters.estimate_noise_sigma estimates it) by SDEdit: treat √ᾱ_t*·image as x_t* for the
        t* with SNR = 1/(4σ²) (see `sigma_to_timestep`) and run DDIM from t* to 0. No extra noise is added:
        the image's own noise plays the part of q's. With eta = 0 (default) it is deterministic and
        `generator` / `seed` are unused. Images with σ = 0 come back unchanged (only clamped to [-1, 1]).

        All images share one DDIM grid, fine enough that the noisiest image gets about `num_inference_steps`
        steps; each image enters it at the grid timestep nearest its t* (less noisy images take fewer steps)."""
        # 1. Check the arguments
        self.check_sampling_args(guidance_scale, num_inference_steps, eta, "DDIM", guidance_interval)
        size = self.unet.config.sample_size
        if not isinstance(noisy, torch.Tensor) or noisy.ndim != 4 or tuple(noisy.shape[1:]) != (1, size, size):
            got = tuple(noisy.shape) if isinstance(noisy, torch.Tensor) else type(noisy).__name__
            raise ValueError(f"noisy must be a tensor (N, 1, {size}, {size}), got {got}")
        labels = self.check_labels(class_labels, len(noisy))
        generator = make_generator(generator, seed)
        device = self.unet.device
        dtype = resolve_autocast_dtype(autocast_dtype, device)
        sigma = torch.as_tensor(sigma, dtype=torch.float32).cpu().reshape(-1).expand(len(noisy)).clone()
        if not bool(((sigma >= 0) & (sigma <= 1)).all()):
            raise ValueError(f"sigma must be in [0, 1] (pixel units), got {sigma.tolist()}")

        # 2. The start timestep of every image on a shared DDIM grid
        active = sigma > 0
        start = torch.full((len(noisy),), -1, dtype=torch.long)
        scheduler = DDIMScheduler.from_config(self.scheduler.config)
        x = noisy.to(device=device, dtype=torch.float32).clone()
        if active.any():
            t_star = sigma_to_timestep(scheduler.alphas_cumprod, sigma[active])
            T = self.num_train_timesteps
            total = min(T, math.ceil(num_inference_steps * T / (int(t_star.max()) + 1)))  # grid step ≈ max t* / steps
            scheduler.set_timesteps(total)
            grid = scheduler.timesteps.cpu()
            start[active] = grid[(grid[None, :] - t_star[:, None]).abs().argmin(1)]

            # 3. Scale into the model's x_t: √ᾱ_t* · (x0 + noise) has the noise of q(x_t* | x0)
            scale = scheduler.alphas_cumprod[start[active]].sqrt().to(device).view(-1, 1, 1, 1)
            x[active.to(device)] = x[active.to(device)] * scale

            # 4. Reverse process from each image's t* to 0, with the images that have reached their start
            for t in grid[grid <= start.max()]:
                rows = (start >= t).to(device)
                with autocast(device, dtype):
                    model_output = self.guided_model_output(
                        x[rows], t.to(device), labels[rows], guidance_scale, guidance_interval
                    )
                x[rows] = scheduler.step(model_output, t, x[rows], eta=float(eta), generator=generator).prev_sample

        # 5. Output
        return SDEditOutput(images=x.clamp(-1, 1), sigma=sigma, timesteps=start)
