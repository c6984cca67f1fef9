"""The benchmark's diffusion timings: the first streamed frame, seconds per image of every sampler, our pipeline
against a plain sampling loop on the same weights, steps and seed, and what each speed choice buys (the ablation).

`plain_loop` is that plain loop, each speed choice switchable: with its defaults (fp32, inference_mode, the
conditional and unconditional passes run separately) it is the reference the pipeline is measured against, and it
draws the same noise in the same order and guides at the same timesteps as FashionDiffusionPipeline, so with
autocast_dtype=None both give the same images up to float rounding."""

from __future__ import annotations

import contextlib
import copy
import time

import torch

from ...checks import make_generator
from ...data import CLASS_NAMES
from ...diffusion.pipeline import (
    DDIM_ETA,
    ETA_SAMPLERS,
    GUIDANCE_INTERVAL,
    STOCHASTIC,
    guidance_at,
    make_scheduler,
    randn,
)
from ...diffusion.precision import autocast, resolve_autocast_dtype
from ...models.unet import NULL_CLASS
from ...zoo import Zoo
from .timing import GUIDANCE, SEED, interleaved_medians

GRAD_MODES = ("autograd", "no_grad", "inference_mode")


def first_frame_seconds(zoo: Zoo, n: int = 16, steps: int = 25) -> float:
    """Time from the call to the first streamed frame (the UI's per-step callback) of a DDIM-25 run."""
    start = time.perf_counter()
    first = []

    def callback(step_index, num_steps, x_t, x0_pred):
        if not first:
            first.append(time.perf_counter() - start)

    zoo.diffusion_sample(CLASS_NAMES[7], GUIDANCE, "DDIM", steps, DDIM_ETA, n, SEED, callback=callback)
    return first[0]


def sampler_rows(zoo: Zoo, n: int, ddpm_steps: int, ddim_steps, repeats: int, progress: bool) -> list[dict]:
    rows = []
    for sampler, steps in [("DDPM", ddpm_steps), *(("DDIM", k) for k in ddim_steps)]:

        def run(sampler=sampler, steps=steps):
            return zoo.diffusion_sample(CLASS_NAMES[7], GUIDANCE, sampler, steps, DDIM_ETA, n, SEED)

        runs = 1 if sampler == "DDPM" else repeats  # DDPM-1000 is long enough that one run is a stable number
        seconds = interleaved_medians({"run": run}, runs, zoo.device, warmup=sampler != "DDPM")["run"]
        rows.append(
            {
                "sampler": sampler,
                "steps": steps,
                "n": n,
                "seconds": seconds,
                "seconds_per_image": seconds / n,
                "runs": runs,
            }
        )
        if progress:
            print(f"  {sampler}-{steps:<5d} n={n}: {seconds:7.2f} s ({seconds / n * 1e3:7.1f} ms / image)", flush=True)
    return rows


def plain_loop(
    unet,
    scheduler_config,
    class_labels=None,
    num_inference_steps: int = 50,
    *,
    num_images: int | None = None,
    guidance_scale: float = GUIDANCE,
    sampler: str = "DDIM",
    eta: float = DDIM_ETA,
    generator: torch.Generator | None = None,
    guidance_interval: tuple[int, int] | None = GUIDANCE_INTERVAL,
    grad: str = "inference_mode",
    autocast_dtype: torch.dtype | None = None,
    channels_last: bool = False,
    batched: bool = False,
) -> torch.Tensor:
    """Classifier-free guided sampling with the stock diffusers scheduler, written out plainly -> images
    (N, 1, 28, 28) in [-1, 1]. class_labels: one per image (None: `num_images` unconditional ones, default 1);
    generator: None draws from a fresh one seeded with SEED. The speed choices the ablation switches:
    `grad` ("autograd", "no_grad", "inference_mode"), `autocast_dtype` (None = fp32), `channels_last` (the input's
    memory format; the UNet's is the caller's) and `batched` (both guidance passes as one batch of 2N); the
    defaults are the reference loop. Both passes run at every step, whatever the guidance scale."""
    if grad not in GRAD_MODES:
        raise ValueError(f"grad must be one of {list(GRAD_MODES)}, got {grad!r}")
    device = unet.device
    scheduler = make_scheduler(sampler, scheduler_config, num_inference_steps, device)
    generator = make_generator(seed=SEED) if generator is None else generator
    if class_labels is None:
        class_labels = [NULL_CLASS] * (num_images or 1)
    labels = torch.as_tensor(class_labels, dtype=torch.long, device=device).reshape(-1)
    null = torch.full_like(labels, NULL_CLASS)
    shape = (len(labels), unet.config.in_channels, unet.config.sample_size, unet.config.sample_size)
    x = randn(shape, generator, device) * scheduler.init_noise_sigma
    step_kwargs = {"generator": generator} if sampler in STOCHASTIC else {}
    step_kwargs.update({"eta": eta} if sampler in ETA_SAMPLERS else {})
    memory = torch.channels_last if channels_last else torch.contiguous_format
    mode = {"autograd": contextlib.nullcontext, "no_grad": torch.no_grad, "inference_mode": torch.inference_mode}
    with mode[grad]():
        for t in scheduler.timesteps:
            x_in = scheduler.scale_model_input(x, t).contiguous(memory_format=memory)
            with autocast(device, autocast_dtype):
                if batched:
                    both = unet(torch.cat([x_in, x_in]), t, class_labels=torch.cat([null, labels])).sample.float()
                    uncond, cond = both.chunk(2)
                else:
                    uncond = unet(x_in, t, class_labels=null).sample.float()
                    cond = unet(x_in, t, class_labels=labels).sample.float()
            w = guidance_at(t, guidance_scale, guidance_interval)  # as the pipeline
            x = scheduler.step(uncond + w * (cond - uncond), t, x, **step_kwargs).prev_sample
        return x.clamp(-1, 1).detach()


def pipeline_vs_reference(zoo: Zoo, n: int, steps: int, repeats: int) -> dict:
    """Our pipeline (its defaults) against the reference plain_loop on the same weights, steps, seed and labels."""
    pipe = zoo.pipe
    labels = torch.arange(n) % len(CLASS_NAMES)
    config = pipe.scheduler.config

    def ours(autocast_dtype="auto"):
        return pipe(
            class_labels=labels,
            guidance_scale=GUIDANCE,
            num_inference_steps=steps,
            sampler="DDIM",
            seed=SEED,
            output_type="pt",
            autocast_dtype=autocast_dtype,
        ).images

    def reference():
        return plain_loop(pipe.unet, config, labels, steps, generator=make_generator(seed=SEED))

    medians = interleaved_medians({"pipeline": ours, "reference": reference}, repeats, zoo.device)
    ref_images, fp32_images, default_images = reference(), ours(None), ours()
    return {
        "sampler": "DDIM",
        "steps": steps,
        "n": n,
        "guidance_scale": GUIDANCE,
        "seed": SEED,
        "pipeline_seconds": medians["pipeline"],
        "reference_seconds": medians["reference"],
        "speedup": medians["reference"] / medians["pipeline"],
        "pipeline_autocast": str(resolve_autocast_dtype("auto", zoo.device)),
        # the same images? fp32 pipeline vs reference: rounding only; default precision: bf16's small drift
        "max_abs_diff_fp32_pipeline_vs_reference": (fp32_images - ref_images).abs().max().item(),
        "mean_abs_diff_default_pipeline_vs_reference": (default_images - ref_images).abs().mean().item(),
    }


ABLATION = [  # (label, grad mode, bf16 autocast, channels_last, batched cond/uncond)
    ("plain: autograd on, fp32, separate passes", "autograd", False, False, False),
    ("+ no_grad", "no_grad", False, False, False),
    ("+ inference_mode (= the reference loop)", "inference_mode", False, False, False),
    ("+ inference_mode + bf16 autocast", "inference_mode", True, False, False),
    ("+ inference_mode + channels_last", "inference_mode", False, True, False),
    ("+ inference_mode + batched cond/uncond", "inference_mode", False, False, True),
    ("+ inference_mode + bf16 + batched", "inference_mode", True, False, True),
    ("+ inference_mode + bf16 + channels_last + batched", "inference_mode", True, True, True),
]


def ablation(zoo: Zoo, n: int, steps: int, repeats: int) -> list[dict]:
    """Seconds per run of each ABLATION variant, interleaved; speed-up against the plain loop and the reference."""
    unet = zoo.pipe.unet
    grad_unet = copy.deepcopy(unet).requires_grad_(True)  # what user code that never turned gradients off runs
    last_unet = copy.deepcopy(unet).to(memory_format=torch.channels_last)
    labels = (torch.arange(n) % len(CLASS_NAMES)).to(zoo.device)
    config = zoo.pipe.scheduler.config
    fns = {}
    for label, grad, bf16, channels_last, batched in ABLATION:
        net = last_unet if channels_last else grad_unet if grad == "autograd" else unet
        dtype = torch.bfloat16 if bf16 else None
        fns[label] = lambda net=net, grad=grad, dtype=dtype, cl=channels_last, b=batched: plain_loop(
            net, config, labels, steps, grad=grad, autocast_dtype=dtype, channels_last=cl, batched=b
        )
    medians = interleaved_medians(fns, repeats, zoo.device)
    plain, reference = medians[ABLATION[0][0]], medians[ABLATION[2][0]]
    return [
        {
            "variant": label,
            "seconds": seconds,
            "speedup_vs_plain": plain / seconds,
            "speedup_vs_reference": reference / seconds,
        }
        for label, seconds in medians.items()
    ]
