"""The degradation suite's images: each kind at each strength degrades by what it should, seeded, in range."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from genmodels import degradations, filters, images
from genmodels.metrics import psnr


@pytest.fixture(scope="module")
def clean(fashion_test):
    return fashion_test.tensors()[0][:200]


# PSNR (dB) of the first 200 fixture images after each suite entry at mild / medium / strong, seed 0
RECORDED = {
    "gaussian": (22.37, 13.96, 9.97),
    "poisson": (29.68, 24.07, 18.05),
    "salt_pepper": (16.53, 11.94, 9.48),
    "jpeg": (33.56, 28.59, 24.0),
    "blur": (24.92, 19.46, 17.46),
    "noise+jpeg": (22.05, 13.82, 10.33),
    "blur+gaussian": (20.16, 12.46, 8.93),
}


@pytest.mark.parametrize("name", degradations.SUITE)
def test_each_suite_entry_degrades_by_its_recorded_amount_and_stronger_is_worse(clean, name):
    measured = [
        psnr(degradations.degrade(name, clean, level, torch.Generator().manual_seed(0)), clean).mean().item()
        for level in degradations.STRENGTHS
    ]
    assert measured == pytest.approx(RECORDED[name], abs=0.02)
    assert measured[0] > measured[1] > measured[2]


def test_the_same_seed_gives_the_same_degraded_pixels_and_the_images_stay_in_range(clean):
    a = degradations.random_degradations(clean, torch.Generator().manual_seed(3))
    b = degradations.random_degradations(clean, torch.Generator().manual_seed(3))
    assert torch.equal(a, b)
    assert a.min() >= -1 and a.max() <= 1
    untouched = (a == clean).flatten(1).all(1).float().mean().item()
    assert 0.0 < untouched < 0.1  # about clean_share (5%) of the images stay clean


def test_jpeg_round_trips_through_a_real_jpeg_file(clean):
    out = degradations.jpeg(clean[:4], 50)
    assert torch.equal(out, images.from_uint8(images.to_uint8(out)))  # 8-bit grey levels, as decoded
    assert 25 < psnr(out, clean[:4]).mean().item() < 35


def test_an_unknown_kind_or_level_names_the_choices(clean):
    with pytest.raises(ValueError, match="gaussian, poisson"):
        degradations.apply("rain", clean, 0.5)
    with pytest.raises(ValueError, match="mild, medium, strong"):
        degradations.degrade("gaussian", clean, "extreme")


def test_bm3d_on_a_mosaic_restores_gaussian_noise_better_than_non_local_means(clean):
    pytest.importorskip("bm3d")
    x = clean[:30]
    noisy = degradations.degrade("gaussian", x, "medium", torch.Generator().manual_seed(0))
    sigma = degradations.gaussian_sigma(degradations.STRENGTHS["medium"])
    restored = filters.bm3d(noisy, sigma, tiles_per_row=4)
    assert restored.shape == x.shape
    nlm = filters.non_local_means(noisy, torch.full((len(x),), sigma))
    assert psnr(restored, x).mean() > psnr(nlm, x).mean() > psnr(noisy, x).mean() + 2
    # each tile comes back to its own image: a clean mosaic is returned nearly unchanged
    assert psnr(filters.bm3d(x, 1e-3, tiles_per_row=4), x).min().item() > 40
    assert np.isfinite(restored.numpy()).all()


def test_the_suite_knows_which_entries_have_a_true_sigma():
    from genmodels.measure.quality.degradation_suite import true_sigma

    medium = degradations.gaussian_sigma(degradations.STRENGTHS["medium"])
    assert true_sigma("gaussian", "medium") == true_sigma("noise+jpeg", "medium") == pytest.approx(medium)
    assert true_sigma("blur+gaussian", "mild") == pytest.approx(degradations.gaussian_sigma(0.15))
    assert true_sigma("jpeg", "medium") is None and true_sigma("poisson", "strong") is None


def test_the_denoise_tab_tables_the_suite_from_metrics_json():
    from genmodels.measure.quality.degradation_suite import mean_over_suite
    from genmodels.ui.components.suite import suite_frames

    cell = lambda base, blind: {  # noqa: E731
        "degraded input": {"psnr": base, "gain_db": 0.0},
        "blind": {"psnr": blind, "gain_db": blind - base},
        "bm3d": {"psnr": base + 1, "gain_db": 1.0},
    }
    results = {"jpeg": {"medium": cell(28.0, 29.5)}, "blur": {"medium": cell(19.0, 23.0)}}
    suite = {"results": results, "mean_psnr": mean_over_suite(results)}
    assert suite["mean_psnr"] == {"blind": 26.25, "bm3d": 24.5, "degraded input": 23.5}
    gains, means = suite_frames({"degradations": suite})
    assert gains.to_dict("records") == [
        {"degradation": "jpeg", "blind denoiser": 1.5, "BM3D": 1.0},
        {"degradation": "blur", "blind denoiser": 4.0, "BM3D": 1.0},
    ]
    assert list(means["method"]) == ["blind denoiser", "BM3D", "degraded input"]
    assert suite_frames({"denoising": {"n_images": 3}}) is None and suite_frames(None) is None

    from genmodels.measure.report import suite_lines

    page = "\n".join(suite_lines({**suite, "n_images": 1000, "n_bm3d": 0}))
    assert "| jpeg | 1.50 | 1.00 |" in page and "| all images | 26.25 | 24.50 | 23.50 |" in page


def test_an_output_of_fewer_images_is_scored_on_the_first_images_only(clean):
    from genmodels.measure.quality.degradation_suite import score

    degraded = degradations.degrade("gaussian", clean[:10], "medium", torch.Generator().manual_seed(0))
    scores = score({"degraded input": degraded, "bm3d": clean[:4]}, clean[:10])
    assert scores["bm3d"]["psnr"] == 100.0  # identical images: psnr's ceiling
    assert scores["bm3d"]["gain_db"] == pytest.approx(100.0 - psnr(degraded[:4], clean[:4]).mean().item(), abs=1e-4)
    assert scores["degraded input"]["gain_db"] == 0.0
