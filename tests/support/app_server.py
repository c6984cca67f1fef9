"""Helpers for the app tests: a weights folder of tiny random models with the shipped layout, and the app
(`python app.py`) started as a subprocess on a free loopback port.

    python -m tests.support.app_server /tmp/weights     # build the random weights folder by hand
"""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import torch

REPO = Path(__file__).resolve().parents[2]
WEIGHTS = REPO / "weights"
REAL_MODELS = (
    "classifier",
    "ae",
    "dae",
    "sparse_ae",
    "deep_ae",
    "vae",
    "beta_vae",
    "vae2d",
    "dcgan",
    "wgan_gp",
    "sn_gan",
    "diffusion",
)


def real_weights_complete() -> bool:
    """True when every shipped model has been trained into weights/ (value checks need trained models)."""
    needed = [
        WEIGHTS / name / "config.json"
        for name in REAL_MODELS
        if name not in ("dcgan", "wgan_gp", "sn_gan", "diffusion")
    ]
    needed += [WEIGHTS / name / "generator" / "config.json" for name in ("dcgan", "wgan_gp", "sn_gan")]
    needed += [WEIGHTS / "diffusion" / "model_index.json", WEIGHTS / "anomaly.json"]
    return all(path.is_file() for path in needed)


def write_random_training_index(root: Path, classifier, count: int = 300) -> None:
    """weights/nearest/ as genmodels.build.nearest_index writes it, over `count` random images."""
    from genmodels import images
    from genmodels.nearest import INDEX_FOLDER, write_index

    pixels = torch.randint(0, 256, (count, 28, 28), generator=torch.Generator().manual_seed(1), dtype=torch.uint8)
    with torch.inference_mode():
        features = classifier.eval().features(images.from_uint8(pixels.numpy()))
    write_index(root / INDEX_FOLDER, pixels, torch.arange(count) % 10, features, {"source": "random test images"})


def build_random_models(root: Path) -> Path:
    """Every folder the zoo loads, laid out as training writes them, with tiny randomly initialised networks
    (the one builder every test that needs a weights folder uses)."""
    from diffusers import DDPMScheduler

    from genmodels.diffusion.pipeline import FashionDiffusionPipeline
    from genmodels.gmm import GMM_FILE, fit_gaussian_mixture, save_gaussian_mixture
    from genmodels.models import (
        VAE,
        AutoEncoder,
        BlindDenoiser,
        Discriminator,
        EncoderClassifier,
        FashionClassifier,
        Generator,
        MixturePriorVAE,
        TwoStageVAE,
    )
    from genmodels.models.encoder_classifier import TRANSFER_FOLDER, TRANSFER_WAYS
    from genmodels.models.unet import build_unet

    root = Path(root)
    torch.manual_seed(0)
    small = dict(channels=(4, 8))
    classifier = FashionClassifier(channels=(4, 8), feature_dim=16)
    classifier.save_pretrained(root / "classifier")
    write_random_training_index(root, classifier)
    AutoEncoder(latent_dim=8, **small).save_pretrained(root / "ae")
    # the AE's Gaussian mixture, as genmodels.build.ae_gmm ships it (here fitted on random 8-d codes)
    codes = torch.randn(200, 8, generator=torch.Generator().manual_seed(0)).double().numpy()
    save_gaussian_mixture(fit_gaussian_mixture(codes, 2), root / "ae" / GMM_FILE, {"note": "random test codes"})
    AutoEncoder(latent_dim=8, **small).save_pretrained(root / "dae")
    AutoEncoder(latent_dim=8, latent_activation="relu", **small).save_pretrained(root / "sparse_ae")
    AutoEncoder(latent_dim=8, extra_layers=1, **small).save_pretrained(root / "deep_ae")
    VAE(latent_dim=4, **small).save_pretrained(root / "vae")
    VAE(latent_dim=4, beta=4.0, **small).save_pretrained(root / "beta_vae")
    VAE(latent_dim=2, **small).save_pretrained(root / "vae2d")
    VAE(latent_dim=4, likelihood="gaussian_fixed", fixed_sigma=0.5**0.5, **small).save_pretrained(root / "vae_gaussian")
    VAE(latent_dim=4, likelihood="gaussian", **small).save_pretrained(root / "vae_sigma")
    VAE(latent_dim=4, likelihood="logistic", **small).save_pretrained(root / "vae_logistic")
    TwoStageVAE(latent_dim=4, hidden=8, **small).save_pretrained(root / "vae_2stage")
    MixturePriorVAE(latent_dim=4, components=2, **small).save_pretrained(root / "vae_mixture")
    BlindDenoiser(channels=4, depth=3).save_pretrained(root / "blind_denoiser")
    for way in TRANSFER_WAYS:
        EncoderClassifier(encoder_outputs=8, feature_dim=4 if "vae" in way else 8, **small).save_pretrained(
            root / TRANSFER_FOLDER / way
        )
    for variant, batch_norm, spectral_norm in (
        ("dcgan", True, False),
        ("wgan_gp", False, False),
        ("sn_gan", False, True),
    ):
        Generator(latent_dim=8, channels=4).save_pretrained(root / variant / "generator")
        Discriminator(channels=4, batch_norm=batch_norm, spectral_norm=spectral_norm).save_pretrained(
            root / variant / "discriminator"
        )
    unet = build_unet(block_out_channels=(8, 16, 16), norm_num_groups=4, attention_head_dim=8)
    scheduler = DDPMScheduler(num_train_timesteps=1000, beta_schedule="squaredcos_cap_v2", prediction_type="epsilon")
    pipe = FashionDiffusionPipeline(unet=unet, scheduler=scheduler)
    pipe.unet.to(torch.float16)  # shipped as fp16, loaded as fp32
    pipe.save_pretrained(root / "diffusion")
    return root


def build_random_weights(root: Path, calibrate_images: int = 40) -> Path:
    """build_random_models, plus anomaly.json calibrated on the first `calibrate_images` test images."""
    from genmodels.build import calibrate
    from genmodels.data import load
    from genmodels.models import VAE
    from genmodels.models.vae import LATENT_MAP_SIZE
    from genmodels.training.recipes.vae import write_latent_map
    from genmodels.zoo import Zoo

    root = build_random_models(root)
    x = load("test", limit=calibrate_images).tensors[0]
    map_x, map_labels = load("test", limit=LATENT_MAP_SIZE).tensors
    write_latent_map(VAE.from_pretrained(root / "vae2d"), map_x, map_labels, root / "vae2d")
    result = calibrate.calibrate(Zoo(root, device="cpu"), x, progress=False)
    calibrate.write_json_atomically(root / "anomaly.json", result)
    return root


@contextmanager
def running_app(weights: Path, workdir: Path, timeout: float = 120.0, env: dict | None = None, args=()):
    """tools.loadtest.launched_app with one torch thread (the test machine's cores are shared) and no dataset
    (GENMODELS_DATA=none: like a Space, every browser test runs an app that cannot read Fashion-MNIST)
    -> yields the URL."""
    from genmodels.data import NO_DATA
    from tools.loadtest import launched_app

    env = {"OMP_NUM_THREADS": "1", "GENMODELS_DATA": NO_DATA, **(env or {})}
    with launched_app(weights, workdir, timeout, env, args) as (url, _pid):
        yield url


_shared = {}


def shared_app() -> dict:
    """One app for every test module of this pytest process: started on first use, stopped at exit.
    Serves weights/ when every shipped model is trained (then value checks can run), else a folder of tiny
    random models built here. -> dict(url, weights, real)."""
    if not _shared:
        workdir = Path(tempfile.mkdtemp(prefix="genmodels-app-"))
        real = real_weights_complete()
        weights = WEIGHTS if real else build_random_weights(workdir / "weights")
        context = running_app(weights, workdir)
        url = context.__enter__()
        _shared.update(url=url, weights=weights, real=real, workdir=workdir)

        def stop():
            context.__exit__(None, None, None)
            shutil.rmtree(workdir, ignore_errors=True)

        atexit.register(stop)
    return _shared


if __name__ == "__main__":
    print(build_random_weights(Path(sys.argv[1])))
