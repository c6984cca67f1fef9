"""The zoo (genmodels/zoo/) on a weights folder of small, randomly initialised models with the shipped layout,
and genmodels.build.calibrate end to end on it. A last test checks the real AE when weights/ae has been trained."""

from __future__ import annotations

import json
import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import torch

from genmodels import images
from genmodels.corruptions import add_pixel_noise
from genmodels.data import CLASS_NAMES, find_data_dir
from genmodels.filters import estimate_noise_sigma, median3x3
from genmodels.models import VAE, AutoEncoder, Discriminator
from genmodels.scores import VAE_PIXEL_SCALE, ZLIB_LEVEL, negative_elbo, reconstruction_error
from genmodels.zoo import ANOMALY_METHODS, MODEL_FOLDERS, SAMPLERS, ModelUnavailable, Zoo
from tests.support.app_server import build_random_models

torch.set_num_threads(1)

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "fashion_test_1000.npz"
needs_test_set = pytest.mark.skipif(find_data_dir(split="test") is None, reason="Fashion-MNIST test set not on disk")


@pytest.fixture(scope="module")
def weights(tmp_path_factory) -> Path:
    return build_random_models(tmp_path_factory.mktemp("weights"))


@pytest.fixture(scope="module")
def zoo(weights) -> Zoo:
    return Zoo(weights, device="cpu")


@pytest.fixture(scope="module")
def image() -> torch.Tensor:
    """A deterministic 'garment': a bright block on the dark background with some texture."""
    x = -torch.ones(1, 1, 28, 28)
    x[..., 6:22, 8:20] = 0.6
    x[..., 10:14, 4:24] = torch.linspace(-0.5, 1.0, 20)
    return x


@pytest.fixture(scope="module")
def image_b() -> torch.Tensor:
    return images.from_unit(torch.rand(1, 1, 28, 28, generator=torch.Generator().manual_seed(3)))


# ---------------------------------------------------------------------------------------------------------
# loading


def test_loads_every_model_of_the_layout(zoo):
    assert set(zoo.available) == set(MODEL_FOLDERS) and zoo.missing == {}
    assert all(not model.training for model in zoo.models.values())
    assert all(not p.requires_grad for model in zoo.models.values() for p in model.parameters())
    assert zoo.pipe.unet.dtype == torch.float32  # fp16 on disk, upcast on load
    assert zoo.device == torch.device("cpu")


def test_missing_models_are_reported_and_named_in_errors(tmp_path, image):
    (tmp_path / "classifier" / "samples").mkdir(parents=True)  # a training run in progress: no config yet
    (tmp_path / "ae").mkdir()
    AutoEncoder(latent_dim=8, channels=(4, 8)).save_pretrained(tmp_path / "ae")
    (tmp_path / "ae" / "model.safetensors").write_bytes(b"not a safetensors file")  # half-written checkpoint
    zoo = Zoo(tmp_path, device="cpu")
    assert zoo.available == () and set(zoo.missing) == set(MODEL_FOLDERS)
    assert "has no config.json" in zoo.missing["classifier"] and "failed to load" in zoo.missing["ae"]
    cases = [
        (lambda: zoo.reconstruct(image, "vae"), tmp_path / "vae"),
        (lambda: zoo.reconstruct(image, "ae"), tmp_path / "ae"),
        (lambda: zoo.gan_sample(2, 0, "wgan-gp", 1.0), tmp_path / "wgan_gp" / "generator"),
        (lambda: zoo.diffusion_sample("any", 1.0, "DDIM", 2, 0.0, 1, 0), tmp_path / "diffusion"),
        (lambda: zoo.forward_noise(image, 10), tmp_path / "diffusion"),
        (lambda: zoo.class_histogram(image), tmp_path / "classifier"),
        (lambda: zoo.decode_latent(0.0, 0.0), tmp_path / "vae2d"),
        (lambda: zoo.denoise(image, 0.1, "dae", 0), tmp_path / "dae"),
        (lambda: zoo.transfer_predict(image), tmp_path / "transfer" / "scratch"),
        (lambda: zoo.nearest_training_images(image), tmp_path / "nearest"),
    ]
    for call, folder in cases:
        with pytest.raises(ValueError, match="not available") as error:
            call()
        assert str(folder) in str(error.value)
    # the median filter needs no model
    assert zoo.denoise(image, 0.0, "median", 0)["denoised"].shape == (1, 1, 28, 28)


def test_model_accessor_names_what_is_missing(zoo):
    assert zoo.model("ae") is zoo.models["ae"] and zoo.model("diffusion") is zoo.pipe.unet
    with pytest.raises(ModelUnavailable, match=r"model 'gan' is not available: unknown model"):
        zoo.model("gan")
    assert issubclass(ModelUnavailable, ValueError)  # the UI turns it into gr.Error like a bad argument


def test_deferred_diffusion_waits_its_delay_unless_a_task_needs_it(weights):
    """load_deferred(delay) starts loading only after the delay; a diffusion task that comes first loads it then."""
    deferred = Zoo(weights, device="cpu", defer_diffusion=True)
    assert deferred.pipe is None and "diffusion" in deferred.available  # pending counts as available
    background = deferred.load_deferred(delay=60.0)
    assert background.is_alive() and deferred.pipe is None  # still waiting out its delay
    unet = deferred.model("diffusion")  # a diffusion task does not wait for the delay
    assert unet is deferred.pipe.unet
    background.cancel()
    background.join(timeout=5)
    assert not background.is_alive()
    loaded_now = Zoo(weights, device="cpu", defer_diffusion=True)
    loaded_now.load_deferred().join(timeout=120)  # no delay: loads at once
    assert loaded_now.pipe is not None


@pytest.mark.parametrize(
    "variant,folder", [("dcgan", "dcgan"), ("wgan-gp", "wgan_gp"), ("wgan_gp", "wgan_gp"), ("sn-gan", "sn_gan")]
)
def test_discriminators_load_on_first_use(zoo, weights, image, variant, folder):
    critic = zoo.discriminator(variant)
    assert isinstance(critic, Discriminator) and not critic.training
    assert all(not p.requires_grad for p in critic.parameters())
    assert zoo.discriminator(variant) is critic  # loaded once, then kept
    assert set(zoo.available) == set(MODEL_FOLDERS)  # the lazily loaded ones are not start-up models
    expected = Discriminator.from_pretrained(weights / folder / "discriminator").eval()
    with torch.no_grad():
        assert torch.equal(critic(image), expected(image))
    with pytest.raises(
        ValueError, match="variant must be one of 'dcgan', 'wgan-gp', 'sn-gan', 'wgan_gp', 'sn_gan'; got 'lsgan'"
    ):
        zoo.discriminator("lsgan")


def test_missing_discriminator_is_named(tmp_path):
    zoo = Zoo(tmp_path, device="cpu")
    with pytest.raises(ModelUnavailable, match="the wgan-gp discriminator is not available") as error:
        zoo.discriminator("wgan-gp")
    message = str(error.value)
    assert str(tmp_path / "wgan_gp" / "discriminator") in message and "genmodels.train wgan_gp" in message


def test_psnr_helper_matches_the_definition(image, image_b):
    mse = ((image - image_b) / 2).pow(2).mean().item()
    assert Zoo.psnr(image, image_b) == pytest.approx(10 * math.log10(1 / mse), rel=1e-5)
    with pytest.raises(ValueError, match="reference must have shape"):
        Zoo.psnr(image, torch.zeros(2, 1, 28, 28))


# ---------------------------------------------------------------------------------------------------------
# autoencoders and VAEs


@pytest.mark.parametrize("model", ["ae", "dae", "sparse_ae", "deep_ae", "vae", "beta_vae", "vae2d"])
def test_reconstruct(zoo, image, model):
    out = zoo.reconstruct(image, model)
    net = zoo.model(model)
    with torch.no_grad():
        code = net.encode(image)[0] if isinstance(net, VAE) else net.encode(image)
        expected = net.decode(code)
    assert torch.allclose(out["reconstruction"], expected, atol=1e-6)
    assert out["reconstruction"].shape == out["error_map"].shape == (1, 1, 28, 28)
    error = (images.to_unit(out["reconstruction"]) - images.to_unit(image)).abs()
    assert torch.allclose(out["error_map"], error) and 0 <= out["error_map"].min() and out["error_map"].max() <= 1
    assert out["mse"] == pytest.approx(error.pow(2).mean().item(), rel=1e-5)
    assert out["psnr"] == pytest.approx(10 * math.log10(1 / out["mse"]), rel=1e-4)
    assert out["latent"].shape == (net.latent_dim,) and torch.allclose(out["latent"], code[0])
    # outputs are ordinary tensors: the caller may edit them in place
    out["reconstruction"].clamp_(-1, 1)


def test_median_filter_hand_checked_values():
    x = -torch.ones(1, 1, 28, 28)
    x[0, 0, :2, :2] = torch.tensor([[1.0, 0.5], [-0.5, 0.0]])
    x[0, 0, 10, 10] = 1.0  # an isolated impulse
    y = median3x3(x)
    # borders repeat the edge pixel: the (0, 0) window is p00 x4, p01 x2, p10 x2, p11 -> median 0.5
    assert y[0, 0, :2, :2].tolist() == [[0.5, 0.0], [-0.5, -1.0]]
    assert y[0, 0, 10, 10] == -1.0  # salt removed
    assert (y[0, 0, 2:, :] == -1).all() and (y[0, 0, :, 2:] == -1).all()
    # a straight edge survives unchanged
    edge = -torch.ones(1, 1, 28, 28)
    edge[..., :, 14:] = 1.0
    assert torch.equal(median3x3(edge), edge)


def test_median_filter_matches_scipy():
    ndimage = pytest.importorskip("scipy.ndimage")
    x = torch.rand(3, 1, 28, 28, generator=torch.Generator().manual_seed(0)) * 2 - 1
    expected = np.stack([ndimage.median_filter(image[0].numpy(), size=3, mode="reflect") for image in x])
    assert np.array_equal(median3x3(x)[:, 0].numpy(), expected)


@pytest.mark.parametrize("method", ["median", "dae", "vae", "blind"])
def test_denoise(zoo, image, method):
    out = zoo.denoise(image, 0.3, method, seed=5)
    expected_noisy = add_pixel_noise(image, 0.3, torch.Generator().manual_seed(5))
    assert torch.equal(out["noisy"], expected_noisy)
    with torch.no_grad():
        if method == "median":
            expected = median3x3(expected_noisy)
        elif method == "blind":  # residual: the noisy image minus what the network says was added
            expected = (expected_noisy - zoo.model("blind_denoiser").residual(expected_noisy)).clamp(-1, 1)
        else:
            expected = zoo.model(method).reconstruct(expected_noisy)
    assert torch.allclose(out["denoised"], expected, atol=1e-6)
    assert out["denoised"].shape == (1, 1, 28, 28) and out["denoised"].abs().max() <= 1
    assert torch.equal(zoo.denoise(image, 0.3, method, seed=5)["denoised"], out["denoised"])
    assert not torch.equal(zoo.denoise(image, 0.3, method, seed=6)["noisy"], out["noisy"])
    # sigma 0: the image is taken as already noisy
    assert torch.equal(zoo.denoise(image, 0.0, method, seed=5)["noisy"], image)


def test_denoise_diffusion(zoo, image):
    out = zoo.denoise(image, 0.3, "diffusion", seed=1)
    assert torch.equal(out["noisy"], add_pixel_noise(image, 0.3, torch.Generator().manual_seed(1)))
    assert out["denoised"].shape == (1, 1, 28, 28) and out["denoised"].abs().max() <= 1
    assert out["sigma"].tolist() == pytest.approx([0.3]) and 0 < out["t_start"].item() < 1000
    assert torch.equal(zoo.denoise(image, 0.3, "diffusion", seed=1)["denoised"], out["denoised"])
    assert not torch.equal(zoo.denoise(image, 0.3, "diffusion", seed=2)["denoised"], out["denoised"])
    # σ = 0: the upload is taken as already noisy and the zoo estimates its noise level; a class guides it
    guided = zoo.denoise(out["noisy"], 0.0, "diffusion", seed=1, class_name="Trouser")
    assert torch.equal(guided["noisy"], out["noisy"]) and 0.1 < guided["sigma"].item() <= 1
    assert torch.equal(guided["sigma"], estimate_noise_sigma(out["noisy"]))
    assert guided["denoised"].shape == (1, 1, 28, 28)


@pytest.mark.parametrize("model", ["vae", "beta_vae", "vae2d"])
def test_vae_sample(zoo, model):
    samples = zoo.vae_sample(6, seed=11, temperature=0.7, model=model)
    vae = zoo.model(model)
    with torch.no_grad():
        expected = vae.decode(torch.randn(6, vae.latent_dim, generator=torch.Generator().manual_seed(11)) * 0.7)
    assert samples.shape == (6, 1, 28, 28) and samples.abs().max() <= 1
    assert torch.allclose(samples, expected, atol=1e-6)
    assert torch.equal(samples, zoo.vae_sample(6, 11, 0.7, model))
    assert not torch.equal(samples, zoo.vae_sample(6, 12, 0.7, model))
    cold = zoo.vae_sample(3, 11, 0.0, model)  # temperature 0: every sample is the decoded prior mean
    assert torch.allclose(cold[0], cold[1], atol=1e-6) and torch.allclose(cold[1], cold[2], atol=1e-6)


@pytest.mark.parametrize("mode", ["linear", "slerp"])
@pytest.mark.parametrize("model", ["ae", "vae"])
def test_interpolate_endpoints_are_the_reconstructions(zoo, image, image_b, model, mode):
    frames = zoo.interpolate(image, image_b, model, 5, mode)
    assert frames.shape == (5, 1, 28, 28) and frames.abs().max() <= 1
    assert torch.allclose(frames[:1], zoo.reconstruct(image, model)["reconstruction"], atol=1e-5)
    assert torch.allclose(frames[-1:], zoo.reconstruct(image_b, model)["reconstruction"], atol=1e-5)
    assert not torch.allclose(frames[2], frames[0])


# ---------------------------------------------------------------------------------------------------------
# GANs


@pytest.mark.parametrize("variant,folder", [("dcgan", "dcgan"), ("wgan-gp", "wgan_gp"), ("sn-gan", "sn_gan")])
def test_gan_sample(zoo, variant, folder):
    samples = zoo.gan_sample(5, seed=3, variant=variant, truncation=0.5)
    G = zoo.model(folder)
    with torch.no_grad():
        expected = G(torch.randn(5, G.latent_dim, generator=torch.Generator().manual_seed(3)) * 0.5)
    assert samples.shape == (5, 1, 28, 28) and samples.abs().max() <= 1
    assert torch.allclose(samples, expected, atol=1e-6)
    assert torch.equal(samples, zoo.gan_sample(5, 3, variant, 0.5))
    assert not torch.equal(samples, zoo.gan_sample(5, 4, variant, 0.5))
    flat = zoo.gan_sample(2, 3, variant, 0.0)  # truncation 0: z = 0 for every sample
    assert torch.allclose(flat[0], flat[1], atol=1e-6)


def test_gan_walk_ends_at_the_two_seeds(zoo):
    frames = zoo.gan_walk(3, 9, 6, "dcgan")
    assert frames.shape == (6, 1, 28, 28)
    assert torch.allclose(frames[:1], zoo.gan_sample(1, 3, "dcgan", 1.0), atol=1e-5)
    assert torch.allclose(frames[-1:], zoo.gan_sample(1, 9, "dcgan", 1.0), atol=1e-5)
    assert torch.equal(frames, zoo.gan_walk(3, 9, 6, "dcgan"))


# ---------------------------------------------------------------------------------------------------------
# diffusion


@pytest.mark.parametrize("sampler", ["DDPM", "DDIM"])
def test_diffusion_sample(zoo, sampler):
    calls = []
    out = zoo.diffusion_sample(
        "Sneaker", 3.0, sampler, 3, 0.5, 2, seed=7, callback=lambda *a: calls.append(a), return_trajectory=True
    )
    assert out["images"].shape == (2, 1, 28, 28) and out["images"].abs().max() <= 1 and out["seconds"] > 0
    assert [c[0] for c in calls] == [0, 1, 2] and all(c[1] == 3 for c in calls)
    assert all(c[2].shape == c[3].shape == (2, 1, 28, 28) for c in calls)
    assert torch.equal(out["images"], calls[-1][2].clamp(-1, 1))  # the last streamed frame is the result
    assert len(out["trajectory"]) == 3 and all(x_t.shape == x0.shape == (2, 1, 28, 28) for x_t, x0 in out["trajectory"])
    again = zoo.diffusion_sample("Sneaker", 3.0, sampler, 3, 0.5, 2, seed=7)
    assert torch.equal(out["images"], again["images"]) and again["trajectory"] is None
    assert not torch.equal(out["images"], zoo.diffusion_sample("Sneaker", 3.0, sampler, 3, 0.5, 2, seed=8)["images"])


def test_heun_streams_a_frame_per_network_call_and_the_spacing_moves_the_pixels(zoo):
    calls = []
    out = zoo.diffusion_sample("Bag", 2.0, "Heun", 3, 1.0, 1, 5, callback=lambda *a: calls.append(a[:2]))
    assert out["calls"] == 5 and calls == [(i, 5) for i in range(5)]  # two calls a step but the first
    leading = zoo.diffusion_sample("Bag", 2.0, "DDIM", 3, 0.0, 1, 5)["images"]
    assert torch.equal(leading, zoo.diffusion_sample("Bag", 2.0, "DDIM", 3, 0.0, 1, 5, "leading")["images"])
    assert not torch.equal(leading, zoo.diffusion_sample("Bag", 2.0, "DDIM", 3, 0.0, 1, 5, "trailing")["images"])
    with pytest.raises(ValueError, match="spacing must be one of 'leading', 'trailing'"):
        zoo.diffusion_sample("Bag", 2.0, "DDIM", 3, 0.0, 1, 5, "linspace")


def test_the_sampler_race_fits_every_sampler_in_the_budget_on_one_seed(zoo):
    runs = zoo.sampler_race("Sneaker", 2.0, 4, 1.0, 2, 3, "leading")
    assert [run["sampler"] for run in runs] == list(SAMPLERS)
    assert {run["sampler"]: (run["steps"], run["calls"]) for run in runs}["Heun"] == (2, 3)
    assert all(run["steps"] == run["calls"] == 4 for run in runs if run["sampler"] != "Heun")
    ddim = next(run for run in runs if run["sampler"] == "DDIM")
    assert torch.equal(ddim["images"], zoo.diffusion_sample("Sneaker", 2.0, "DDIM", 4, 1.0, 2, 3)["images"])


def test_diffusion_guidance_is_ignored_without_a_class(zoo):
    a = zoo.diffusion_sample("any", 0.0, "DDIM", 2, 0.0, 1, seed=1)["images"]
    b = zoo.diffusion_sample("any", 7.5, "DDIM", 2, 0.0, 1, seed=1)["images"]
    assert torch.equal(a, b)
    assert not torch.equal(a, zoo.diffusion_sample("Bag", 7.5, "DDIM", 2, 0.0, 1, seed=1)["images"])


def test_any_class_draws_each_image_a_class_then_samples_it_unguided(zoo):
    out = zoo.diffusion_sample("any", 5.0, "DDIM", 2, 1.0, 8, seed=3)["images"]
    generator = torch.Generator().manual_seed(3)
    labels = torch.randint(0, 10, (8,), generator=generator).tolist()
    assert len(set(labels)) > 3  # a mix of classes, not one
    expected = zoo.pipe(
        class_labels=labels, guidance_scale=1.0, num_inference_steps=2, eta=1.0, generator=generator, output_type="pt"
    ).images
    assert torch.equal(out, expected)
    null_token = zoo.pipe(num_images=8, num_inference_steps=2, eta=1.0, seed=3, output_type="pt").images
    assert not torch.equal(out, null_token)


def test_forward_noise(zoo, image):
    start = zoo.forward_noise(image, 0)
    assert start["x_t"].shape == (1, 1, 28, 28) and (start["x_t"] - image).abs().max() < 0.05
    alphas = zoo.pipe.scheduler.alphas_cumprod
    steps = [0, 100, 500, 999]
    outs = [zoo.forward_noise(image, t) for t in steps]
    assert [o["alpha_bar"] for o in outs] == pytest.approx([alphas[t].item() for t in steps])
    assert all(o["snr"] == pytest.approx(o["alpha_bar"] / (1 - o["alpha_bar"]), rel=1e-5) for o in outs)
    snrs = [o["snr"] for o in outs]
    assert snrs == sorted(snrs, reverse=True) and snrs[-1] < 1e-3
    # at t = 999 almost nothing of the image is left: x_t has unit variance
    assert 0.8 < outs[-1]["x_t"].std() < 1.2
    assert torch.equal(zoo.forward_noise(image, 500)["x_t"], outs[2]["x_t"])  # fixed noise seed


# ---------------------------------------------------------------------------------------------------------
# anomaly detection and calibration


def test_anomaly_scores(zoo, image, image_b, monkeypatch):
    x = torch.cat([image, image_b, -torch.ones(1, 1, 28, 28)])
    ae = zoo.anomaly_scores(x, "ae")
    with torch.no_grad():
        expected = (images.to_unit(zoo.model("ae").reconstruct(x)) - images.to_unit(x)).pow(2).flatten(1).mean(1)
    assert torch.allclose(ae, expected) and torch.allclose(ae, reconstruction_error(zoo.model("ae"), x))
    # the VAE score is the training loss with β = 1 evaluated at z = μ
    vae = zoo.model("vae")
    monkeypatch.setattr(VAE, "reparameterize", staticmethod(lambda mu, logvar, generator=None: mu))
    with torch.no_grad():
        losses = torch.stack([vae(x[i : i + 1], beta=1.0)["loss"] for i in range(3)])
        assert torch.allclose(zoo.anomaly_scores(x, "vae"), losses, rtol=1e-5)
        assert torch.allclose(negative_elbo(vae, x), losses, rtol=1e-5)
    # the diffusion score of an image does not depend on its batch, and is deterministic
    diffusion = zoo.anomaly_scores(x, "diffusion")
    alone = torch.cat([zoo.anomaly_scores(x[i : i + 1], "diffusion") for i in range(3)])
    assert diffusion.shape == (3,) and (diffusion > 0).all() and torch.allclose(diffusion, alone, rtol=1e-4)
    assert torch.equal(diffusion, zoo.anomaly_scores(x, "diffusion"))


@needs_test_set
def test_calibrate_then_anomaly(zoo, weights, image):
    from genmodels.build import calibrate
    from genmodels.data import load

    path = weights / "anomaly.json"
    path.unlink(missing_ok=True)
    with pytest.raises(ValueError, match=r"python -m genmodels\.build\.calibrate --weights "):
        zoo.anomaly(image, "ae")

    result = calibrate.main(["--weights", str(weights), "--limit", "40", "--batch-size", "16"])
    saved = json.loads(path.read_text())
    assert saved == json.loads(json.dumps(result)) and saved["n_images"] == 40 and saved["skipped"] == {}
    x = load("test", limit=40).tensors[0]
    assert set(saved["methods"]) == set(ANOMALY_METHODS)
    for method in ANOMALY_METHODS:
        entry = saved["methods"][method]
        scores = zoo.anomaly_scores(x, method).numpy()
        assert entry["threshold"] == pytest.approx(np.percentile(scores, 95), rel=1e-5)
        assert entry["fpr"] == 0.05 and entry["n_images"] == 40  # 2 of 40 test images above the threshold
        assert len(entry["bin_edges"]) == len(entry["counts"]) + 1 == 51 and sum(entry["counts"]) == 40
        histogram = zoo.anomaly_histogram(method)
        assert histogram["counts"] == entry["counts"] and histogram["threshold"] == entry["threshold"]
        out = zoo.anomaly(x[:1], method)
        assert out["score"] == pytest.approx(float(scores[0]), rel=1e-5) and out["fpr"] == 0.05
        assert out["verdict"] == ("anomalous" if out["score"] > entry["threshold"] else "normal")

    # verdicts follow the threshold in the file, which is read on every call
    for threshold, verdict in ((0.0, "anomalous"), (1e9, "normal")):
        saved["methods"]["ae"]["threshold"] = threshold
        path.write_text(json.dumps(saved))
        assert zoo.anomaly(image, "ae")["verdict"] == verdict
    del saved["methods"]["diffusion"]
    path.write_text(json.dumps(saved))
    with pytest.raises(ValueError, match="no threshold for method 'diffusion'"):
        zoo.anomaly(image, "diffusion")


def test_the_shipped_calibration_holds_the_corrected_scores_threshold():
    """weights/anomaly.json has a vae_complexity entry measured like the others (all 10,000 test images, 5% of
    them above the threshold), with the pixel scale and compressor its bits were measured with."""
    path = Path(__file__).resolve().parents[2] / "weights" / "anomaly.json"
    if not path.is_file():
        pytest.skip("weights/anomaly.json not calibrated yet")
    calibration = json.loads(path.read_text())
    entry = calibration["methods"]["vae_complexity"]
    assert entry["n_images"] == calibration["n_images"] == 10_000 and entry["fpr"] == 0.05
    assert entry["pixel_scale"] == VAE_PIXEL_SCALE and entry["compressor"] == f"zlib level {ZLIB_LEVEL}"
    # in bits: a garment's VAE bits are about its zlib length (thousands), the difference a few hundred either way
    assert entry["mean"] < entry["threshold"] < entry["mean"] + 3 * entry["std"] and abs(entry["threshold"]) < 1000


@needs_test_set
def test_calibrating_one_method_keeps_the_others(weights):
    from genmodels.build import calibrate

    path = weights / "anomaly.json"
    full = calibrate.main(["--weights", str(weights), "--limit", "40", "--batch-size", "16"])
    planted = json.loads(json.dumps(full))
    planted["methods"]["ae"]["threshold"] = 123.0  # marks the entry that must survive untouched
    path.write_text(json.dumps(planted))
    calibrate.main(["--weights", str(weights), "--limit", "40", "--methods", "vae"])
    saved = json.loads(path.read_text())
    assert set(saved["methods"]) == set(ANOMALY_METHODS) and saved["methods"]["ae"]["threshold"] == 123.0
    assert saved["methods"]["vae"]["threshold"] == pytest.approx(full["methods"]["vae"]["threshold"], rel=1e-5)
    # another protocol (here: fewer images) cannot share the file with the old entries
    with pytest.raises(SystemExit, match="n_images"):
        calibrate.main(["--weights", str(weights), "--limit", "20", "--methods", "vae"])
    assert json.loads(path.read_text()) == saved


# ---------------------------------------------------------------------------------------------------------
# the latent map and the classifier


@needs_test_set
def test_latent_map_is_read_from_the_shipped_file_and_decode_latent(weights):
    from genmodels.data import load
    from genmodels.training.recipes.vae import write_latent_map

    zoo = Zoo(weights, device="cpu")
    (weights / "vae2d" / "latent_map.safetensors").unlink(missing_ok=True)
    with pytest.raises(ModelUnavailable, match="latent_map.safetensors is missing .*genmodels.train vae2d"):
        zoo.latent_map()
    x, labels = load("test", limit=2000).tensors
    write_latent_map(zoo.model("vae2d"), x, labels, weights / "vae2d")
    first = zoo.latent_map()
    assert first["z"].shape == (2000, 2) and np.array_equal(first["labels"], labels.numpy())
    with torch.no_grad():
        assert np.allclose(first["z"], zoo.model("vae2d").encode(x)[0].numpy(), atol=1e-5)
    first["z"][:] = 0  # the cache hands out copies
    assert not np.array_equal(zoo.latent_map()["z"], first["z"])
    decoded = zoo.decode_latent(0.5, -1.0)
    with torch.no_grad():
        assert torch.allclose(decoded, zoo.model("vae2d").decode(torch.tensor([[0.5, -1.0]])), atol=1e-6)
    assert decoded.shape == (1, 1, 28, 28)


def test_class_histogram(zoo):
    x = images.from_unit(torch.rand(20, 1, 28, 28, generator=torch.Generator().manual_seed(0)))
    counts = zoo.class_histogram(x)
    with torch.no_grad():
        expected = torch.bincount(zoo.model("classifier")(x).argmax(1), minlength=10).tolist()
    assert counts == expected and len(counts) == len(CLASS_NAMES) and sum(counts) == 20


# ---------------------------------------------------------------------------------------------------------
# bad arguments and concurrency

IMG = -torch.ones(1, 1, 28, 28)
BAD_CALLS = {
    "model name": (lambda z: z.reconstruct(IMG, "pca"), "model"),
    "image type": (lambda z: z.reconstruct(IMG.numpy(), "ae"), "image"),
    "image shape": (lambda z: z.reconstruct(torch.zeros(1, 1, 32, 32), "ae"), r"image must have shape"),
    "image batch": (lambda z: z.reconstruct(torch.zeros(2, 1, 28, 28), "ae"), r"image must have shape"),
    "image range": (lambda z: z.reconstruct(IMG * 2, "ae"), r"image values must be in \[-1, 1\]"),
    "image nan": (lambda z: z.reconstruct(torch.full((1, 1, 28, 28), float("nan")), "ae"), "image contains NaN"),
    "image dtype": (lambda z: z.reconstruct(IMG.long(), "ae"), "image must be a float"),
    "sigma high": (lambda z: z.denoise(IMG, 1.5, "median", 0), "noise_sigma"),
    "sigma negative": (lambda z: z.denoise(IMG, -0.1, "median", 0), "noise_sigma"),
    "sigma nan": (lambda z: z.denoise(IMG, float("nan"), "median", 0), "noise_sigma"),
    "sigma str": (lambda z: z.denoise(IMG, "0.3", "median", 0), "noise_sigma"),
    "denoise method": (lambda z: z.denoise(IMG, 0.1, "gaussian", 0), "method"),
    "seed negative": (lambda z: z.denoise(IMG, 0.1, "median", -1), "seed"),
    "seed huge": (lambda z: z.denoise(IMG, 0.1, "median", 2**31), "seed"),
    "seed fraction": (lambda z: z.denoise(IMG, 0.1, "median", 1.5), "seed"),
    "seed bool": (lambda z: z.denoise(IMG, 0.1, "median", True), "seed"),
    "seed none": (lambda z: z.denoise(IMG, 0.1, "median", None), "seed"),
    "denoise class": (lambda z: z.denoise(IMG, 0.1, "median", 0, class_name="Sock"), "class_name"),
    "n zero": (lambda z: z.vae_sample(0, 0, 1.0), r"n must be an integer in \[1, 64\], got 0$"),
    "n huge": (lambda z: z.vae_sample(10**6, 0, 1.0), r"n must be an integer in \[1, 64\], got 1000000$"),
    "temperature": (lambda z: z.vae_sample(4, 0, 2.5), "temperature"),
    "temperature inf": (lambda z: z.vae_sample(4, 0, float("inf")), "temperature"),
    "vae model": (lambda z: z.vae_sample(4, 0, 1.0, model="ae"), "model"),
    "gan variant": (lambda z: z.gan_sample(4, 0, "stylegan", 1.0), "variant"),
    "truncation": (lambda z: z.gan_sample(4, 0, "dcgan", -1.0), "truncation"),
    "walk steps": (lambda z: z.gan_walk(0, 1, 1, "dcgan"), "steps"),
    "walk seed": (lambda z: z.gan_walk(-5, 1, 4, "dcgan"), "seed_a"),
    "class": (lambda z: z.diffusion_sample("cat", 1.0, "DDIM", 2, 0.0, 1, 0), "class_name"),
    "guidance": (lambda z: z.diffusion_sample("Bag", 11.0, "DDIM", 2, 0.0, 1, 0), "guidance_scale"),
    "sampler": (lambda z: z.diffusion_sample("Bag", 1.0, "euler", 2, 0.0, 1, 0), "sampler"),
    "steps zero": (
        lambda z: z.diffusion_sample("Bag", 1.0, "DDIM", 0, 0.0, 1, 0),
        r"steps must be an integer in \[1, 1000\], got 0$",
    ),
    "steps huge": (lambda z: z.diffusion_sample("Bag", 1.0, "DDIM", 10**9, 0.0, 1, 0), "steps"),
    "eta": (lambda z: z.diffusion_sample("Bag", 1.0, "DDIM", 2, 1.5, 1, 0), "eta"),
    "diffusion n": (
        lambda z: z.diffusion_sample("Bag", 1.0, "DDIM", 2, 0.0, 65, 0),
        r"n must be an integer in \[1, 64\], got 65$",
    ),
    "callback": (lambda z: z.diffusion_sample("Bag", 1.0, "DDIM", 2, 0.0, 1, 0, callback=3), "callback"),
    "interpolate steps": (
        lambda z: z.interpolate(IMG, IMG, "ae", 17, "linear"),
        r"steps must be an integer in \[2, 16\], got 17$",
    ),
    "interpolate mode": (lambda z: z.interpolate(IMG, IMG, "ae", 4, "cubic"), "mode"),
    "interpolate image_b": (lambda z: z.interpolate(IMG, "x", "ae", 4, "linear"), "image_b"),
    "anomaly method": (lambda z: z.anomaly(IMG, "gan"), "method"),
    "t high": (lambda z: z.forward_noise(IMG, 1000), r"t must be an integer in \[0, 999\], got 1000$"),
    "t nan": (lambda z: z.forward_noise(IMG, float("nan")), r"t must be an integer in \[0, 999\], got nan$"),
    "z1": (lambda z: z.decode_latent(float("nan"), 0.0), "z1"),
    "z2": (lambda z: z.decode_latent(0.0, 11.0), "z2"),
    "histogram images": (lambda z: z.class_histogram([1, 2]), "images"),
    "neighbours k": (lambda z: z.nearest_training_images(IMG, k=17), r"k must be an integer in \[1, 16\], got 17$"),
    "neighbours image": (lambda z: z.nearest_training_images(IMG[0, 0]), "image must have shape"),
}


def test_nearest_training_images_finds_an_indexed_image_at_distance_zero(zoo):
    """On the random test index (tests/support/app_server.py): image 5 of it finds itself first, in features and in
    pixels, then others farther; the images returned are the index's."""
    index = zoo.training_index()
    found = zoo.nearest_training_images(images.from_uint8(index.pixels[[5]].numpy()), k=4)
    for space in ("features", "pixels"):
        assert found[space]["indices"][0, 0] == 5 and found[space]["distances"][0, 0] == 0
        assert (found[space]["distances"][0].diff() >= 0).all() and found[space]["distances"][0, 1] > 0
        neighbours = index.pixels[found[space]["indices"][0]].numpy()
        assert torch.equal(found[space]["images"][0], images.from_uint8(neighbours))
        assert torch.equal(found[space]["labels"][0], index.labels[found[space]["indices"][0]].long())


@pytest.mark.parametrize("case", BAD_CALLS)
def test_bad_arguments_raise_value_error_naming_them(zoo, case):
    call, message = BAD_CALLS[case]
    with pytest.raises(ValueError, match=message):
        call(zoo)


def test_integral_floats_are_accepted_as_integers(zoo):
    assert torch.equal(zoo.vae_sample(2.0, 4.0, 1), zoo.vae_sample(2, 4, 1.0))


def test_concurrent_same_seed_calls_give_identical_results(zoo, image):
    jobs = {
        "vae": lambda: zoo.vae_sample(8, 21, 1.0),
        "gan": lambda: zoo.gan_sample(8, 21, "wgan-gp", 1.0),
        "denoise": lambda: zoo.denoise(image, 0.4, "dae", 21)["denoised"],
        "diffusion": lambda: zoo.diffusion_sample("Coat", 2.0, "DDPM", 2, 0.0, 2, 21)["images"],
    }
    serial = {name: job() for name, job in jobs.items()}
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [(name, pool.submit(job)) for _ in range(4) for name, job in jobs.items()]
        for name, future in futures:
            assert torch.equal(future.result(), serial[name]), name


# ---------------------------------------------------------------------------------------------------------
# the shipped weights


@pytest.mark.quality
@pytest.mark.skipif(not (REPO / "weights" / "ae" / "model.safetensors").is_file(), reason="weights/ae not trained yet")
@pytest.mark.skipif(not FIXTURES.is_file(), reason="tests/fixtures/fashion_test_1000.npz not created yet")
def test_shipped_ae_reconstructs_test_images_above_20_db():
    with np.load(FIXTURES) as data:
        arrays = data["images"] if "images" in data.files else data[data.files[0]]
    zoo = Zoo(REPO / "weights", device="cpu")
    x = images.from_uint8(arrays[:50])
    values = [zoo.reconstruct(x[i : i + 1], "ae")["psnr"] for i in range(len(x))]
    assert np.mean(values) > 20.0, values
