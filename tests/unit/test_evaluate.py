"""`python -m genmodels.measure.evaluate --quick` end to end on a weights folder of tiny random models, and the
evaluation's own helpers (baseline denoisers, out-of-distribution sets, the latent Gaussian mixture, the docs block)."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from genmodels import images
from genmodels.corruptions import OOD_DESCRIPTIONS, make_ood_sets, salt_and_pepper
from genmodels.filters import gaussian_blur, non_local_means
from genmodels.gmm import fit_gaussian_mixture, sample_gaussian_mixture
from genmodels.measure.evaluate import evaluate, main
from genmodels.measure.quality import anomaly as anomaly_section
from genmodels.measure.quality.run import EvaluationRun, subset
from genmodels.measure.quality.settings import QUICK, Settings, check_settings
from genmodels.measure.report import MARKERS
from genmodels.measure.results import merge_conflicts, merge_results
from genmodels.metrics import psnr
from genmodels.tables import markdown_table, replace_marked_block
from genmodels.zoo import Zoo
from tests.support.app_server import build_random_models

torch.set_num_threads(1)


def build_tiny_weights(root: Path) -> Path:
    """The shipped layout with tiny random networks; WGAN-GP left out, to check that a missing model is skipped."""
    build_random_models(root)
    shutil.rmtree(root / "wgan_gp")
    return root


SMALL = [  # --quick, made smaller still: the test checks the plumbing, not the models
    "--n-samples",
    "64",
    "--n-reference",
    "200",
    "--n-diffusion",
    "16",
    "--ddim-steps",
    "2",
    "3",
    "--n-ddpm",
    "8",
    "--ddpm-steps",
    "4",
    "--guidance-scales",
    "0",
    "3",
    "--guidance-steps",
    "2",
    "--n-per-class",
    "2",
    "--n-denoise",
    "8",
    "--n-anomaly",
    "48",
    "--n-ood",
    "16",
    "--one-class-train-per-class",
    "64",
    "--one-class-test",
    "200",
    "--gmm-fit-images",
    "300",
    "--gmm-components",
    "3",
    "--kid-subsets",
    "5",
]


def finite_numbers(value, path="") -> list[str]:
    """Paths of every non-finite number in a JSON tree (empty = all finite)."""
    if isinstance(value, dict):
        return [bad for key, item in value.items() for bad in finite_numbers(item, f"{path}/{key}")]
    if isinstance(value, list):
        return [bad for i, item in enumerate(value) for bad in finite_numbers(item, f"{path}/{i}")]
    if isinstance(value, float) and not math.isfinite(value):
        return [path]
    return []


@pytest.fixture(scope="module")
def tiny_weights(tmp_path_factory) -> Path:
    return build_tiny_weights(tmp_path_factory.mktemp("tiny") / "weights")


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory, tiny_weights):
    root = tmp_path_factory.mktemp("evaluate")
    weights = tiny_weights
    doc = root / "docs" / "results.md"  # a page in another folder than the JSON, as docs/results.md is
    doc.parent.mkdir()
    doc.write_text(f"# title\n\nbefore\n{MARKERS[0]}\nold table\n{MARKERS[1]}\nafter\n")
    out = root / "out" / "metrics.json"
    argv = [
        "--quick",
        "--weights",
        str(weights),
        "--out",
        str(out),
        "--doc",
        str(doc),
        "--seed",
        "3",
        "--no-progress",
        "--threads",  # explicit: another test module may have left torch on another count (quality/ sets 2)
        "1",
        *SMALL,
    ]
    result = main(argv)
    return result, out, doc


def test_quick_evaluation_writes_every_section_with_finite_numbers(quick_run):
    result, out, _ = quick_run
    saved = json.loads(out.read_text())
    assert saved["quick"] is True and saved["protocol"]["seed"] == 3
    assert finite_numbers(saved) == []
    for key in (
        "protocol",
        "environment",
        "models",
        "generation",
        "guidance",
        "reconstruction",
        "denoising",
        "degradations",
        "anomaly",
        "one_class",
        "samplers",
    ):
        assert key in saved, key
    assert saved["protocol"]["feature_space"].startswith("penultimate layer")
    assert saved["environment"]["threads"] == 1 and saved["environment"]["device"] == "cpu"

    rows = saved["generation"]["rows"]
    assert set(rows) == {
        "real_train",
        "vae",
        "beta_vae",
        "vae2d",
        "vae_gaussian",
        "vae_sigma",
        "vae_logistic",
        "vae_2stage",
        "vae_mixture",
        "dcgan",
        "sn_gan",
        "ae_gmm",
        "ae_normal",  # the AE's decoder on N(0, I) codes, beside its mixture
        "diffusion_ddim2",
        "diffusion_ddim3",
        "diffusion_ddim2_eta1",  # the default protocol samples DDIM at eta 0 and at the app's DDIM_ETA = 1
        "diffusion_ddim3_eta1",
        "diffusion_ddpm4",
        "diffusion_null_token",  # the headline sampler (DDIM-3, eta 1) through the no-class token, same seeds
    }
    for row in rows.values():
        assert row["fid"] >= 0 and 0 <= row["precision"] <= 1 and 0 <= row["recall"] <= 1
        assert 1 <= row["class_coverage"] <= 10 and sum(row["class_histogram"]) == row["n_samples"]
        assert (out.parent / row["grid"]).is_file()
    assert (
        rows["vae"]["n_samples"] == 64
        and rows["diffusion_ddim2"]["n_samples"] == 16
        and rows["diffusion_ddpm4"]["n_samples"] == 8
    )
    assert rows["diffusion_ddim3"]["n_ddpm"] == 8 and "fid_at_n_ddpm" in rows["diffusion_ddim3"]

    scales = saved["guidance"]["scales"]
    assert set(scales) == {"0", "3"} and len(scales["3"]["per_class_accuracy"]) == 10
    assert all(0 <= g["min_class_accuracy"] <= g["accuracy"] <= 1 for g in scales.values())

    recon = saved["reconstruction"]["rows"]
    vae_variants = {"vae_gaussian", "vae_sigma", "vae_logistic", "vae_2stage", "vae_mixture"}
    assert set(recon) == {"ae", "dae", "sparse_ae", "deep_ae", "vae", "beta_vae", "vae2d", *vae_variants}
    assert recon["vae2d"]["latent_dim"] == 2 and recon["ae"]["n_images"] == 200
    # PSNR and MSE are two views of one number: PSNR = -10 log10(MSE) per image, so mean PSNR >= -10 log10(mean MSE)
    assert all(r["psnr"] >= -10 * math.log10(r["mse"]) - 1e-3 for r in recon.values())
    for name in ("vae", "beta_vae", "vae2d"):  # the KL of every latent dimension, and the active ones counted
        kl, row = recon[name]["kl_per_dim"], recon[name]
        assert len(kl) == row["latent_dim"] and min(kl) >= 0
        assert row["active_dims"] == sum(v > row["active_kl_nats"] for v in kl)
    assert "active_dims" not in recon["ae"]
    # each VAE's test -ELBO; bits per pixel for the likelihoods of 8-bit pixels; its prior hole, a share
    assert recon["vae"]["bits_per_dim"] is None and recon["vae_logistic"]["bits_per_dim"] > 0
    assert all(0 <= recon[name]["prior_hole"] <= 1 for name in ("vae", *vae_variants))

    conditions = saved["denoising"]["conditions"]
    assert list(conditions) == ["gaussian_0.1", "gaussian_0.3", "gaussian_0.5", "salt_pepper_0.1"]
    for condition in conditions.values():
        assert {
            "noisy input",
            "median 3x3",
            "gaussian blur σ=1px",
            "non-local means",
            "dae",
            "vae",
            "diffusion",
        } <= set(condition)
    # more noise, a worse noisy input
    assert (
        conditions["gaussian_0.1"]["noisy input"]["psnr"]
        > conditions["gaussian_0.3"]["noisy input"]["psnr"]
        > conditions["gaussian_0.5"]["noisy input"]["psnr"]
    )

    anomaly = saved["anomaly"]
    assert set(anomaly["ood_sets"]) == set(OOD_DESCRIPTIONS)
    assert set(anomaly["scores"]) == {
        *("ae", "vae", "vae_recon", "vae_bits", "complexity", "vae_complexity", "diffusion", "classifier"),
        "dcgan_critic",
    }
    for score in anomaly["scores"].values():
        assert set(score["sets"]) == {*OOD_DESCRIPTIONS, "all"}
        assert all(0 <= m[k] <= 1 for m in score["sets"].values() for k in ("auroc", "fpr_at_95_tpr", "tpr_at_5_fpr"))

    one_class = saved["one_class"]
    assert len(one_class["per_class"]) == 10 and one_class["train_images_per_class"] == 64
    assert 0 <= one_class["mean_auroc"] <= 1 and "mean_shipped_ae_auroc" in one_class

    # the missing WGAN-GP is skipped and says why; the summary has one row per model
    assert "wgan_gp" in saved["skipped"] and "wgan_gp" in saved["skipped"]["wgan_gp"]
    assert {"vae", "dcgan", "diffusion", "ae", "real_train"} <= set(saved["models"])
    # diffusion's headline row: the most DDIM steps at the app's default eta
    assert saved["models"]["diffusion"]["sampler"] == "DDIM-3, η = 1"
    assert saved["models"]["diffusion"]["FD"] == rows["diffusion_ddim3_eta1"]["fid"]
    assert result["generation"]["rows"]["vae"]["fid"] == rows["vae"]["fid"]


def test_anomaly_section_scores_a_planted_oracle_exactly(tiny_weights, tmp_path, monkeypatch):
    # a score that knows the normal images (0) from everything else (1) separates every OOD set perfectly, and its
    # negative fails perfectly: the section must put normal and anomalous on the right sides of every metric
    settings = Settings(**{**QUICK, "n_anomaly": 40, "n_ood": 12})
    run = EvaluationRun(Zoo(tiny_weights, device="cpu"), settings, 3, ("ae",), tmp_path, progress=False)
    normal = subset(run.test_x, len(run.test_x), run.seed + 4)[: settings.n_anomaly]  # the section's normal set
    known = {image.numpy().tobytes() for image in normal}

    def oracle(x):
        return np.array([0.0 if image.numpy().tobytes() in known else 1.0 for image in x])

    planted = {"oracle": ("knows the answer", oracle), "reversed": ("knows it backwards", lambda x: -oracle(x))}
    monkeypatch.setattr(anomaly_section, "anomaly_scores", lambda run: planted)
    result = anomaly_section.anomaly(run)
    assert result["n_normal"] == 40 and set(result["scores"]) == {"oracle", "reversed"}
    for set_name, metrics in result["scores"]["oracle"]["sets"].items():
        assert metrics == {"auroc": 1.0, "fpr_at_95_tpr": 0.0, "tpr_at_5_fpr": 1.0}, set_name
    for set_name, metrics in result["scores"]["reversed"]["sets"].items():
        assert metrics == {"auroc": 0.0, "fpr_at_95_tpr": 1.0, "tpr_at_5_fpr": 0.0}, set_name
    assert set(result["scores"]["oracle"]["sets"]) == {*OOD_DESCRIPTIONS, "all"}


def test_the_sampler_race_counts_network_calls_and_guides_only_the_cheap_rows(quick_run):
    race = json.loads(quick_run[1].read_text())["samplers"]
    rows = race["rows"]  # --quick: 2 and 4 steps leading, 2 trailing (not Karras), 16 images
    assert len(rows) == 9 * 2 + 8 and {row["n_samples"] for row in rows.values()} == {16}
    for row in rows.values():
        calls = 2 * row["steps"] - 1 if row["sampler"] == "Heun" else row["steps"]  # counted by the hook
        assert row["nfe"] == calls and row["ms_per_image"] > 0 and 0 <= row["precision"] <= 1
        assert ("guided_accuracy" in row) == (calls <= race["guided_max_nfe"])
    assert rows["dpmpp_2m_karras_4_leading"]["sampler"] == "DPM++ 2M Karras"


def test_quick_evaluation_writes_markdown_and_only_the_docs_block(quick_run):
    _, out, doc = quick_run
    markdown = out.with_suffix(".md").read_text()
    for heading in (
        "### Generation",
        "### Class-conditional diffusion",
        "### Reconstruction",
        "### Denoising",
        "### Anomaly detection",
        "### One-class",
    ):
        assert heading in markdown
    assert "Quick mode" in markdown and "(eval_samples/vae.png)" in markdown
    text = doc.read_text()
    assert text.startswith(f"# title\n\nbefore\n{MARKERS[0]}\n") and text.endswith(f"{MARKERS[1]}\nafter\n")
    assert "old table" not in text and "### Generation" in text
    assert "(../out/eval_samples/vae.png)" in text  # links relative to the page


def test_the_same_seed_gives_the_same_numbers(tiny_weights, tmp_path):
    zoo = Zoo(tiny_weights, device="cpu")
    settings = Settings(
        **{
            **QUICK,
            "n_samples": 32,
            "n_reference": 100,
            "n_diffusion": 8,
            "ddim_steps": (2,),
            "n_ddpm": 0,
            "guidance_scales": (),
            "kid_subsets": 3,
            "gmm_fit_images": 200,
            "gmm_components": 2,
        }
    )

    def numbers(seed):
        result = evaluate(
            zoo,
            settings,
            seed,
            models=("vae", "dcgan", "ae", "diffusion"),
            sections=("generation",),
            out_dir=tmp_path,
            progress=False,
        )
        return {
            key: {k: v for k, v in row.items() if "seconds" not in k}
            for key, row in result["generation"]["rows"].items()
        }

    first = numbers(1)
    assert first == numbers(1)
    assert first["vae"]["kid"] != numbers(2)["vae"]["kid"]


def test_ddim_etas_add_rows_on_the_same_seeds_and_keep_the_eta0_names(tiny_weights, tmp_path):
    zoo = Zoo(tiny_weights, device="cpu")
    small = {
        **QUICK,
        "n_reference": 100,
        "n_diffusion": 8,
        "ddim_steps": (2,),
        "n_ddpm": 4,
        "ddpm_steps": 3,
        "guidance_scales": (),
        "kid_subsets": 3,
    }

    def rows(etas):
        result = evaluate(
            zoo,
            Settings(**small, ddim_etas=etas),
            0,
            models=("diffusion",),
            sections=("generation",),
            out_dir=tmp_path,
            progress=False,
        )
        return result["generation"]["rows"]

    swept, plain = rows((0.0, 1.0)), rows((0.0,))
    assert sorted(swept) == [
        "diffusion_ddim2",
        "diffusion_ddim2_eta1",
        "diffusion_ddpm3",
        "diffusion_null_token",
        "real_train",
    ]
    assert "diffusion_null_token" not in plain  # the no-class token runs at the app's eta only
    assert swept["diffusion_ddim2"]["fid"] == plain["diffusion_ddim2"]["fid"]  # η = 0 as before, same seeds
    assert swept["diffusion_ddim2_eta1"]["fid"] != swept["diffusion_ddim2"]["fid"]  # η = 1 draws fresh noise
    assert swept["diffusion_ddim2_eta1"]["n_ddpm"] == 4 and "η = 1" in swept["diffusion_ddim2_eta1"]["label"]
    with pytest.raises(ValueError, match="etas"):
        check_settings(Settings(ddim_etas=(1.5,)))


def test_merge_replaces_only_the_models_measured_now(tiny_weights, tmp_path):
    out = tmp_path / "metrics.json"
    common = ["--quick", "--weights", str(tiny_weights), "--out", str(out), "--doc", "", "--no-progress", *SMALL]
    main([*common, "--models", "ae", "vae", "--sections", "reconstruction"])
    before = json.loads(out.read_text())
    merged = main([*common, "--models", "dae", "--sections", "reconstruction", "--merge"])

    rows = merged["reconstruction"]["rows"]
    assert sorted(rows) == ["ae", "dae", "vae"]
    assert rows["ae"] == before["reconstruction"]["rows"]["ae"]  # kept as measured, not re-run
    assert merged["evaluated"] == ["ae", "dae", "vae"]
    assert merged["models"]["dae"]["recon PSNR"] == rows["dae"]["psnr"]  # the summary is rebuilt
    assert json.loads(out.read_text())["reconstruction"]["rows"]["dae"] == rows["dae"]
    assert "; then " in merged["environment"]["command"]


def test_a_merged_section_measured_now_is_no_longer_marked_skipped():
    # the first run had no diffusion model, so its guidance section said "skipped"; a later --merge measured it
    old = {
        "protocol": 1,
        "settings": {},
        "quick": False,
        "guidance": {"skipped": "diffusion not selected"},
        "evaluated": ["vae"],
        "skipped": {"diffusion": "not selected"},
        "section_seconds": {},
        "seconds": 1.0,
        "environment": {"command": "first"},
        "inception_fid": {},
    }
    new = {
        **old,
        "guidance": {"steps": 50, "scales": {"3": {"accuracy": 0.9}}},
        "evaluated": ["diffusion"],
        "skipped": {},
        "environment": {"command": "second"},
    }
    merged = merge_results(old, new)
    assert merged["guidance"] == {"steps": 50, "scales": {"3": {"accuracy": 0.9}}}
    assert merged["skipped"] == {} and merged["evaluated"] == ["diffusion", "vae"]


def test_only_a_run_that_resamples_diffusion_may_change_how_diffusion_is_sampled():
    old = {"settings": {"n": 1}, "quick": False, "protocol": {"fid": "FD", "diffusion_sampling": "the token"}}
    new = {**old, "protocol": {"fid": "FD", "diffusion_sampling": "a random class"}}
    assert merge_conflicts(old, new, ["diffusion"], ["generation"]) == []
    assert merge_conflicts(old, new, ["diffusion"], ["denoising"]) == ["protocol.diffusion_sampling"]
    assert merge_conflicts(old, new, ["vae"], ["generation"]) == ["protocol.diffusion_sampling"]
    other_fd = {**new, "protocol": {"fid": "Inception FD", "diffusion_sampling": "a random class"}}
    assert merge_conflicts(old, other_fd, ["diffusion"], ["generation"]) == ["protocol.fid"]
    assert merge_conflicts(old, {**old, "settings": {"n": 2}}) == ["settings"]


def test_a_setting_the_earlier_run_did_not_have_does_not_block_a_merge():
    """A new section's knob (the degradation suite's n_bm3d) measured nothing in the earlier run."""
    old = {"settings": {"n": 1}, "quick": False, "protocol": {"fid": "FD"}}
    assert merge_conflicts(old, {**old, "settings": {"n": 1, "n_bm3d": 200}}) == []
    assert merge_conflicts(old, {**old, "settings": {"n": 2, "n_bm3d": 200}}) == ["settings"]
    assert merge_conflicts(old, {**old, "settings": {}}) == ["settings"]  # a setting the new run dropped


def test_merge_refuses_other_settings_before_running(tiny_weights, tmp_path):
    out = tmp_path / "metrics.json"
    common = ["--quick", "--weights", str(tiny_weights), "--out", str(out), "--doc", "", "--no-progress", *SMALL]
    main([*common, "--models", "ae", "--sections", "reconstruction"])
    with pytest.raises(SystemExit):
        main([*common, "--models", "dae", "--sections", "reconstruction", "--merge", "--n-reference", "100"])
    assert "dae" not in json.loads(out.read_text())["reconstruction"]["rows"]


def test_replace_marked_block_needs_both_markers(tmp_path):
    path = tmp_path / "results.md"
    path.write_text("no markers here\n")
    assert not replace_marked_block(path, "table", MARKERS)
    assert path.read_text() == "no markers here\n"
    path.write_text(f"a\n{MARKERS[0]}\nx\n{MARKERS[1]}\nb\n{MARKERS[0]}\n")
    assert replace_marked_block(path, "new", MARKERS)
    assert path.read_text() == f"a\n{MARKERS[0]}\nnew\n{MARKERS[1]}\nb\n{MARKERS[0]}\n"
    assert not replace_marked_block(tmp_path / "missing.md", "new", MARKERS)


def test_markdown_table_is_the_shape_every_table_uses():
    assert markdown_table(["a", "b"], [[1, "x"], [2.5, None]]) == "| a | b |\n|---|---|\n| 1 | x |\n| 2.5 | None |"
    assert markdown_table(["only"], []) == "| only |\n|---|"


def test_ood_sets_are_deterministic_and_in_range(fashion_test):
    x, _ = fashion_test.tensors()
    first, second = make_ood_sets(x[:20], 12, seed=5), make_ood_sets(x[:20], 12, seed=5)
    assert set(first) == set(OOD_DESCRIPTIONS)
    for name, images_ in first.items():
        assert images_.shape == (12, 1, 28, 28) and images_.min() >= -1 and images_.max() <= 1, name
        assert torch.equal(images_, second[name]), name
    assert torch.equal(first["inverted"], -x[:12])
    assert torch.equal(first["rotated"][0, 0], x[0, 0].rot90(1))
    # drawn sets are bright strokes on the black background, like the dataset
    for name in ("digits", "strokes", "shapes"):
        ink = (first[name] > -1).flatten(1).float().mean(1)
        assert ((ink > 0.02) & (ink < 0.8)).all(), name
    assert not torch.equal(make_ood_sets(x[:20], 12, seed=6)["noise"], first["noise"])


def test_salt_and_pepper_hits_the_requested_fraction():
    x = torch.zeros(50, 1, 28, 28)
    noisy = salt_and_pepper(x, 0.1, torch.Generator().manual_seed(0))
    black, white = (noisy == -1).float().mean().item(), (noisy == 1).float().mean().item()
    assert black == pytest.approx(0.05, abs=0.005) and white == pytest.approx(0.05, abs=0.005)
    assert ((noisy == 0) | (noisy == 1) | (noisy == -1)).all()


def test_classical_denoisers_keep_constants_and_remove_noise(fashion_test):
    flat = torch.full((2, 1, 28, 28), 0.2)
    assert torch.allclose(gaussian_blur(flat), flat, atol=1e-6)
    assert torch.allclose(non_local_means(flat, torch.tensor([0.1, 0.3])), flat, atol=1e-6)
    clean = fashion_test.tensors()[0][:16]
    noisy = images.from_unit(
        (images.to_unit(clean) + 0.1 * torch.randn(clean.shape, generator=torch.Generator().manual_seed(0))).clamp(0, 1)
    )
    denoised = non_local_means(noisy, torch.full((16,), 0.1))
    assert psnr(denoised, clean).mean() > psnr(noisy, clean).mean() + 2  # dB


def test_gaussian_mixture_recovers_two_clusters():
    rng = np.random.default_rng(0)
    left, right = rng.normal(size=(300, 2)) * [1.0, 0.2] + [-3, 1], rng.normal(size=(600, 2)) * 0.3 + [3, 0]
    gmm = fit_gaussian_mixture(np.concatenate([right, left]), 2, seed=0)
    order = np.argsort(gmm["means"][:, 0])
    # far-apart clusters: EM ends at each cluster's own sample statistics (plus the small ridge)
    np.testing.assert_allclose(gmm["weights"][order], [1 / 3, 2 / 3], atol=1e-3)
    np.testing.assert_allclose(gmm["means"][order], [left.mean(0), right.mean(0)], atol=1e-3)
    expected = [np.cov(left, rowvar=False, bias=True), np.cov(right, rowvar=False, bias=True)]
    np.testing.assert_allclose(gmm["covariances"][order], expected, atol=0.01)
    samples = sample_gaussian_mixture(gmm, 3000, seed=1)
    assert np.array_equal(samples, sample_gaussian_mixture(gmm, 3000, seed=1))
    assert (samples[:, 0] < 0).mean() == pytest.approx(1 / 3, abs=0.03)


# ---------------------------------------------------------------------------------------------------------
# genmodels.measure.benchmark: the pieces that must be right for its numbers to mean anything


def test_benchmark_covers_every_api_endpoint(tiny_weights, fashion_test):
    from genmodels.measure.speed.endpoints import endpoint_calls

    zoo = Zoo(tiny_weights, device="cpu")
    x16 = fashion_test.tensors()[0][:16]
    calls = endpoint_calls(zoo, x16)
    api = {
        "/reconstruct",
        "/denoise",
        "/vae_sample",
        "/gan_sample",
        "/diffusion_sample",
        "/interpolate",
        "/anomaly",
        "/forward_noise",
    }
    assert {endpoint for endpoint, *_ in calls} == api
    assert {n for endpoint, _, n, _ in calls if endpoint == "/vae_sample"} == {1, 16}
    assert not any("wgan" in variant for _, variant, _, _ in calls)  # not in the tiny weights
    for endpoint, variant, n, call in calls:  # the cheap ones run for real and return n images
        if endpoint in ("/vae_sample", "/gan_sample", "/interpolate"):
            assert call().shape == (n, 1, 28, 28), (endpoint, variant)


def test_the_plain_loop_computes_the_reference_images(tiny_weights):
    from genmodels.checks import make_generator
    from genmodels.measure.speed.diffusion import pipeline_vs_reference, plain_loop
    from genmodels.measure.speed.timing import SEED

    zoo = Zoo(tiny_weights, device="cpu")
    unet, config = zoo.pipe.unet, zoo.pipe.scheduler.config
    labels = torch.tensor([0, 7, 9])
    expected = plain_loop(unet, config, labels, 3, guidance_scale=3.0, generator=make_generator(seed=SEED))
    assert torch.equal(plain_loop(unet, config, labels, 3, guidance_scale=3.0), expected)  # None means seed SEED
    # where the pipeline runs the same passes (w = 0: the unconditional one; no class: cond = uncond), the plain
    # loop's uncond + w·(cond - uncond) is that pass exactly, so both give the same pixels, bit for bit, in fp32
    for kwargs in (
        dict(class_labels=labels, num_inference_steps=3, sampler="DDIM", eta=0.0, guidance_scale=0.0),
        dict(class_labels=None, num_inference_steps=4, sampler="DDPM", guidance_scale=3.0, num_images=2),
    ):
        pipeline = zoo.pipe(generator=make_generator(seed=5), output_type="pt", autocast_dtype=None, **kwargs)
        assert torch.equal(plain_loop(unet, config, generator=make_generator(seed=5), **kwargs), pipeline.images)
    # every ablation variant in fp32 computes the same images (up to float rounding for the batched passes)
    for grad, channels_last, batched in (
        ("inference_mode", False, False),
        ("autograd", False, True),
        ("no_grad", True, True),
    ):
        images_ = plain_loop(
            unet, config, labels, 3, guidance_scale=3.0, grad=grad, channels_last=channels_last, batched=batched
        )
        assert torch.allclose(images_, expected, atol=1e-5), (grad, channels_last, batched)
    with pytest.raises(ValueError, match="grad"):
        plain_loop(unet, config, labels, 3, grad="fast")
    comparison = pipeline_vs_reference(zoo, n=3, steps=2, repeats=1)
    assert comparison["max_abs_diff_fp32_pipeline_vs_reference"] < 1e-5
    assert comparison["speedup"] == pytest.approx(comparison["reference_seconds"] / comparison["pipeline_seconds"])


def test_browser_timings_take_the_last_picture_or_the_idle_tracker_whichever_is_later():
    from genmodels.measure.speed.browser import run_timings

    # page-clock ms: the click at 1000, a streamed frame at 1250, the sheet at 4100, the tracker idle at 4080
    run = {"start": 1000.0, "loads": [1250.0, 2900.0, 4100.0], "idle": 4080.0}
    assert run_timings(run) == {"first_frame": 0.25, "finished": 3.1, "pictures": 3}
    # the sheet's file was already on the page (same pixels, same URL): no new load, the tracker's end is the finish
    run = {"start": 0.0, "loads": [300.0], "idle": 2000.0}
    assert run_timings(run) == {"first_frame": 0.3, "finished": 2.0, "pictures": 1}


def test_the_browser_section_renders_the_issue_targets_with_met_or_not():
    from genmodels.measure.speed.report import browser_lines

    request = {"class_name": "Trouser", "guidance_scale": 2.0, "sampler": "DDIM", "steps": 50, "eta": 1.0, "n": 8}
    browser = {
        "first_frame_seconds": 0.42,
        "finished_seconds": 5.2,
        "zoo_seconds": 4.5,
        "finished_ratio": 5.2 / 4.5,
        "pictures": 10,
        "repeats": 3,
        "request": {**request, "seed": 0},
        "browser": "Chromium 140.0, headless",
    }
    text = "\n".join(browser_lines(browser))
    assert "Trouser, guidance 2, DDIM-50, η = 1, 8 images, seed 0" in text
    assert "| first picture ≤ 0.3 s after the click | 0.42 s | no |" in text
    assert "| finished sheet ≤ 1.3× in-process (4.50 s) | 5.20 s, 1.16× | yes |" in text
    assert "CPU per click" not in text  # a result from before the harness measured it
    text = "\n".join(browser_lines({**browser, "browser_cpu_seconds": 0.814}))
    assert "it used 0.81 s of CPU per click (median)" in text
    assert browser_lines({"skipped": "no chromium"}) == ["In a browser: skipped (no chromium).", ""]
    assert browser_lines(None) == []


def test_the_denoiser_section_times_the_blind_denoiser_against_its_target(tiny_weights, fashion_test, tmp_path):
    from genmodels.measure.benchmark import benchmark_environment, main
    from genmodels.measure.speed.endpoints import BLIND_MIN_ROUNDS, BLIND_TARGET_MS, benchmark_denoiser
    from genmodels.measure.speed.report import denoiser_lines

    zoo = Zoo(tiny_weights, device="cpu")
    section = benchmark_denoiser(zoo, fashion_test.tensors()[0][:16], repeats=2)
    assert section["target_ms"] == BLIND_TARGET_MS == 10.0 and section["rounds"] == BLIND_MIN_ROUNDS
    assert 0 < section["network_ms"] and 0 < section["denoise_ms"] and section["denoise_16_ms_per_image"] > 0
    assert section["meets_target"] == (section["denoise_ms"] <= 10.0)
    text = "\n".join(denoiser_lines({**section, "denoise_ms": 12.345}))
    assert "| one 28×28 image ≤ 10 ms (`/denoise`, blind) | 12.35 ms | no |" in text
    assert denoiser_lines({"skipped": "no weights"}) == ["The blind denoiser: skipped (no weights).", ""]
    assert denoiser_lines(None) == []
    assert "skipped" in benchmark_denoiser(Zoo(tmp_path / "none", device="cpu"), torch.zeros(16, 1, 28, 28), 1)

    # the section alone, laid over an earlier run: the other sections keep their numbers, this one records its run
    out = tmp_path / "benchmark.json"
    earlier = {"endpoints": [{"endpoint": "/denoise", "variant": "dae, σ=0.3", "n": 1, "median_ms": 0.8}]}
    top = {"environment": benchmark_environment(zoo), "memory": {"peak_rss_mb": 1.0}, "repeats": 5, "quick": False}
    out.write_text(json.dumps({**earlier, **top}))
    result = main(["--weights", str(tiny_weights), "--out", str(out), "--doc", "", "--sections", "denoiser"])
    assert result["endpoints"] == earlier["endpoints"]
    assert result["denoiser"]["run"]["command"].endswith("--sections denoiser")
    assert json.loads(out.read_text())["denoiser"]["denoise_ms"] == result["denoiser"]["denoise_ms"]
    assert "Measured separately by `python -m genmodels.measure.benchmark" in (tmp_path / "benchmark.md").read_text()
