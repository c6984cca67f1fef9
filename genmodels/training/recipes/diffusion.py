"""The class-conditional diffusion model: v-prediction, label dropout for classifier-free guidance, EMA."""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F

from ... import images
from ...data import NUM_CLASSES
from ...hub.pipeline_files import link_pipeline_code
from .base import Recipe


class DiffusionRecipe(Recipe):
    """Class-conditional UNet, ε- or v-prediction loss, label dropout for classifier-free guidance, EMA.

    v-prediction on the cosine schedule is the default: it beat ε-prediction on either schedule at one
    training budget (scripts/ablate_diffusion.py; the numbers are in weights/diffusion/README.md)."""

    def __init__(self, model_name, options):
        from diffusers import DDPMScheduler
        from diffusers.training_utils import EMAModel

        from ...models.unet import build_unet

        super().__init__(model_name, options)
        unet = build_unet()
        self.noise_scheduler = DDPMScheduler(
            num_train_timesteps=1000,
            beta_schedule=options["beta_schedule"],
            prediction_type=options["prediction_type"],
        )
        self.modules["unet"] = unet
        self.optimizers["unet"] = self.adam(unet.parameters())
        # EMA warm-up: the average starts short and lengthens towards decay, so early samples are usable
        self.ema = EMAModel(unet.parameters(), decay=float(options["ema_decay"]), use_ema_warmup=True, power=0.75)

    def prepare(self, accelerator):
        super().prepare(accelerator)
        self.ema.to(accelerator.device)
        accelerator.register_for_checkpointing(self.ema)

    def has_shipped_weights(self, folder) -> bool:
        return (Path(folder) / "model_index.json").is_file()

    def warm_start(self, folder, step: int):
        """Continue from a shipped pipeline folder (no optimiser state): its EMA weights seed both the
        model and the average, and the average resumes at the shipped step's decay."""
        from diffusers import UNet2DModel

        unet = self.unwrap("unet")
        unet.load_state_dict(
            UNet2DModel.from_pretrained(folder, subfolder="unet", torch_dtype=torch.float32).state_dict()
        )
        self.ema.shadow_params = [p.detach().clone() for p in unet.parameters()]
        self.ema.optimization_step = step

    def training_step(self, x, labels):
        from ...models.unet import NULL_CLASS

        unet = self.modules["unet"]
        noise = torch.randn_like(x)
        t = torch.randint(0, self.noise_scheduler.config.num_train_timesteps, (x.shape[0],), device=x.device)
        x_t = self.noise_scheduler.add_noise(x, noise, t)
        drop = torch.rand(x.shape[0], device=x.device) < float(self.options["p_uncond"])
        labels = torch.where(drop, torch.full_like(labels, NULL_CLASS), labels)
        target = (
            noise if self.options["prediction_type"] == "epsilon" else self.noise_scheduler.get_velocity(x, noise, t)
        )
        for group in self.optimizers["unet"].param_groups:
            group["lr"] = self.learning_rate()
        with self.accelerator.autocast():
            prediction = unet(x_t, t, class_labels=labels).sample
        loss = F.mse_loss(prediction.float(), target)
        self.optimize("unet", loss, clip=float(self.options["grad_clip"]))
        self.ema.step(self.unwrap("unet").parameters())
        return {"loss": loss.item()}

    def learning_rate(self) -> float:
        """Linear warm-up (keeps the first steps of a fresh model from blowing up), then constant or a
        cosine decay to 0 at the last step of --epochs; the decay follows the global step, so a resumed
        run with a larger --epochs picks the curve up where that step lies on it."""
        lr = self.options["lr"] * min(1.0, (self.step + 1) / int(self.options["warmup_steps"]))
        if self.options["lr_schedule"] == "cosine":
            lr *= self.cosine_factor()
        elif self.options["lr_schedule"] != "constant":
            raise ValueError(f"lr_schedule must be 'constant' or 'cosine', got {self.options['lr_schedule']!r}")
        return lr

    def ema_pipeline(self):
        """A sampling pipeline on a copy of the UNet holding the EMA weights."""
        import copy

        from ...diffusion.pipeline import FashionDiffusionPipeline

        unet = copy.deepcopy(self.unwrap("unet")).eval()
        self.ema.copy_to(unet.parameters())
        pipe = FashionDiffusionPipeline(unet=unet, scheduler=self.noise_scheduler)
        pipe.set_progress_bar_config(disable=True)
        return pipe

    @torch.no_grad()
    def evaluate(self, x, labels, judge=None):
        if judge is None:
            return {}
        per_class = int(self.options["eval_per_class"])
        wanted = torch.arange(NUM_CLASSES).repeat_interleave(per_class)
        samples = self.ema_pipeline()(
            class_labels=wanted,
            guidance_scale=3.0,
            num_inference_steps=25,
            generator=self.generator(),
            output_type="pt",
        ).images
        return {"class_accuracy_ddim25_w3": judge.accuracy(samples, wanted)}

    @torch.no_grad()
    def preview(self, x, labels):
        wanted = torch.arange(NUM_CLASSES).repeat_interleave(8)  # one row per class
        samples = self.ema_pipeline()(
            class_labels=wanted,
            guidance_scale=3.0,
            num_inference_steps=25,
            generator=self.generator(),
            output_type="pt",
        ).images
        return images.make_grid(samples, nrow=8)

    def save(self, out_dir):
        # fp16 storage keeps unet/diffusion_pytorch_model.safetensors under 10 MB; loaders upcast to fp32
        pipe = self.ema_pipeline()
        pipe.unet.to(torch.float16)
        pipe.save_pretrained(out_dir)
        link_pipeline_code(out_dir)  # diffusers alone can load the folder (docs/hub.md)
