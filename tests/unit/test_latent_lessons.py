"""The VAE tab's latent-space lessons: the plain AE as a generator (zoo.ae_sample from the shipped Gaussian mixture,
or from N(0, I)) and posterior collapse (the KL per latent dimension in metrics.json, zoo.vae_traverse).

On tiny random models: the tasks' arithmetic, seeding and errors. On the shipped weights (skipped until trained):
the figures the tab shows, i.e. a collapsed dimension's sweep leaves the picture alone and an active one changes
it, β = 1 keeps more dimensions active than β = 4, and the app's mixture is the one metrics.json measured."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from genmodels import images
from genmodels.gmm import GMM_FILE, load_gaussian_mixture
from genmodels.measure.quality.reconstruction import kl_per_dimension
from genmodels.models import VAE
from genmodels.models.vae import ACTIVE_KL_NATS
from genmodels.ui.components.common import example_files, example_label
from genmodels.ui.components.plots import kl_frame
from genmodels.ui.tabs.vae import lessons as latent_lessons
from genmodels.uploads import load_upload
from genmodels.zoo import ModelUnavailable, Zoo
from tests.support.app_server import build_random_models

torch.set_num_threads(1)

REPO = Path(__file__).resolve().parents[2]
WEIGHTS = REPO / "weights"
METRICS = WEIGHTS / "metrics.json"
EXAMPLES = {example_label(path): path for path in example_files("fashion")}


def shipped_rows(section: str) -> dict:
    """metrics.json's rows of one section ({} before an evaluation)."""
    if not METRICS.is_file():
        return {}
    return (json.loads(METRICS.read_text()).get(section) or {}).get("rows") or {}


shipped = pytest.mark.skipif(
    not (WEIGHTS / "beta_vae" / "model.safetensors").is_file()
    or "kl_per_dim" not in shipped_rows("reconstruction").get("beta_vae", {}),
    reason="weights/ not trained or the KL per dimension not measured yet",
)


@pytest.fixture(scope="module")
def random_zoo(tmp_path_factory) -> Zoo:
    return Zoo(build_random_models(tmp_path_factory.mktemp("weights")), device="cpu")


@pytest.fixture(scope="module")
def zoo() -> Zoo:
    return Zoo(WEIGHTS, device="cpu", defer_diffusion=True)


# -- on tiny random models ---------------------------------------------------------------------------------------


def test_ae_sample_is_seeded_and_normal_is_the_decoded_prior(random_zoo):
    gmm = random_zoo.ae_sample(6, 3, 1.0, prior="gmm")
    assert gmm.shape == (6, 1, 28, 28) and torch.equal(gmm, random_zoo.ae_sample(6, 3, 1.0, prior="gmm"))
    assert not torch.equal(gmm, random_zoo.ae_sample(6, 4, 1.0, prior="gmm"))
    ae = random_zoo.models["ae"]
    z = torch.randn(5, ae.latent_dim, generator=torch.Generator().manual_seed(9)) * 0.5
    with torch.inference_mode():
        assert torch.equal(random_zoo.ae_sample(5, 9, 0.5, prior="normal"), ae.decode(z).clamp(-1, 1))
        # temperature 0: every code is its component's mean
        means = torch.from_numpy(random_zoo.ae_mixture()["means"]).float()
        decoded_means = ae.decode(means).clamp(-1, 1)
    cold = random_zoo.ae_sample(8, 0, 0.0, prior="gmm")
    assert all(any(torch.allclose(x, m, atol=1e-6) for m in decoded_means) for x in cold)


def test_ae_sample_names_a_missing_or_mismatched_mixture(tmp_path):
    root = build_random_models(tmp_path / "weights")
    (root / "ae" / GMM_FILE).unlink()
    with pytest.raises(ModelUnavailable, match=r"gmm.safetensors is missing .*genmodels.build.ae_gmm"):
        Zoo(root, device="cpu").ae_sample(2, 0, 1.0)
    assert Zoo(root, device="cpu").ae_sample(2, 0, 1.0, prior="normal").shape == (2, 1, 28, 28)  # needs no file


def test_vae_traverse_sweeps_exactly_one_dimension(random_zoo):
    x = -torch.ones(1, 1, 28, 28)
    x[..., 6:22, 8:20] = 0.6
    frames = random_zoo.vae_traverse(x, "beta_vae", 2, 5, 3.0)
    vae = random_zoo.models["beta_vae"]
    with torch.inference_mode():
        z = vae.encode(x)[0].repeat(5, 1)
        z[:, 2] = torch.tensor([-3.0, -1.5, 0.0, 1.5, 3.0])
        assert torch.allclose(frames, vae.decode(z).clamp(-1, 1), atol=1e-6)
    flat = random_zoo.vae_traverse(x, "vae", 0, 4, 0.0)  # span 0: nothing moves
    assert all(torch.equal(frame, flat[0]) for frame in flat)


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda z, x: z.vae_traverse(x, "beta_vae", 4, 5, 3.0), r"dimension must be an integer in \[0, 3\], got 4$"),
        (lambda z, x: z.vae_traverse(x, "beta_vae", -1, 5, 3.0), "dimension"),
        (lambda z, x: z.vae_traverse(x, "ae", 0, 5, 3.0), "model"),
        (lambda z, x: z.vae_traverse(x, "vae", 0, 17, 3.0), r"steps must be an integer in \[2, 16\], got 17$"),
        (lambda z, x: z.vae_traverse(x, "vae", 0, 5, float("nan")), "span"),
        (lambda z, x: z.vae_traverse(x, "vae", 0, 5, 11.0), "span"),
        (lambda z, x: z.vae_traverse(x + 3, "vae", 0, 5, 1.0), "image"),
        (lambda z, x: z.ae_sample(2, 0, 1.0, prior="uniform"), "prior"),
        (lambda z, x: z.ae_sample(65, 0, 1.0), r"n must be an integer in \[1, 64\], got 65$"),
        (lambda z, x: z.ae_sample(2, -1, 1.0), "seed"),
        (lambda z, x: z.ae_sample(2, 0, 2.5), "temperature"),
    ],
)
def test_bad_arguments_are_named(random_zoo, call, words):
    with pytest.raises(ValueError, match=words):
        call(random_zoo, torch.zeros(1, 1, 28, 28))


def test_kl_per_dimension_is_the_training_kl_and_counts_active_dimensions(fashion_test):
    vae = VAE(latent_dim=4, channels=(4, 8)).eval()
    x = fashion_test.tensors()[0][:64]
    measured = kl_per_dimension(vae, x, torch.device("cpu"))
    with torch.no_grad():
        trained = vae(x)["kl_per_dim"]  # what training logs
    assert np.allclose(measured["kl_per_dim"], trained.numpy(), rtol=1e-5, atol=1e-7)
    assert measured["active_dims"] == sum(v > ACTIVE_KL_NATS for v in measured["kl_per_dim"])
    frame = kl_frame([0.5, 0.01, 0.0101, 0.0], 0.01)
    assert list(frame["state"]) == ["active", "collapsed", "active", "collapsed"]
    assert list(frame["dimension"]) == ["z0", "z1", "z2", "z3"]


# -- on the shipped weights --------------------------------------------------------------------------------------


@shipped
def test_beta_1_keeps_more_dimensions_active_than_beta_4(fashion_test):
    rows = shipped_rows("reconstruction")
    for name in ("vae", "beta_vae"):  # the count follows the rule from the bars
        kl = rows[name]["kl_per_dim"]
        assert rows[name]["active_dims"] == sum(v > rows[name]["active_kl_nats"] for v in kl)
    assert rows["vae"]["active_dims"] == 16 and rows["beta_vae"]["active_dims"] == 10  # README's figures
    # and it holds when measured again, on the first 1,000 test images
    x = fashion_test.tensors()[0]
    for name, active in (("vae", 16), ("beta_vae", 10)):
        again = kl_per_dimension(VAE.from_pretrained(WEIGHTS / name).eval(), x, torch.device("cpu"))
        assert again["active_dims"] == active, name


@shipped
@pytest.mark.skipif(not EXAMPLES, reason="assets/examples not made yet")
def test_a_collapsed_dimension_changes_nothing_and_an_active_one_changes_the_picture(zoo):
    kl = shipped_rows("reconstruction")["beta_vae"]["kl_per_dim"]
    active, collapsed = int(np.argmax(kl)), int(np.argmin(kl))
    for name, path in EXAMPLES.items():
        x = load_upload(path)
        moved = {}
        for dimension in (active, collapsed):
            frames = images.to_unit(zoo.vae_traverse(x, "beta_vae", dimension, 7, 3.0))
            moved[dimension] = (frames[-1] - frames[0]).abs().mean().item()  # z_d = +3 against -3
        # measured: active 0.385..0.537, collapsed 0.0047..0.0127 mean absolute change in [0, 1] pixel units
        assert moved[active] > 0.3 and moved[collapsed] < 0.02, (name, moved)


@shipped
def test_the_apps_mixture_is_the_one_the_evaluation_measured(zoo):
    about = load_gaussian_mixture(WEIGHTS / "ae" / GMM_FILE)["about"]
    row = shipped_rows("generation")["ae_gmm"]
    assert about["iterations"] == row["gmm_iterations"] == 62
    assert about["log_likelihood"] == pytest.approx(row["gmm_log_likelihood"], abs=1e-4)
    samples = zoo.ae_sample(16, 0, 1.0, prior="gmm")
    assert torch.equal(samples, zoo.ae_sample(16, 0, 1.0, prior="gmm"))
    assert images.to_unit(samples).mean().item() == pytest.approx(0.33014, abs=1e-4)  # recorded for seed 0
    assert images.to_unit(zoo.ae_sample(16, 0, 1.0, prior="normal")).mean().item() == pytest.approx(0.27980, abs=1e-4)


@shipped
def test_n01_codes_are_worse_than_the_mixture_and_the_vae_prior():
    rows = shipped_rows("generation")
    if "ae_normal" not in rows:
        pytest.skip("ae_normal not measured yet")
    assert rows["ae_normal"]["n_samples"] == rows["ae_gmm"]["n_samples"] == rows["vae"]["n_samples"] == 10_000
    assert rows["ae_normal"]["fid"] > rows["vae"]["fid"] > rows["ae_gmm"]["fid"]


@shipped
def test_the_tab_says_what_the_bars_show_in_both_languages():
    beta1, beta4, english = latent_lessons.collapse_view(WEIGHTS, None)
    assert (beta1["state"] == "active").sum() == 16 and (beta4["state"] == "active").sum() == 10
    korean = latent_lessons.collapse_view(WEIGHTS, SimpleNamespace(headers={"accept-language": "ko"}))[2]
    for text in (english, korean):
        assert "16" in text and "10" in text and "0.01" in text
    assert "Active dimensions" in english and "활성 차원" in korean
    note = latent_lessons.ae_generation_note(WEIGHTS, None)
    assert "AE + GMM 43.5" in note and "VAE 107" in note
