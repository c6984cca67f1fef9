"""genmodels.metrics against values computed by hand (or by an independent formula)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import scipy.linalg
import torch

from genmodels import images
from genmodels.metrics import (
    auroc,
    classifier_features,
    fpr_at_tpr,
    frechet_distance,
    frechet_distance_from_stats,
    kernel_inception_distance,
    precision_recall,
    psnr,
    ssim,
    tpr_at_fpr,
)
from genmodels.models import FashionClassifier

torch.set_num_threads(1)


def gaussian_features(n=2000, dim=8, seed=0):
    return np.random.default_rng(seed).normal(size=(n, dim))


# ---------------------------------------------------------------------------------------------------------
# Fréchet distance


def test_frechet_of_identical_sets_is_zero():
    a = gaussian_features()
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-9)


def test_frechet_of_a_shifted_set_is_the_squared_shift():
    # the same covariance, means apart by (1, 2, 0, ..., 0): d² = 1 + 4 exactly
    a = gaussian_features()
    shift = np.zeros(8)
    shift[:2] = (1.0, 2.0)
    assert frechet_distance(a, a + shift) == pytest.approx(5.0, abs=1e-8)


def test_frechet_closed_form_for_diagonal_gaussians():
    # |μ1-μ2|² = 1 + 4; Tr Σ1 + Tr Σ2 = 5 + 13; Tr (Σ1Σ2)^½ = √4 + √36 = 8  ->  5 + 18 - 16 = 7
    d = frechet_distance_from_stats([0, 0], np.diag([1.0, 4.0]), [1, 2], np.diag([4.0, 9.0]))
    assert d == pytest.approx(7.0, abs=1e-12)
    # one dimension: (μ1 - μ2)² + (s1 - s2)²
    assert frechet_distance_from_stats([3.0], [[4.0]], [1.0], [[9.0]]) == pytest.approx(4 + 1, abs=1e-12)


def test_frechet_matches_scipy_sqrtm_for_non_commuting_covariances():
    rng = np.random.default_rng(1)
    m1, m2 = rng.normal(size=(5, 5)), rng.normal(size=(5, 5))
    s1, s2 = m1 @ m1.T + 0.1 * np.eye(5), m2 @ m2.T + 0.1 * np.eye(5)
    mu1, mu2 = rng.normal(size=5), rng.normal(size=5)
    expected = ((mu1 - mu2) ** 2).sum() + np.trace(s1 + s2 - 2 * scipy.linalg.sqrtm(s1 @ s2).real)
    assert frechet_distance_from_stats(mu1, s1, mu2, s2) == pytest.approx(expected, rel=1e-9)


def test_frechet_of_samples_approaches_the_closed_form():
    rng = np.random.default_rng(2)
    a = rng.normal(size=(40_000, 2)) * [1.0, 2.0]  # Σ = diag(1, 4)
    b = rng.normal(size=(40_000, 2)) * [2.0, 3.0] + [1.0, 2.0]  # Σ = diag(4, 9), μ = (1, 2)
    assert frechet_distance(a, b) == pytest.approx(7.0, abs=0.15)


def test_frechet_rejects_bad_features():
    with pytest.raises(ValueError, match="feature dimensions differ"):
        frechet_distance(np.zeros((4, 2)), np.zeros((4, 3)))
    with pytest.raises(ValueError, match="NaN"):
        frechet_distance(np.full((4, 2), np.nan), np.zeros((4, 2)))
    with pytest.raises(ValueError, match="2-D array"):
        frechet_distance(np.zeros(4), np.zeros((4, 1)))


# ---------------------------------------------------------------------------------------------------------
# KID


def test_kid_hand_example():
    # D = 1, k(x, y) = (xy + 1)³; X = {0, 1}, Y = {2, 3}, one subset = the whole sets:
    # within X: k(0,1) = 1; within Y: k(2,3) = 343; across: (1 + 1 + 27 + 64) / 4 = 23.25
    mean, std = kernel_inception_distance([[0.0], [1.0]], [[2.0], [3.0]], num_subsets=1, subset_size=2)
    assert mean == pytest.approx(1 + 343 - 2 * 23.25) and std == 0.0


def test_kid_is_about_zero_for_one_distribution_and_positive_for_a_shift():
    a, b = gaussian_features(seed=0), gaussian_features(seed=1)
    same, _ = kernel_inception_distance(a, b, num_subsets=20, subset_size=500)
    shifted, _ = kernel_inception_distance(a, b + 0.5, num_subsets=20, subset_size=500)
    assert abs(same) < 0.01
    assert shifted > 0.1 and shifted > 20 * abs(same)


# ---------------------------------------------------------------------------------------------------------
# precision and recall


def test_precision_recall_of_identical_sets_is_one():
    a = gaussian_features(500)
    assert precision_recall(a, a) == (1.0, 1.0)


def test_precision_recall_of_far_apart_sets_is_zero_and_half_covered_sets():
    a = gaussian_features(400)
    assert precision_recall(a, a + 100.0) == (0.0, 0.0)
    # fake = real points of one half of the space only: every fake point lies on the real manifold (precision 1),
    # but the real points of the other half are not covered (recall about 1/2)
    fake = a[a[:, 0] > 0]
    precision, recall = precision_recall(a[: len(fake) * 2], fake)
    assert precision == 1.0 and 0.4 < recall < 0.75


def test_precision_recall_rejects_a_k_too_large():
    with pytest.raises(ValueError, match="k must be in"):
        precision_recall(np.zeros((3, 2)), np.ones((3, 2)), k=3)


# ---------------------------------------------------------------------------------------------------------
# PSNR and SSIM


def test_psnr_of_a_known_mse():
    a = -torch.ones(2, 1, 28, 28)  # 0 in [0, 1] units
    b = a + 0.2  # 0.1 in [0, 1] units -> MSE 0.01 -> 20 dB
    assert torch.allclose(psnr(a, b), torch.tensor([20.0, 20.0]), atol=1e-4)


def test_ssim_of_identical_images_is_one_and_drops_with_noise():
    x = images.from_unit(torch.rand(4, 1, 28, 28, generator=torch.Generator().manual_seed(0)))
    assert torch.allclose(ssim(x, x), torch.ones(4), atol=1e-6)
    generator = torch.Generator().manual_seed(1)
    scores = [
        ssim(x, (x + sigma * torch.randn(x.shape, generator=generator)).clamp(-1, 1)).mean().item()
        for sigma in (0.05, 0.2, 0.6)
    ]
    assert 1 > scores[0] > scores[1] > scores[2]


def test_ssim_of_two_constant_images_by_hand():
    # constants a, b: no variance, so SSIM = (2ab + C1) / (a² + b² + C1), with C1 = 0.01²
    a = images.from_unit(torch.full((1, 1, 28, 28), 0.5))
    b = images.from_unit(torch.full((1, 1, 28, 28), 0.25))
    expected = (2 * 0.5 * 0.25 + 1e-4) / (0.5**2 + 0.25**2 + 1e-4)
    assert ssim(a, b).item() == pytest.approx(expected, rel=1e-5)


def test_ssim_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        ssim(torch.zeros(1, 1, 28, 28), torch.zeros(2, 1, 28, 28))


# ---------------------------------------------------------------------------------------------------------
# anomaly detection


def test_auroc_separable_reversed_and_tied():
    assert auroc([0.1, 0.2, 0.3], [0.5, 0.9]) == 1.0
    assert auroc([0.5, 0.9], [0.1, 0.2, 0.3]) == 0.0
    assert auroc([1.0, 1.0, 1.0], [1.0, 1.0]) == 0.5


def test_auroc_hand_example():
    # pairs (anomalous > normal): 0.8 beats all 3; 0.4 beats 0.1 and 0.35 and ties 0.4 (½) -> 5.5 of 6
    assert auroc([0.1, 0.4, 0.35], [0.8, 0.4]) == pytest.approx(5.5 / 6)


def test_fpr_at_95_tpr_hand_example():
    # anomalies 1..20: the highest threshold keeping 19 of 20 (95%) is 2; normal scores >= 2: {2, 3} of 5
    assert fpr_at_tpr([0, 1, 1.5, 2, 3], np.arange(1, 21)) == pytest.approx(0.4)
    assert fpr_at_tpr([0, 1, 2], [5, 6, 7]) == 0.0  # separable: nothing normal flagged


def test_tpr_at_5_percent_fpr_hand_example():
    # normal 0..99: the 95th percentile is 94.05 (linear interpolation); anomalies above it: 95 and 200
    assert tpr_at_fpr(np.arange(100), [94, 95, 200]) == pytest.approx(2 / 3)


def test_anomaly_metrics_reject_empty_and_nan():
    with pytest.raises(ValueError, match="empty"):
        auroc([], [1.0])
    with pytest.raises(ValueError, match="NaN"):
        fpr_at_tpr([math.nan], [1.0])


# ---------------------------------------------------------------------------------------------------------
# classifier features


def test_classifier_features_shape_and_determinism():
    torch.manual_seed(0)
    classifier = FashionClassifier(channels=(4, 8), feature_dim=16).train()  # dropout on: features() must not use it
    x = images.from_unit(torch.rand(7, 1, 28, 28, generator=torch.Generator().manual_seed(0)))
    first, second = classifier_features(classifier, x, batch_size=3), classifier_features(classifier, x)
    assert first.shape == (7, 16) and first.dtype == np.float64
    np.testing.assert_allclose(first, second, rtol=1e-5, atol=1e-6)  # batch size changes only rounding
    assert (first >= 0).all()  # the penultimate layer is a ReLU
    assert classifier.training  # the mode is restored


# ---------------------------------------------------------------------------------------------------------
# The libraries behind these functions give the figures of the hand-written code they replaced (measured with
# it on the fixture before the switch), so weights/metrics.json stays reproducible.

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"


@pytest.fixture(scope="module")
def fixture_pair(fashion_test):
    """The fixture's 1,000 test images and a copy with σ = 0.2 Gaussian noise (clipped), both in [-1, 1]."""
    clean = fashion_test.tensors()[0]
    noise = 0.2 * torch.randn(clean.shape, generator=torch.Generator().manual_seed(0))
    return clean, images.from_unit((images.to_unit(clean) + noise).clamp(0, 1))


@pytest.fixture(scope="module")
def fixture_features(fixture_pair):
    folder = WEIGHTS / "classifier"
    if not (folder / "model.safetensors").is_file():
        pytest.skip(f"{folder} not trained yet")
    classifier = FashionClassifier.from_pretrained(folder)
    return tuple(classifier_features(classifier, x) for x in fixture_pair)


def test_ssim_gives_the_hand_written_figures(fixture_pair):
    clean, noisy = fixture_pair
    scores = ssim(noisy, clean)
    assert scores.mean().item() == pytest.approx(0.5417779684066772, abs=1e-5)
    expected_first = torch.tensor([0.43570759892463684, 0.7666332721710205, 0.7859768271446228, 0.5972450971603394])
    assert torch.allclose(scores[:4], expected_first, atol=1e-5)


def test_ssim_window_must_match_the_gaussian_that_sigma_sizes():
    with pytest.raises(ValueError, match="window_size must be 11"):
        ssim(torch.zeros(1, 1, 28, 28), torch.zeros(1, 1, 28, 28), window_size=7)


def test_psnr_equals_torchmetrics(fixture_pair):
    from torchmetrics.functional.image import peak_signal_noise_ratio

    clean, noisy = fixture_pair
    ours = psnr(noisy, clean)
    theirs = peak_signal_noise_ratio(
        images.to_unit(noisy), images.to_unit(clean), data_range=1.0, reduction="none", dim=(1, 2, 3)
    )
    assert ours.mean().item() == pytest.approx(15.978913307189941, abs=1e-5)
    assert (ours - theirs).abs().max() < 1e-4  # dB
    assert psnr(clean[:1], clean[:1]).item() == pytest.approx(100.0)  # capped, where torchmetrics says inf


def test_auroc_gives_the_rank_statistic_on_the_fixture(fashion_test):
    # a coarse score (ink / 1000) with many ties: bags (class 8) against the rest
    score = fashion_test.images.reshape(1000, -1).astype(np.int64).sum(1) // 1000
    is_bag = fashion_test.labels == 8
    assert auroc(score[~is_bag], score[is_bag]) == pytest.approx(0.6349229427159058, abs=1e-15)


def test_frechet_distance_gives_the_hand_written_figures(fixture_features):
    clean, noisy = fixture_features
    assert frechet_distance(clean[:500], clean[500:]) == pytest.approx(5.58802412814282, rel=1e-6)
    assert frechet_distance(clean, noisy) == pytest.approx(316.0914070479073, rel=1e-6)


def test_kid_gives_the_hand_written_figures(fixture_features):
    mean, std = kernel_inception_distance(*fixture_features, num_subsets=10, subset_size=400, seed=0)
    # the features are float32 classifier outputs, which round differently on another CPU's vector width (AVX-512 vs
    # AVX2: 5e-9 relative here): the figures hold to 1e-6
    assert mean == pytest.approx(51.266240105055225, rel=1e-6) and std == pytest.approx(0.8364049429521055, rel=1e-6)
