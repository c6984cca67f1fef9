"""The VAE-likelihood lesson: the VAE tab's answer follows metrics.json (the shipped file, and fake figures in
both orders), and the shipped measurements keep the ordering the text and the model cards report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from genmodels.measure import likelihoods
from genmodels.ui.names import model_name
from genmodels.ui.tabs.vae.likelihoods import likelihood_answer, measured_rows

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"


def fake_rows(**fids) -> dict:
    base = {"n_samples": 100, "recall": 0.4, "sharpness": 0.8}
    return {name: {**base, "fid": fid, "sharpness": 0.5 + fid / 1000} for name, fid in fids.items()}


def test_the_answer_names_the_best_likelihood_and_its_figures():
    rows = fake_rows(vae=100.0, vae_sigma=60.0, vae_logistic=80.0)
    text = likelihood_answer(rows, None)
    assert "σ-VAE" in text and "FD 60.0" in text and "100.0" in text
    assert f"the sharpest is {model_name('vae')} at 0.60" in text  # 0.5 + 100/1000


@pytest.mark.parametrize(
    "sigma, mixture, phrase",
    [
        (60.0, 40.0, "does what no likelihood did"),
        (60.0, 50.0, "still above"),
        (42.0, 40.0, "the plain AE + mixture's FD is 43.5"),  # a likelihood beat the AE too: no "what none did"
        (30.0, 40.0, "the plain AE + mixture's FD is 43.5"),  # a likelihood beat the prior: no "more than any"
    ],
)
def test_the_prior_sentence_names_the_best_prior_and_flips_with_the_figures(sigma, mixture, phrase):
    rows = fake_rows(vae=100.0, vae_sigma=sigma, vae_2stage=55.0, vae_mixture=mixture, ae_gmm=43.5)
    text = likelihood_answer(rows, None)
    assert phrase in text and f"{model_name('vae_mixture')}, reaches FD {mixture:.1f}" in text


def test_nothing_is_claimed_without_measurements():
    assert "Not measured yet" in likelihood_answer({}, None)


def test_the_shipped_answer_agrees_with_the_shipped_measurements():
    rows = measured_rows(WEIGHTS)
    variants = {name: row for name, row in rows.items() if name in ("vae", "vae_gaussian", "vae_sigma", "vae_logistic")}
    if len(variants) < 2:
        pytest.skip("the likelihood variants are not measured yet")
    text = likelihood_answer(rows, None)
    best = min(variants, key=lambda name: variants[name]["fid"])
    assert f"{model_name(best)} (FD {variants[best]['fid']:.1f}" in text


def test_the_tables_in_the_pages_are_the_measured_ones():
    """README and the variants' cards carry the table evaluate writes from the shipped metrics.json."""
    result = json.loads((WEIGHTS / "metrics.json").read_text())
    table = likelihoods.likelihood_markdown(result)
    if not table:
        pytest.skip("the likelihood variants are not measured yet")
    for page in likelihoods.PAGES:
        path = WEIGHTS.parent / page
        if path.is_file() and likelihoods.MARKERS[0] in path.read_text():
            assert table in path.read_text(), page


def shipped_rows() -> dict:
    rows = measured_rows(WEIGHTS)
    if not {"vae", "vae_sigma", "vae_2stage", "vae_mixture"} <= set(rows):
        pytest.skip("the VAE variants and learned priors are not all measured yet")
    return rows


def test_the_recorded_ordering_a_learned_prior_beats_every_likelihood():
    """As recorded in weights/metrics.json (N = 10,000): each learned prior samples closer to the test set than
    the σ-VAE it keeps (by 20 FD at least), and the best of them beats every plain likelihood."""
    rows = shipped_rows()
    likelihoods = [
        row["fid"] for name, row in rows.items() if name in ("vae", "vae_gaussian", "vae_sigma", "vae_logistic")
    ]
    for prior in ("vae_2stage", "vae_mixture"):
        assert rows[prior]["fid"] < rows["vae_sigma"]["fid"] - 20, prior
    assert min(rows["vae_2stage"]["fid"], rows["vae_mixture"]["fid"]) < min(likelihoods) - 20


def test_the_recorded_prior_hole_closes_with_the_second_stage():
    """The σ-VAE's N(0, I) draws land outside every code's neighbourhood several times as often as its second
    stage's draws do (1% is the codes' own rate). The mixture is spread wider than its codes on purpose (its
    spread is chosen by FD), so its hole is not smaller: both as recorded."""
    metrics = json.loads((WEIGHTS / "metrics.json").read_text())
    holes = {k: r.get("prior_hole") for k, r in metrics["reconstruction"]["rows"].items() if "prior_hole" in r}
    if not {"vae_sigma", "vae_2stage", "vae_mixture"} <= set(holes):
        pytest.skip("the prior holes are not all measured yet")
    assert holes["vae_sigma"] > 3 * holes["vae_2stage"]
    assert holes["vae_mixture"] > holes["vae_sigma"]
