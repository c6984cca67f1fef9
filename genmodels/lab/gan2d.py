"""A GAN on 2-D points, trained live: the notes' failures (mode collapse, a discriminator whose verdicts stop
meaning anything) and their fixes (WGAN, gradient penalty, spectral norm, label smoothing, the D/G balance)
as knobs of one small run.

    run = GAN2D(GANConfig(dataset="ring", loss="wgan-gp", seed=0))
    for _ in range(1000):
        run.step()
    run.snapshot()[0]["modes_covered"]

GAN2D(config, seeds=range(20)) trains twenty seeds in one set of stacked tensors (lab/stacked.py), each as it
would train alone (up to float rounding); the sweep uses that.

Defaults start from the published toy settings: 2x128 tanh networks, Adam β1 0.5 (the Unrolled GAN ring, Metz
et al. 2017); WGAN-GP with λ = 0.1 on toy data, 5 critic steps, Adam (0.5, 0.9) (Gulrajani et al. 2017,
gan_toy.py); WGAN with weight clipping at 0.01, 5 critic steps and RMSprop (Arjovsky et al. 2017). Those papers
train for 25,000 to 100,000 updates at rates of 5e-5 to 1e-4; a Lab run has about 1,000, so every rate is 1e-3
(at the published rates three standard losses were still far from the ring after 2,000: docs/lab.md), and the
batch is 128.
The network is the same for every loss, so a difference between losses is the loss's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

import torch
import torch.nn.functional as F

from genmodels.checks import check_choice, check_float, check_int, check_seed

from . import toy_data
from .stacked import ACTIVATIONS, StackedMLP

LOSSES = ("minimax", "non_saturating", "hinge", "wgan", "wgan-gp")
WASSERSTEIN = ("wgan", "wgan-gp")
LATENT_DIM = 2
EVAL_POINTS = 2000  # generated points each snapshot measures
EVAL_SEED = 1_000_003  # of the evaluation's real points, apart from any run's seed
DEFAULT_LR = 1e-3
MAX_D_STEPS = 10
MIN_LR, MAX_LR = 1e-6, 1e-2


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
    batch_size: int = 128
    gp_weight: float = 0.1
    clip: float = 0.01
    seed: int = 0

    def resolved(self) -> GANConfig:
        """The loss's defaults filled in where the config leaves them open (5 critic steps for a Wasserstein loss)."""
        return replace(
            self,
            d_steps=self.d_steps if self.d_steps is not None else (5 if self.loss in WASSERSTEIN else 1),
            lr_d=self.lr_d if self.lr_d is not None else DEFAULT_LR,
            lr_g=self.lr_g if self.lr_g is not None else DEFAULT_LR,
        )

    def check(self) -> GANConfig:
        """This config with every knob checked (a ValueError names the knob, its range and the value)."""
        check_choice(self.dataset, "dataset", tuple(toy_data.DATASETS))
        check_choice(self.loss, "loss", LOSSES)
        check_choice(self.activation, "activation", tuple(ACTIVATIONS))
        if self.d_steps is not None:
            check_int(self.d_steps, "d_steps", 1, MAX_D_STEPS)
        for name in ("lr_d", "lr_g"):
            if getattr(self, name) is not None:
                check_float(getattr(self, name), name, MIN_LR, MAX_LR)
        check_seed(self.seed)
        return self


def lab_config(dataset, loss, seed, spectral_norm=False, label_smoothing=False, d_steps=0, lr_d=0.0, lr_g=0.0,
               batch_norm=False) -> GANConfig:  # fmt: skip
    """The Lab's knobs as a visitor or an API client sends them (0 for d_steps or a rate: the loss's published
    value) -> a checked config."""
    for name, value in (
        ("spectral_norm", spectral_norm),
        ("label_smoothing", label_smoothing),
        ("batch_norm", batch_norm),
    ):
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false, got {value!r}")
    d_steps = check_int(d_steps, "d_steps", 0, MAX_D_STEPS)
    lr_d, lr_g = (check_float(lr, name, 0.0, MAX_LR) for lr, name in ((lr_d, "lr_d"), (lr_g, "lr_g")))
    config = GANConfig(
        dataset=dataset,
        loss=loss,
        seed=check_seed(seed),
        spectral_norm=spectral_norm,
        label_smoothing=label_smoothing,
        d_steps=d_steps or None,
        lr_d=lr_d or None,
        lr_g=lr_g or None,
        batch_norm=batch_norm,
    )
    return config.check()


class GAN2D:
    """Seeded runs of one configuration: `step()` makes the discriminator's updates and one generator update;
    `d_step()` and `g_step()` make one of each (the Lab's Step buttons); `snapshot()` measures each run."""

    def __init__(self, config: GANConfig, seeds: Sequence[int] | None = None):
        config.check()
        self.config = config = config.resolved()
        self.seeds = list(seeds) if seeds is not None else [config.seed]
        # one generator per run for its weights, then its data: a run draws the same numbers alone or in a sweep
        self.rngs = [torch.Generator().manual_seed(seed) for seed in self.seeds]
        shape = {"hidden": config.hidden, "depth": config.depth, "activation": config.activation}
        self.generator = StackedMLP(self.rngs, LATENT_DIM, 2, **shape, batch_norm=config.batch_norm)
        self.discriminator = StackedMLP(
            self.rngs, 2, 1, **shape, batch_norm=config.batch_norm, spectral_norm=config.spectral_norm
        )
        if config.loss == "wgan":  # RMSprop, as the WGAN paper (momentum hurt its critic)
            self.opt_d = torch.optim.RMSprop(self.discriminator.parameters(), lr=config.lr_d, foreach=True)
            self.opt_g = torch.optim.RMSprop(self.generator.parameters(), lr=config.lr_g, foreach=True)
        else:
            betas = (0.5, 0.9) if config.loss == "wgan-gp" else (0.5, 0.999)
            self.opt_d = torch.optim.Adam(self.discriminator.parameters(), lr=config.lr_d, betas=betas, foreach=True)
            self.opt_g = torch.optim.Adam(self.generator.parameters(), lr=config.lr_g, betas=betas, foreach=True)
        self.g_updates = self.d_updates = 0
        self.last = {"d_loss": [float("nan")] * self.runs, "g_loss": [float("nan")] * self.runs}
        self.fixed_latents = self.draw(lambda g: torch.randn(EVAL_POINTS, LATENT_DIM, generator=g))
        # the real points every snapshot measures against and the Lab shows: the same for every run of a data set
        self.eval_real = toy_data.sample(config.dataset, EVAL_POINTS, torch.Generator().manual_seed(EVAL_SEED))

    @property
    def runs(self) -> int:
        return len(self.seeds)

    def draw(self, fn) -> torch.Tensor:
        """fn(generator) for each run's generator, stacked -> (runs, ...)."""
        return torch.stack([fn(g) for g in self.rngs])

    def real(self, n: int) -> torch.Tensor:
        return self.draw(lambda g: toy_data.sample(self.config.dataset, n, g))

    def latents(self, n: int) -> torch.Tensor:
        return self.draw(lambda g: torch.randn(n, LATENT_DIM, generator=g))

    # ---- the two players; a loss is each run's batch mean, summed over runs so each run gets its own gradient ----
    def d_step(self):
        config = self.config
        real = self.real(config.batch_size)
        with torch.no_grad():
            fake = self.generator(self.latents(config.batch_size))
        real_out, fake_out = self.discriminator(torch.cat([real, fake], 1)).split(config.batch_size, 1)
        if config.loss in WASSERSTEIN:
            loss = fake_out.mean((1, 2)) - real_out.mean((1, 2))
            if config.loss == "wgan-gp":
                loss = loss + config.gp_weight * self.gradient_penalty(real, fake)
        elif config.loss == "hinge":
            loss = F.relu(1 - real_out).mean((1, 2)) + F.relu(1 + fake_out).mean((1, 2))
        else:  # binary cross-entropy: softplus(-D) for real targets 1, softplus(D) for fake targets 0
            target = 0.9 if config.label_smoothing else 1.0
            real_loss = F.binary_cross_entropy_with_logits(
                real_out, torch.full_like(real_out, target), reduction="none"
            )
            loss = real_loss.mean((1, 2)) + F.softplus(fake_out).mean((1, 2))
        self.opt_d.zero_grad(set_to_none=True)
        loss.sum().backward()
        self.opt_d.step()
        if config.loss == "wgan":
            with torch.no_grad():
                torch._foreach_clamp_min_(list(self.discriminator.parameters()), -config.clip)
                torch._foreach_clamp_max_(list(self.discriminator.parameters()), config.clip)
        self.d_updates += 1
        self.last["d_loss"] = loss.tolist()

    def generator_loss(self, fake_out: torch.Tensor) -> torch.Tensor:
        """Each run's generator loss (runs,) from the discriminator's outputs on its generated points."""
        if self.config.loss in (*WASSERSTEIN, "hinge"):
            return -fake_out.mean((1, 2))
        if self.config.loss == "minimax":  # the original objective: min log(1 - D(G(z))), saturates early on
            return -F.softplus(fake_out).mean((1, 2))
        return F.softplus(-fake_out).mean((1, 2))  # non-saturating: max log D(G(z))

    def g_step(self):
        loss = self.generator_loss(self.discriminator(self.generator(self.latents(self.config.batch_size))))
        self.opt_g.zero_grad(set_to_none=True)
        loss.sum().backward()
        self.opt_g.step()
        self.g_updates += 1
        self.last["g_loss"] = loss.tolist()

    def step(self):
        for _ in range(self.config.d_steps):
            self.d_step()
        self.g_step()

    def gradient_penalty(self, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
        """(‖∇D(x̂)‖ - 1)² on random interpolates of real and generated points (Gulrajani et al. 2017), per run."""
        mix = self.draw(lambda g: torch.rand(real.shape[1], 1, generator=g))
        interpolates = (mix * real + (1 - mix) * fake).requires_grad_(True)
        (gradient,) = torch.autograd.grad(self.discriminator(interpolates).sum(), interpolates, create_graph=True)
        return (gradient.norm(dim=2) - 1).pow(2).mean(1)

    # ---- what the visitor sees ----
    @torch.no_grad()
    def points(self, n: int = EVAL_POINTS) -> torch.Tensor:
        """The generator's points for the first n fixed latents: (runs, n, 2)."""
        self.generator.eval()
        points = self.generator(self.fixed_latents[:, :n])
        self.generator.train()
        return points

    @torch.no_grad()
    def discriminator_field(self, resolution: int = 48) -> torch.Tensor:
        """D over the picture's square: (runs, resolution, resolution), rows from top (y = +extent) to bottom;
        a probability for the standard losses, the critic's raw score for the Wasserstein ones."""
        extent = toy_data.DATASETS[self.config.dataset].extent
        axis = torch.linspace(-extent, extent, resolution)
        ys, xs = torch.meshgrid(axis.flip(0), axis, indexing="ij")
        grid = torch.stack([xs.flatten(), ys.flatten()], 1).expand(self.runs, -1, -1)
        self.discriminator.eval()
        out = self.discriminator(grid).reshape(self.runs, resolution, resolution)
        self.discriminator.train()
        return out if self.config.loss in WASSERSTEIN else torch.sigmoid(out)

    def generator_push(self, n: int = 24) -> tuple[torch.Tensor, torch.Tensor]:
        """A few generated points of each run and the direction its generator's loss moves each (-∇ₓ loss)."""
        points = self.points(n).requires_grad_(True)
        self.discriminator.eval()
        (gradient,) = torch.autograd.grad(self.generator_loss(self.discriminator(points)).sum() * n, points)
        self.discriminator.train()
        return points.detach(), -gradient

    def snapshot(self) -> list[dict]:
        """Each run's figures now: losses, the critic's gradient norm, D's accuracy on real and generated points,
        and coverage on a mixture."""
        config = self.config
        real = self.eval_real
        fake = self.points()
        probe = torch.cat([real.expand(self.runs, -1, -1), fake], 1).requires_grad_(True)
        self.discriminator.eval()
        out = self.discriminator(probe)
        (gradient,) = torch.autograd.grad(out.sum(), probe)
        self.discriminator.train()
        out, n = out.detach()[..., 0], len(real)
        results = []
        for run in range(self.runs):
            on_real, on_fake = out[run, :n], out[run, n:]
            # a Wasserstein critic has no 0 boundary: it "says real" above the midpoint of its two means
            threshold = (on_real.mean() + on_fake.mean()) / 2 if config.loss in WASSERSTEIN else 0.0
            results.append(
                {
                    "g_updates": self.g_updates,
                    "d_updates": self.d_updates,
                    "d_loss": self.last["d_loss"][run],
                    "g_loss": self.last["g_loss"][run],
                    "critic_grad_norm": gradient[run].norm(dim=1).mean().item(),
                    "d_accuracy_real": (on_real > threshold).float().mean().item(),
                    "d_accuracy_fake": (on_fake <= threshold).float().mean().item(),
                    **toy_data.mode_metrics(fake[run], config.dataset),
                }
            )
        return results

    def settings(self) -> dict:
        return asdict(self.config)
