"""How each model family is trained: its networks, optimisers, one training step, a test
evaluation, a preview grid and the folder the app loads. `genmodels.train` runs the loop.

A recipe never touches files except in `save`; the loop owns data, devices, checkpoints and logs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

from . import images
from .corruptions import add_pixel_noise
from .data import NUM_CLASSES
from .metrics import psnr
from .models import VAE, AutoEncoder, Discriminator, FashionClassifier, Generator


@dataclass
class Defaults:
    epochs: int
    batch_size: int = 128
    lr: float = 1e-3
    options: dict = field(default_factory=dict)  # recipe-specific, overridable with --option key=value


class Recipe:
    """Base: subclasses build `self.modules` / `self.optimizers` in __init__ from `options`
    (the model's Defaults merged with the command line)."""

    preview_seed = 1234  # fixed so that preview grids of successive epochs compare

    def __init__(self, model_name: str, options: dict):
        self.model_name = model_name
        self.options = options
        self.modules: dict[str, torch.nn.Module] = {}
        self.optimizers: dict[str, torch.optim.Optimizer] = {}
        self.step = 0

    def prepare(self, accelerator):
        """Hand every module and optimiser to Accelerate (device placement, DDP, mixed precision)."""
        self.accelerator = accelerator
        names = list(self.modules)
        prepared = accelerator.prepare(*self.modules.values(), *self.optimizers.values())
        prepared = prepared if isinstance(prepared, tuple) else (prepared,)
        self.modules = dict(zip(names, prepared[: len(names)]))
        self.optimizers = dict(zip(self.optimizers, prepared[len(names) :]))

    def unwrap(self, name: str) -> torch.nn.Module:
        return self.accelerator.unwrap_model(self.modules[name])

    def optimize(self, name: str, loss: torch.Tensor, clip: float | None = None):
        optimizer = self.optimizers[name]
        optimizer.zero_grad(set_to_none=True)
        self.accelerator.backward(loss)
        if clip:
            self.accelerator.clip_grad_norm_(self.modules[name].parameters(), clip)
        optimizer.step()

    def train(self, mode: bool = True):
        for module in self.modules.values():
            module.train(mode)

    def generator(self, seed: int | None = None) -> torch.Generator:
        return torch.Generator(self.accelerator.device).manual_seed(self.preview_seed if seed is None else seed)

    # the hooks each family implements
    def training_step(self, x: torch.Tensor, labels: torch.Tensor) -> dict[str, float]:
        raise NotImplementedError

    def evaluate(self, x: torch.Tensor, labels: torch.Tensor, judge=None) -> dict[str, float]:
        raise NotImplementedError

    def preview(self, x: torch.Tensor, labels: torch.Tensor):
        raise NotImplementedError

    def save(self, out_dir):
        raise NotImplementedError


class ClassifierRecipe(Recipe):
    def __init__(self, model_name, options):
        super().__init__(model_name, options)
        self.modules["model"] = FashionClassifier()
        self.optimizers["model"] = torch.optim.AdamW(self.modules["model"].parameters(), lr=options["lr"], weight_decay=1e-4)

    def training_step(self, x, labels):
        # cosine learning-rate decay over the whole run: most of the last percent of accuracy comes late
        total = self.options["steps_per_epoch"] * self.options["epochs"]
        for group in self.optimizers["model"].param_groups:
            group["lr"] = self.options["lr"] * 0.5 * (1 + math.cos(math.pi * min(1.0, self.step / total)))
        # horizontal flips are label-preserving for clothes and cost nothing
        flip = torch.rand(x.shape[0], device=x.device) < 0.5
        x = torch.where(flip[:, None, None, None], x.flip(-1), x)
        logits = self.modules["model"](x)
        loss = F.cross_entropy(logits, labels, label_smoothing=0.05)
        self.optimize("model", loss)
        return {"loss": loss.item(), "acc": (logits.argmax(1) == labels).float().mean().item()}

    @torch.no_grad()
    def evaluate(self, x, labels, judge=None):
        logits = torch.cat([self.modules["model"](chunk) for chunk in x.split(1000)])
        return {"test_accuracy": (logits.argmax(1) == labels).float().mean().item()}

    def preview(self, x, labels):
        return images.make_grid(x[:64])

    def save(self, out_dir):
        self.unwrap("model").save_pretrained(out_dir)


class AutoEncoderRecipe(Recipe):
    """Plain AE (MSE), denoising AE (noisy input, clean target), sparse AE (ReLU code + L1)."""

    def __init__(self, model_name, options):
        super().__init__(model_name, options)
        self.modules["model"] = AutoEncoder(
            latent_dim=int(options["latent_dim"]), latent_activation=options["latent_activation"]
        )
        self.optimizers["model"] = torch.optim.Adam(self.modules["model"].parameters(), lr=options["lr"])

    def corrupt(self, x, generator=None):
        noise_max = float(self.options["noise_max"])
        if noise_max == 0:
            return x
        sigma = torch.rand(x.shape[0], generator=generator, device=x.device) * noise_max
        return add_pixel_noise(x, sigma, generator)

    def training_step(self, x, labels):
        recon, z = self.modules["model"](self.corrupt(x))
        mse = F.mse_loss(recon, x)
        l1 = z.abs().mean()
        loss = mse + float(self.options["l1"]) * l1
        self.optimize("model", loss)
        return {"loss": loss.item(), "mse": mse.item(), "l1": l1.item()}

    @torch.no_grad()
    def evaluate(self, x, labels, judge=None):
        model = self.unwrap("model")
        recon, z = (torch.cat(parts) for parts in zip(*(model(chunk) for chunk in x.split(1000))))
        metrics = {
            "test_mse": F.mse_loss(images.to_unit(recon), images.to_unit(x)).item(),
            "test_psnr": psnr(recon, x).mean().item(),
            "active_latent_fraction": (z.abs() > 1e-3).float().mean().item(),
        }
        if float(self.options["noise_max"]) > 0:
            noisy = add_pixel_noise(x, 0.3, self.generator())
            denoised = torch.cat([model.reconstruct(chunk) for chunk in noisy.split(1000)])
            metrics["test_psnr_noisy_input_sigma0.3"] = psnr(noisy, x).mean().item()
            metrics["test_psnr_denoised_sigma0.3"] = psnr(denoised, x).mean().item()
        return metrics

    @torch.no_grad()
    def preview(self, x, labels):
        model = self.unwrap("model")
        inputs = self.corrupt(x[:32], self.generator())
        return images.make_grid(torch.cat([inputs, model.reconstruct(inputs)]), nrow=8)

    def save(self, out_dir):
        self.unwrap("model").save_pretrained(out_dir)


class VAERecipe(Recipe):
    """β-VAE with linear KL warm-up; logs the KL of every latent dimension to expose collapse."""

    def __init__(self, model_name, options):
        super().__init__(model_name, options)
        self.modules["model"] = VAE(latent_dim=int(options["latent_dim"]), beta=float(options["beta"]))
        self.optimizers["model"] = torch.optim.Adam(self.modules["model"].parameters(), lr=options["lr"])

    def beta_now(self) -> float:
        warmup_steps = float(self.options["kl_warmup_epochs"]) * self.options["steps_per_epoch"]
        ramp = min(1.0, self.step / warmup_steps) if warmup_steps > 0 else 1.0
        return float(self.options["beta"]) * ramp

    def training_step(self, x, labels):
        terms = self.modules["model"](x, beta=self.beta_now())
        self.optimize("model", terms["loss"])
        return {"loss": terms["loss"].item(), "recon": terms["recon"].item(), "kl": terms["kl"].item(), "beta": self.beta_now()}

    @torch.no_grad()
    def evaluate(self, x, labels, judge=None):
        model = self.unwrap("model")
        g = self.generator()
        terms = [model(chunk, generator=g) for chunk in x.split(1000)]
        recon = torch.cat([model.reconstruct(chunk) for chunk in x.split(1000)])
        kl_per_dim = torch.stack([t["kl_per_dim"] for t in terms]).mean(0)
        metrics = {
            "test_neg_elbo": sum(t["recon"] + model.beta * t["kl"] for t in terms).item() / len(terms),
            "test_recon_bce": sum(t["recon"] for t in terms).item() / len(terms),
            "test_kl": sum(t["kl"] for t in terms).item() / len(terms),
            "test_mse": F.mse_loss(images.to_unit(recon), images.to_unit(x)).item(),
            "test_psnr": psnr(recon, x).mean().item(),
            "kl_per_dim": [round(v, 4) for v in kl_per_dim.tolist()],
            # a dimension carrying < 0.01 nats is collapsed onto the prior: the decoder ignores it
            "active_dims": int((kl_per_dim > 0.01).sum()),
        }
        if judge is not None:
            metrics.update(judge.coverage(model.sample(1000, generator=g)))
        return metrics

    @torch.no_grad()
    def preview(self, x, labels):
        return images.make_grid(self.unwrap("model").sample(64, generator=self.generator()))

    def save(self, out_dir):
        self.unwrap("model").save_pretrained(out_dir)


class GANRecipe(Recipe):
    """DCGAN (BCE, one-sided label smoothing) or WGAN-GP (critic, gradient penalty, n_critic)."""

    def __init__(self, model_name, options):
        super().__init__(model_name, options)
        self.wasserstein = options["loss"] == "wgan-gp"
        self.modules["generator"] = Generator(latent_dim=int(options["latent_dim"]))
        self.modules["discriminator"] = Discriminator(
            batch_norm=not self.wasserstein, spectral_norm=bool(options.get("spectral_norm", False))
        )
        betas = (0.0, 0.9) if self.wasserstein else (0.5, 0.999)
        for name, module in self.modules.items():
            self.optimizers[name] = torch.optim.Adam(module.parameters(), lr=options["lr"], betas=betas)

    def gradient_penalty(self, real, fake):
        """λ·(‖∇D(x̂)‖ - 1)² on random interpolates x̂ between real and fake samples."""
        mix = torch.rand(real.shape[0], 1, 1, 1, device=real.device)
        interpolates = (mix * real + (1 - mix) * fake).requires_grad_(True)
        scores = self.modules["discriminator"](interpolates)
        (grad,) = torch.autograd.grad(scores.sum(), interpolates, create_graph=True)
        return (grad.flatten(1).norm(dim=1) - 1).pow(2).mean()

    def training_step(self, x, labels):
        G, D = self.modules["generator"], self.modules["discriminator"]
        z = torch.randn(x.shape[0], self.options["latent_dim"], device=x.device)
        fake = G(z)
        logs = {}
        # 1. discriminator / critic step on real and (detached) fake images
        real_scores, fake_scores = D(x), D(fake.detach())
        if self.wasserstein:
            gp = self.gradient_penalty(x, fake.detach())
            d_loss = fake_scores.mean() - real_scores.mean() + float(self.options["gp_weight"]) * gp
            logs.update(w_distance=(real_scores.mean() - fake_scores.mean()).item(), gp=gp.item())
        else:
            # one-sided label smoothing: real targets 0.9, fake targets stay 0
            smooth = torch.full_like(real_scores, float(self.options["real_label"]))
            d_loss = F.binary_cross_entropy_with_logits(real_scores, smooth) + F.binary_cross_entropy_with_logits(
                fake_scores, torch.zeros_like(fake_scores)
            )
        self.optimize("discriminator", d_loss)
        logs["d_loss"] = d_loss.item()
        # 2. generator step, once every n_critic discriminator steps
        if self.step % int(self.options["n_critic"]) == 0:
            scores = D(fake)
            if self.wasserstein:
                g_loss = -scores.mean()
            else:
                g_loss = F.binary_cross_entropy_with_logits(scores, torch.ones_like(scores))
            self.optimize("generator", g_loss)
            self.last_g_loss = g_loss.item()
        logs["g_loss"] = getattr(self, "last_g_loss", float("nan"))
        return logs

    @torch.no_grad()
    def evaluate(self, x, labels, judge=None):
        G, D = self.unwrap("generator"), self.unwrap("discriminator")
        samples = G.sample(1000, generator=self.generator())
        metrics = {
            "mean_score_real": D(x[:1000]).mean().item(),
            "mean_score_fake": D(samples).mean().item(),
        }
        if judge is not None:
            metrics.update(judge.coverage(samples))
        return metrics

    @torch.no_grad()
    def preview(self, x, labels):
        return images.make_grid(self.unwrap("generator").sample(64, generator=self.generator()))

    def save(self, out_dir):
        self.unwrap("generator").save_pretrained(f"{out_dir}/generator")
        self.unwrap("discriminator").save_pretrained(f"{out_dir}/discriminator")


class DiffusionRecipe(Recipe):
    """Class-conditional UNet, ε- or v-prediction loss, label dropout for classifier-free guidance, EMA.

    v-prediction on the cosine schedule is the default: it beat ε-prediction on either schedule at one
    training budget (scripts/ablate_diffusion.py; the numbers are in weights/diffusion/README.md)."""

    def __init__(self, model_name, options):
        from diffusers import DDPMScheduler
        from diffusers.training_utils import EMAModel

        from .pipeline import build_unet

        super().__init__(model_name, options)
        unet = build_unet()
        self.noise_scheduler = DDPMScheduler(
            num_train_timesteps=1000,
            beta_schedule=options["beta_schedule"],
            prediction_type=options["prediction_type"],
        )
        self.modules["unet"] = unet
        self.optimizers["unet"] = torch.optim.AdamW(unet.parameters(), lr=options["lr"], weight_decay=0.0)
        # EMA warm-up: the average starts short and lengthens towards decay, so early samples are usable
        self.ema = EMAModel(unet.parameters(), decay=float(options["ema_decay"]), use_ema_warmup=True, power=0.75)

    def prepare(self, accelerator):
        super().prepare(accelerator)
        self.ema.to(accelerator.device)
        accelerator.register_for_checkpointing(self.ema)

    def warm_start(self, folder, step: int):
        """Continue from a shipped pipeline folder (no optimiser state): its EMA weights seed both the
        model and the average, and the average resumes at the shipped step's decay."""
        from diffusers import UNet2DModel

        unet = self.unwrap("unet")
        unet.load_state_dict(UNet2DModel.from_pretrained(folder, subfolder="unet", torch_dtype=torch.float32).state_dict())
        self.ema.shadow_params = [p.detach().clone() for p in unet.parameters()]
        self.ema.optimization_step = step

    def training_step(self, x, labels):
        from .pipeline import NULL_CLASS

        unet = self.modules["unet"]
        noise = torch.randn_like(x)
        t = torch.randint(0, self.noise_scheduler.config.num_train_timesteps, (x.shape[0],), device=x.device)
        x_t = self.noise_scheduler.add_noise(x, noise, t)
        drop = torch.rand(x.shape[0], device=x.device) < float(self.options["p_uncond"])
        labels = torch.where(drop, torch.full_like(labels, NULL_CLASS), labels)
        target = noise if self.options["prediction_type"] == "epsilon" else self.noise_scheduler.get_velocity(x, noise, t)
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
            total = self.options["steps_per_epoch"] * self.options["epochs"]
            lr *= 0.5 * (1 + math.cos(math.pi * min(1.0, self.step / total)))
        elif self.options["lr_schedule"] != "constant":
            raise ValueError(f"lr_schedule must be 'constant' or 'cosine', got {self.options['lr_schedule']!r}")
        return lr

    def ema_pipeline(self):
        """A sampling pipeline on a copy of the UNet holding the EMA weights."""
        import copy

        from .pipeline import FashionDiffusionPipeline

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
            class_labels=wanted, guidance_scale=3.0, num_inference_steps=25, generator=self.generator(), output_type="pt"
        ).images
        return {"class_accuracy_ddim25_w3": judge.accuracy(samples, wanted)}

    @torch.no_grad()
    def preview(self, x, labels):
        wanted = torch.arange(NUM_CLASSES).repeat_interleave(8)  # one row per class
        samples = self.ema_pipeline()(
            class_labels=wanted, guidance_scale=3.0, num_inference_steps=25, generator=self.generator(), output_type="pt"
        ).images
        return images.make_grid(samples, nrow=8)

    def save(self, out_dir):
        # fp16 storage keeps unet/diffusion_pytorch_model.safetensors under 10 MB; loaders upcast to fp32
        pipe = self.ema_pipeline()
        pipe.unet.to(torch.float16)
        pipe.save_pretrained(out_dir)


# name -> (recipe, defaults). `python -m genmodels.train NAME` trains one; `--option key=value` overrides.
MODELS: dict[str, tuple[type[Recipe], Defaults]] = {
    "classifier": (ClassifierRecipe, Defaults(epochs=8, lr=2e-3)),
    "ae": (AutoEncoderRecipe, Defaults(epochs=8, options={"latent_dim": 32, "noise_max": 0.0, "l1": 0.0, "latent_activation": "none"})),
    "dae": (AutoEncoderRecipe, Defaults(epochs=8, options={"latent_dim": 32, "noise_max": 0.5, "l1": 0.0, "latent_activation": "none"})),
    "sparse_ae": (AutoEncoderRecipe, Defaults(epochs=8, options={"latent_dim": 64, "noise_max": 0.0, "l1": 1e-3, "latent_activation": "relu"})),
    "vae": (VAERecipe, Defaults(epochs=10, options={"latent_dim": 16, "beta": 1.0, "kl_warmup_epochs": 2})),
    "beta_vae": (VAERecipe, Defaults(epochs=10, options={"latent_dim": 16, "beta": 4.0, "kl_warmup_epochs": 2})),
    "vae2d": (VAERecipe, Defaults(epochs=10, options={"latent_dim": 2, "beta": 1.0, "kl_warmup_epochs": 2})),
    "dcgan": (GANRecipe, Defaults(epochs=12, lr=2e-4, options={"loss": "bce", "latent_dim": 64, "n_critic": 1, "real_label": 0.9})),
    "wgan_gp": (GANRecipe, Defaults(epochs=10, batch_size=64, lr=1e-4, options={"loss": "wgan-gp", "latent_dim": 64, "n_critic": 5, "gp_weight": 10.0, "spectral_norm": False})),
    "diffusion": (DiffusionRecipe, Defaults(epochs=30, lr=4e-4, options={
        "beta_schedule": "squaredcos_cap_v2", "prediction_type": "v_prediction", "p_uncond": 0.1,
        "ema_decay": 0.999, "warmup_steps": 200, "lr_schedule": "cosine", "grad_clip": 1.0, "eval_per_class": 20,
    })),
}
