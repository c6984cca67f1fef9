"""GANs on one generator: DCGAN, WGAN-GP and the spectral-norm GAN differ in the discriminator and the loss."""

from __future__ import annotations

import copy
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn, update_bn

from ... import images
from ...models import Discriminator, Generator
from .base import Recipe


class GANRecipe(Recipe):
    """DCGAN (BCE, one-sided label smoothing), WGAN-GP (critic, gradient penalty, n_critic) or SN-GAN
    (spectrally normalised discriminator, hinge loss: Miyato et al. 2018).

    All three keep an exponential moving average of the generator's weights (option `ema_decay`, 0 turns it off)
    and ship the average: the raw generator chases a moving discriminator and its samples jitter from update to
    update; the average over the last ~1/(1 - decay) updates sits nearer the middle of that orbit (Yazıcı et al.
    2019, "The unusual effectiveness of averaging in GAN training")."""

    BN_BATCHES = 50  # batches of z that re-estimate the averaged generator's batch-norm statistics

    LOSSES = ("bce", "wgan-gp", "hinge")

    weight_folders = {"generator": "generator", "discriminator": "discriminator"}

    def __init__(self, model_name, options):
        super().__init__(model_name, options)
        if options["loss"] not in self.LOSSES:
            raise ValueError(f"loss must be one of {self.LOSSES}, got {options['loss']!r}")
        self.loss = options["loss"]
        self.wasserstein = self.loss == "wgan-gp"
        spectral_norm = bool(options.get("spectral_norm", False))
        self.modules["generator"] = Generator(latent_dim=int(options["latent_dim"]))
        # batch norm breaks WGAN-GP's per-sample gradient penalty, and spectral norm already bounds the
        # discriminator's Lipschitz constant, so only the plain DCGAN discriminator keeps it
        self.modules["discriminator"] = Discriminator(
            batch_norm=self.loss == "bce" and not spectral_norm, spectral_norm=spectral_norm
        )
        betas = (0.0, 0.9) if self.wasserstein else (0.5, 0.999)
        for name, module in self.modules.items():
            self.optimizers[name] = self.adam(module.parameters(), betas=betas)
        self.ema_decay = float(options.get("ema_decay", 0.0))

    def prepare(self, accelerator):
        super().prepare(accelerator)
        if self.ema_decay:
            # weights only: batch-norm statistics of an average of weights are re-estimated at export (`averaged`)
            self.generator_ema = AveragedModel(
                self.unwrap("generator"), multi_avg_fn=get_ema_multi_avg_fn(self.ema_decay), use_buffers=False
            )
            accelerator.register_for_checkpointing(self.generator_ema)

    def warm_start(self, folder, step: int):
        """The shipped generator (an average when the run kept one) seeds both the generator and its average."""
        super().warm_start(folder, step)
        if self.ema_decay:
            self.generator_ema.module.load_state_dict(self.unwrap("generator").state_dict())
            self.generator_ema.n_averaged.fill_(1)

    @torch.no_grad()
    def averaged(self):
        """The generator to sample and ship: the weight average with batch-norm statistics re-measured on
        fresh latents (they depend on z only, so no data is needed), or the raw generator without an average."""
        if not self.ema_decay:
            return self.unwrap("generator")
        # one re-measurement per state of the average: the end of an epoch evaluates, previews and saves it
        updates = int(self.generator_ema.n_averaged)
        if getattr(self, "_averaged", (None,))[0] != updates:
            generator = copy.deepcopy(self.generator_ema.module)
            seeded = self.generator(seed=0)
            latents = [generator.sample_latents(256, generator=seeded) for _ in range(self.BN_BATCHES)]
            update_bn(latents, generator)
            self._averaged = (updates, generator.eval())
        return self._averaged[1]

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
        elif self.loss == "hinge":
            # the discriminator stops pushing a sample once it is past its margin
            d_loss = F.relu(1 - real_scores).mean() + F.relu(1 + fake_scores).mean()
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
            if self.loss in ("wgan-gp", "hinge"):
                g_loss = -scores.mean()
            else:
                g_loss = F.binary_cross_entropy_with_logits(scores, torch.ones_like(scores))
            self.optimize("generator", g_loss)
            logs["g_loss"] = g_loss.item()
            if self.ema_decay:
                self.generator_ema.update_parameters(self.unwrap("generator"))
        return logs

    @torch.no_grad()
    def evaluate(self, x, labels, judge=None):
        G, D = self.averaged(), self.unwrap("discriminator")
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
        return images.make_grid(self.averaged().sample(64, generator=self.generator()))

    def save(self, out_dir):
        self.averaged().save_pretrained(Path(out_dir) / self.weight_folders["generator"])
        self.unwrap("discriminator").save_pretrained(Path(out_dir) / self.weight_folders["discriminator"])
