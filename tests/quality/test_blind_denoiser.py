"""The blind denoiser (issue 32) does what the shipped figures say: the degradation suite's recorded gains in
weights/metrics.json (`python -m genmodels.measure.evaluate --sections degradations`), the same gains recomputed on
the committed fixture, and a clean picture left nearly as it is.

Thresholds sit ~0.5 dB below what was measured (the figure is in each comment), so a retrained model that loses
what the docs and the Denoise and Compare tabs claim fails here, while a rerun's noise does not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from genmodels import degradations
from genmodels.metrics import psnr
from genmodels.models.denoiser import BlindDenoiser

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"
MARGIN_DB = 0.5
# the suite's recorded gain over the damaged input at medium strength (dB), 1,000 test images
RECORDED_MEDIUM_GAINS = {
    "gaussian": 7.55,
    "poisson": 3.27,
    "salt_pepper": 13.09,
    "jpeg": 1.48,
    "blur": 7.65,
    "noise+jpeg": 7.60,
    "blur+gaussian": 5.65,
}


@pytest.fixture(scope="module")
def suite() -> dict:
    path = WEIGHTS / "metrics.json"
    section = json.loads(path.read_text()).get("degradations") if path.is_file() else None
    if not section:
        pytest.skip("the degradation suite is not measured yet")
    return section


@pytest.fixture(scope="module")
def blind() -> BlindDenoiser:
    folder = WEIGHTS / "blind_denoiser"
    if not (folder / "model.safetensors").is_file():
        pytest.skip(f"{folder} not trained yet")
    return BlindDenoiser.from_pretrained(folder).eval()


@pytest.fixture(scope="module")
def clean(fashion_test) -> torch.Tensor:
    torch.set_num_threads(2)
    return fashion_test.tensors()[0][:200]


def test_the_recorded_medium_gains_hold(suite):
    gains = {name: by_level["medium"]["blind"]["gain_db"] for name, by_level in suite["results"].items()}
    assert set(gains) == set(RECORDED_MEDIUM_GAINS) == set(degradations.SUITE)
    for name, recorded in RECORDED_MEDIUM_GAINS.items():
        assert gains[name] >= recorded - MARGIN_DB, (name, gains[name])


def test_the_recorded_suite_has_the_classical_references_and_the_blind_denoiser_leads(suite):
    means, on_bm3d_images = suite["mean_psnr"], suite["bm3d_subset_mean_psnr"]
    assert {"non-local means", "bm3d", "median 3x3", "degraded input"} <= set(means)
    # recorded: blind 24.62 dB over the whole suite, 24.71 on BM3D's 200 images, where BM3D has 20.66
    assert means["blind"] >= 24.62 - MARGIN_DB
    assert on_bm3d_images["blind"] >= 24.71 - MARGIN_DB and on_bm3d_images["bm3d"] >= 20.66 - MARGIN_DB
    assert on_bm3d_images["blind"] >= on_bm3d_images["bm3d"] + 4.05 - MARGIN_DB  # the same images, so they compare
    assert means["blind"] == max(means.values())  # ahead of every other method over the whole suite


@torch.no_grad()
def test_the_medium_gains_hold_on_the_fixture(blind, clean):
    """The suite recomputed on the fixture's first 200 test images (the evaluation draws 1,000 of all 10,000).
    Measured: gaussian 7.86, poisson 3.61, salt_pepper 13.33, jpeg 1.75, blur 8.24, noise+jpeg 7.85,
    blur+gaussian 5.89 dB; each above the recorded figure, so the recorded threshold less the margin holds."""
    for i, name in enumerate(degradations.SUITE):
        degraded = degradations.degrade(name, clean, "medium", torch.Generator().manual_seed(i))
        gain = (psnr(blind(degraded), clean) - psnr(degraded, clean)).mean().item()
        assert gain >= RECORDED_MEDIUM_GAINS[name] - MARGIN_DB, (name, gain)


@torch.no_grad()
def test_a_clean_picture_comes_back_nearly_as_it_is(blind, clean):
    """A clean upload is the degraded input itself: the residual network should find almost nothing to remove.
    Measured on the fixture's first 200 test images: PSNR(blind(x), x) 35.22 dB on average, 19.6 dB at worst (a
    Dress) and below 28.5 dB for 5% of them (the more fine detail, the lower: correlation -0.41 with the mean
    |x - its 3x3 mean|); on average it changes a clean picture less than the mildest degradation of the suite
    damages it (JPEG quality 78: 33.56 dB)."""
    kept = psnr(blind(clean), clean).mean().item()
    assert kept >= 35.22 - MARGIN_DB
    mildest = max(
        psnr(degradations.degrade(name, clean, "mild", torch.Generator().manual_seed(i)), clean).mean().item()
        for i, name in enumerate(degradations.KINDS)
    )
    assert kept > mildest, (kept, mildest)
