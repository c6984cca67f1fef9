"""The Lab's 2-D GAN: the toy data sets and their mode counts, each loss trains, and a seed fixes the run."""

from __future__ import annotations

import pytest
import torch

from genmodels.lab import toy_data
from genmodels.lab.gan2d import GAN2D, LOSSES, GANConfig


def test_a_perfect_sampler_covers_every_mode_and_a_collapsed_one_covers_one():
    generator = torch.Generator().manual_seed(0)
    for name, k in (("ring", 8), ("grid", 25)):
        real = toy_data.sample(name, 4000, generator)
        metrics = toy_data.mode_metrics(real, name)
        assert metrics["modes_total"] == k and metrics["modes_covered"] == k
        assert metrics["high_quality"] == pytest.approx(0.9889, abs=0.006)  # 1 - exp(-9/2) of a 2-D Gaussian: r <= 3σ
        collapsed = toy_data.DATASETS[name].modes[:1] + 0.01 * torch.randn(500, 2, generator=generator)
        assert toy_data.mode_metrics(collapsed, name)["modes_covered"] == 1
    far = torch.full((100, 2), 10.0)
    assert toy_data.mode_metrics(far, "ring") == {"modes_covered": 0, "modes_total": 8, "high_quality": 0.0}
    assert toy_data.mode_metrics(far, "moons")["modes_covered"] is None


@pytest.mark.parametrize("loss", LOSSES)
def test_every_loss_trains_and_the_same_seed_gives_the_same_run(loss):
    config = GANConfig(dataset="ring", loss=loss, seed=3, hidden=32, batch_size=64)
    runs = [GAN2D(config) for _ in range(2)]
    for run in runs:
        for _ in range(5):
            run.step()
    first, second = (run.snapshot() for run in runs)
    assert first == second
    d_steps = 5 if loss.startswith("wgan") else 1
    assert first["g_updates"] == 5 and first["d_updates"] == 5 * d_steps
    assert 0 <= first["d_accuracy_real"] <= 1 and first["critic_grad_norm"] > 0
    assert torch.equal(runs[0].points(), runs[1].points())


def test_weight_clipping_keeps_the_critic_inside_the_box_and_an_unknown_loss_names_the_choices():
    run = GAN2D(GANConfig(loss="wgan", hidden=16, batch_size=32))
    run.d_step()
    assert max(p.abs().max().item() for p in run.discriminator.parameters()) <= 0.01
    with pytest.raises(ValueError, match="minimax, non_saturating, hinge, wgan, wgan-gp"):
        GAN2D(GANConfig(loss="lsgan"))
