"""A GAN on 2-D points, trained live: the notes' failures (mode collapse, a discriminator whose verdicts stop
meaning anything) and their fixes (WGAN, gradient penalty, spectral norm, label smoothing, the D/G balance)
as knobs of one small run.

    run = GAN2D(GANConfig(dataset="ring", loss="wgan-gp", seed=0))
    for _ in range(2000):
        run.step()
    run.snapshot()["modes_covered"]

Defaults follow the published toy settings: 2x128 tanh networks, D lr 1e-4, G lr 1e-3, Adam β1 0.5 (the
Unrolled GAN ring, Metz et al. 2017); WGAN-GP with λ = 0.1 on toy data, 5 critic steps, Adam (0.5, 0.9)
(Gulrajani et al. 2017, gan_toy.py); WGAN with weight clipping at 0.01 and RMSprop (Arjovsky et al. 2017).
The network is the same for every loss, so a difference between losses is the loss's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import torch
import torch.nn.functional as F
from torch import nn

from . import toy_data

LOSSES = ("minimax", "non_saturating", "hinge", "wgan", "wgan-gp")
ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.2)}
LATENT_DIM = 2
EVAL_POINTS = 2000  # generated points each snapshot measures


@dataclass(frozen=True)
class GANConfig:
    dataset: str = "ring"
    loss: str = "non_saturating"
    spectral_norm: bool = False
    label_smoothing: bool = False  # one-sided: real targets 0.9 (standard losses only)
    d_steps: int | None = None  # discriminator updates per generator update; None: the loss's published value
    lr_d: float | None = None
    lr_g: float | None = None
    batch_norm: bool = False
    activation: str = "tanh"
    hidden: int = 128
    depth: int = 2
    batch_size: int = 256
    gp_weight: float = 0.1
    clip: float = 0.01
    seed: int = 0

    def resolved(self) -> GANConfig:
        """The loss's published defaults filled in where the config leaves them open."""
        wasserstein = self.loss in ("wgan", "wgan-gp")
        lr_d, lr_g = {"wgan": (5e-5, 5e-5), "wgan-gp": (1e-4, 1e-4)}.get(self.loss, (1e-4, 1e-3))
        return replace(
            self,
            d_steps=self.d_steps if self.d_steps is not None else (5 if wasserstein else 1),
            lr_d=self.lr_d if self.lr_d is not None else lr_d,
            lr_g=self.lr_g if self.lr_g is not None else lr_g,
        )


def mlp(in_dim: int, out_dim: int, config: GANConfig, spectral_norm: bool = False) -> nn.Sequential:
    layers, width = [], in_dim
    for _ in range(config.depth):
        linear = nn.Linear(width, config.hidden)
        layers.append(nn.utils.parametrizations.spectral_norm(linear) if spectral_norm else linear)
        if config.batch_norm:
            layers.append(nn.BatchNorm1d(config.hidden))
        layers.append(ACTIVATIONS[config.activation]())
        width = config.hidden
    last = nn.Linear(width, out_dim)
    layers.append(nn.utils.parametrizations.spectral_norm(last) if spectral_norm else last)
    return nn.Sequential(*layers)


class GAN2D:
    """One seeded run: `step()` makes the discriminator's updates and one generator update; `d_step()` and
    `g_step()` make one of each (the Lab's Step buttons); `snapshot()` measures the run as it stands."""

    def __init__(self, config: GANConfig):
        if config.loss not in LOSSES:
            raise ValueError(f"loss {config.loss!r}: expected one of {', '.join(LOSSES)}")
        self.config = config = config.resolved()
        torch.manual_seed(config.seed)  # the networks' initial weights
        self.data_generator = torch.Generator().manual_seed(config.seed)
        self.generator = mlp(LATENT_DIM, 2, config)
        self.discriminator = mlp(2, 1, config, spectral_norm=config.spectral_norm)
        if config.loss == "wgan":
            self.opt_d = torch.optim.RMSprop(self.discriminator.parameters(), lr=config.lr_d)
            self.opt_g = torch.optim.RMSprop(self.generator.parameters(), lr=config.lr_g)
        else:
            betas = (0.5, 0.9) if config.loss == "wgan-gp" else (0.5, 0.999)
            self.opt_d = torch.optim.Adam(self.discriminator.parameters(), lr=config.lr_d, betas=betas, foreach=True)
            self.opt_g = torch.optim.Adam(self.generator.parameters(), lr=config.lr_g, betas=betas, foreach=True)
        self.g_updates = self.d_updates = 0
        self.last = {"d_loss": float("nan"), "g_loss": float("nan")}
        self.fixed_latents = torch.randn(EVAL_POINTS, LATENT_DIM, generator=self.data_generator)

    # ---- the two players ----
    def latents(self, n: int) -> torch.Tensor:
        return torch.randn(n, LATENT_DIM, generator=self.data_generator)

    def d_step(self):
        config = self.config
        real = toy_data.sample(config.dataset, config.batch_size, self.data_generator)
        with torch.no_grad():
            fake = self.generator(self.latents(config.batch_size))
        real_out, fake_out = self.discriminator(torch.cat([real, fake])).split(config.batch_size)
        if config.loss in ("wgan", "wgan-gp"):
            loss = fake_out.mean() - real_out.mean()
            if config.loss == "wgan-gp":
                loss = loss + config.gp_weight * self.gradient_penalty(real, fake)
        elif config.loss == "hinge":
            loss = F.relu(1 - real_out).mean() + F.relu(1 + fake_out).mean()
        else:
            target = 0.9 if config.label_smoothing else 1.0
            loss = F.binary_cross_entropy_with_logits(
                real_out, torch.full_like(real_out, target)
            ) + F.binary_cross_entropy_with_logits(fake_out, torch.zeros_like(fake_out))
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        if config.loss == "wgan":
            with torch.no_grad():
                for parameter in self.discriminator.parameters():
                    parameter.clamp_(-config.clip, config.clip)
        self.d_updates += 1
        self.last["d_loss"] = loss.item()

    def generator_loss(self, fake_out: torch.Tensor) -> torch.Tensor:
        if self.config.loss in ("wgan", "wgan-gp", "hinge"):
            return -fake_out.mean()
        if self.config.loss == "minimax":  # the original objective: min log(1 - D(G(z))), saturates early on
            return -F.softplus(fake_out).mean()
        return F.softplus(-fake_out).mean()  # non-saturating: max log D(G(z))

    def g_step(self):
        fake_out = self.discriminator(self.generator(self.latents(self.config.batch_size)))
        loss = self.generator_loss(fake_out)
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_g.step()
        self.g_updates += 1
        self.last["g_loss"] = loss.item()

    def step(self):
        for _ in range(self.config.d_steps):
            self.d_step()
        self.g_step()

    def gradient_penalty(self, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
        """(‖∇D(x̂)‖ - 1)² on random interpolates of real and generated points (Gulrajani et al. 2017)."""
        mix = torch.rand(len(real), 1, generator=self.data_generator)
        interpolates = (mix * real + (1 - mix) * fake).requires_grad_(True)
        (gradient,) = torch.autograd.grad(self.discriminator(interpolates).sum(), interpolates, create_graph=True)
        return (gradient.norm(dim=1) - 1).pow(2).mean()

    # ---- what the visitor sees ----
    @torch.no_grad()
    def points(self) -> torch.Tensor:
        self.generator.eval()
        points = self.generator(self.fixed_latents)
        self.generator.train()
        return points

    def discriminator_field(self, resolution: int = 48) -> torch.Tensor:
        """D over the picture's square: (resolution, resolution), rows from top (y = +extent) to bottom."""
        extent = toy_data.DATASETS[self.config.dataset].extent
        axis = torch.linspace(-extent, extent, resolution)
        ys, xs = torch.meshgrid(axis.flip(0), axis, indexing="ij")
        with torch.no_grad():
            self.discriminator.eval()
            out = self.discriminator(torch.stack([xs.flatten(), ys.flatten()], 1)).reshape(resolution, resolution)
            self.discriminator.train()
        return out if self.config.loss in ("wgan", "wgan-gp") else torch.sigmoid(out)

    def generator_push(self, n: int = 24) -> tuple[torch.Tensor, torch.Tensor]:
        """A few generated points and the direction the generator's loss moves each (-∇ₓ of the loss)."""
        points = self.points()[:n].clone().requires_grad_(True)
        self.discriminator.eval()
        (gradient,) = torch.autograd.grad(self.generator_loss(self.discriminator(points)) * n, points)
        self.discriminator.train()
        return points.detach(), -gradient

    def snapshot(self) -> dict:
        """The run's figures now: losses, the critic's gradient norm, D's accuracy on real and generated points,
        and coverage on a mixture."""
        config = self.config
        generator = torch.Generator().manual_seed(config.seed + 1)  # the same real points at every snapshot
        real = toy_data.sample(config.dataset, EVAL_POINTS, generator)
        fake = self.points()
        probe = torch.cat([real, fake]).requires_grad_(True)
        self.discriminator.eval()
        out = self.discriminator(probe)
        (gradient,) = torch.autograd.grad(out.sum(), probe)
        self.discriminator.train()
        out = out.detach()[:, 0]
        # a Wasserstein critic has no 0 boundary: it "says real" above the midpoint of its two means
        threshold = (out[: len(real)].mean() + out[len(real) :].mean()) / 2 if config.loss.startswith("wgan") else 0.0
        return {
            "g_updates": self.g_updates,
            "d_updates": self.d_updates,
            **self.last,
            "critic_grad_norm": gradient.norm(dim=1).mean().item(),
            "d_accuracy_real": (out[: len(real)] > threshold).float().mean().item(),
            "d_accuracy_fake": (out[len(real) :] <= threshold).float().mean().item(),
            **toy_data.mode_metrics(fake, config.dataset),
        }

    def settings(self) -> dict:
        return asdict(self.config)
