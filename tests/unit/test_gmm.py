"""genmodels.gmm: scikit-learn's GaussianMixture, run so that it gives the figures of the torch EM it replaced."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from genmodels.gmm import fit_gaussian_mixture, sample_gaussian_mixture
from genmodels.models import AutoEncoder

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"


@pytest.fixture(scope="module")
def fixture_codes(fashion_test):
    """The shipped AE's latent codes (1000, 32) of the fixture's test images, as the evaluation fits them."""
    folder = WEIGHTS / "ae"
    if not (folder / "model.safetensors").is_file():
        pytest.skip(f"{folder} not trained yet")
    ae = AutoEncoder.from_pretrained(folder).eval()
    with torch.inference_mode():
        return ae.encode(fashion_test.tensors()[0]).double().numpy()


def test_mixture_gives_the_hand_written_fit(fixture_codes):
    # figures of the torch EM this replaced (same init, seed and relative stopping rule), measured before the switch
    gmm = fit_gaussian_mixture(fixture_codes, 10, seed=0)
    assert gmm["iterations"] == 79
    # the codes come from the AE in float32, whose sums round differently on another CPU's vector width (AVX-512 vs
    # AVX2: 3e-9 relative on the log-likelihood), so the figures hold to ~1e-6, not to the last bit
    assert gmm["log_likelihood"] == pytest.approx(-45.922176697176575, rel=1e-6)
    expected_weights = [0.19301763305995803, 0.016000000000099997, 0.09055785163513637, 0.2180045555016262]
    np.testing.assert_allclose(gmm["weights"][:4], expected_weights, rtol=1e-6)
    expected_mean = [0.507649712613503, -3.0051354750295665, 3.079495156874401]
    np.testing.assert_allclose(gmm["means"][0, :3], expected_mean, rtol=1e-6)
    assert gmm["covariances"].shape == (10, 32, 32)


def test_mixture_stops_on_the_relative_rule_and_at_the_iteration_cap(fixture_codes):
    # a looser tolerance stops sooner; an iteration cap is honoured exactly
    assert fit_gaussian_mixture(fixture_codes, 10, seed=0, tol=1e-4)["iterations"] < 79
    assert fit_gaussian_mixture(fixture_codes, 10, seed=0, iterations=5)["iterations"] == 5


def test_mixture_rejects_more_components_than_codes():
    with pytest.raises(ValueError, match=r"components must be in \[1, 3\]"):
        fit_gaussian_mixture(np.zeros((3, 2)), 4)


def test_samples_are_seeded(fixture_codes):
    gmm = fit_gaussian_mixture(fixture_codes, 3, seed=0, iterations=5)
    first = sample_gaussian_mixture(gmm, 100, seed=7)
    assert first.shape == (100, 32)
    assert np.array_equal(first, sample_gaussian_mixture(gmm, 100, seed=7))
    assert not np.array_equal(first, sample_gaussian_mixture(gmm, 100, seed=8))
