"""Class-conditional DDPM / DDIM sampling for Fashion-MNIST with classifier-free guidance.

The UNet is a stock diffusers `UNet2DModel` with a class embedding of NUM_CLASSES + 1 entries: the
last one is the "no class" token used for unconditional predictions (training drops the label to
it ~10% of the time). Sampling uses the stock `DDPMScheduler` / `DDIMScheduler`, swapped with
`from_config`, so no update rule is written here.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from diffusers import DDIMScheduler, DDPMScheduler, DiffusionPipeline, UNet2DModel
from diffusers.utils import BaseOutput

from . import images
from .data import NUM_CLASSES

NULL_CLASS = NUM_CLASSES  # the label that means "no class" (unconditional)
SAMPLERS = {"DDPM": DDPMScheduler, "DDIM": DDIMScheduler}

UNET_CONFIG = dict(
    sample_size=28,
    in_channels=1,
    out_channels=1,
    layers_per_block=1,
    block_out_channels=(32, 64, 128),
    down_block_types=("DownBlock2D", "DownBlock2D", "AttnDownBlock2D"),  # 28 -> 14 -> 7, attention at 7x7
    up_block_types=("AttnUpBlock2D", "UpBlock2D", "UpBlock2D"),
    norm_num_groups=8,
    attention_head_dim=32,
    num_class_embeds=NUM_CLASSES + 1,
)


def build_unet(**overrides) -> UNet2DModel:
    return UNet2DModel(**{**UNET_CONFIG, **overrides})


@dataclass
class FashionDiffusionOutput(BaseOutput):
    images: object  # list of PIL images, a numpy array in [0, 1], or a tensor in [-1, 1] (output_type "pt")
    trajectory: list | None = None  # with return_trajectory: one (x_t, predicted x_0) pair of tensors per step


class FashionDiffusionPipeline(DiffusionPipeline):
    model_cpu_offload_seq = "unet"

    def __init__(self, unet: UNet2DModel, scheduler: DDPMScheduler | DDIMScheduler):
        super().__init__()
        self.register_modules(unet=unet, scheduler=scheduler)

    def guided_noise_prediction(self, x_t, t, labels, guidance_scale: float) -> torch.Tensor:
        """ε (or v) = uncond + w·(cond - uncond); both passes run as one batch of 2N."""
        if guidance_scale == 1.0 or bool((labels == NULL_CLASS).all()):
            return self.unet(x_t, t, class_labels=labels).sample
        if guidance_scale == 0.0:
            return self.unet(x_t, t, class_labels=torch.full_like(labels, NULL_CLASS)).sample
        both = self.unet(
            torch.cat([x_t, x_t]), t, class_labels=torch.cat([torch.full_like(labels, NULL_CLASS), labels])
        ).sample
        uncond, cond = both.chunk(2)
        return uncond + guidance_scale * (cond - uncond)

    @torch.inference_mode()
    def __call__(
        self,
        class_labels: list[int] | torch.Tensor | None = None,
        num_images: int | None = None,
        guidance_scale: float = 1.0,
        num_inference_steps: int = 50,
        sampler: str = "DDIM",
        eta: float = 0.0,
        generator: torch.Generator | None = None,
        output_type: str = "pil",
        return_trajectory: bool = False,
        callback_on_step_end=None,
    ) -> FashionDiffusionOutput:
        # 1. Labels: one per image; None means unconditional (the "no class" token)
        device = self.unet.device
        if class_labels is None:
            class_labels = [NULL_CLASS] * (num_images or 1)
        labels = torch.as_tensor(class_labels, dtype=torch.long, device=device).reshape(-1)
        if sampler not in SAMPLERS:
            raise ValueError(f"sampler must be one of {list(SAMPLERS)}, got {sampler!r}")

        # 2. Scheduler: the stock one for the chosen sampler, from the trained config
        scheduler = SAMPLERS[sampler].from_config(self.scheduler.config)
        scheduler.set_timesteps(num_inference_steps, device=device)

        # 3. Start from pure noise (on the CPU generator's device, so seeds match across devices)
        shape = (len(labels), self.unet.config.in_channels, self.unet.config.sample_size, self.unet.config.sample_size)
        x = torch.randn(shape, generator=generator, device=generator.device if generator else "cpu").to(device)
        x = x * scheduler.init_noise_sigma

        # 4. Reverse process
        trajectory = []
        step_kwargs = {"eta": eta} if sampler == "DDIM" else {}
        for i, t in enumerate(self.progress_bar(scheduler.timesteps)):
            model_output = self.guided_noise_prediction(scheduler.scale_model_input(x, t), t, labels, guidance_scale)
            step = scheduler.step(model_output, t, x, generator=generator, **step_kwargs)
            x = step.prev_sample
            if return_trajectory:
                trajectory.append((x.cpu(), step.pred_original_sample.cpu()))
            if callback_on_step_end is not None:
                callback_on_step_end(self, i, t, {"latents": x, "pred_original_sample": step.pred_original_sample})

        # 5. Output
        x = x.clamp(-1, 1)
        if output_type == "pt":
            result = x
        elif output_type == "np":
            result = images.to_unit(x).permute(0, 2, 3, 1).cpu().numpy()
        else:
            result = images.to_pil_list(x, scale=1)
        return FashionDiffusionOutput(images=result, trajectory=trajectory if return_trajectory else None)
