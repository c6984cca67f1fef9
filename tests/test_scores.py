"""genmodels.scores: the anomaly scores on tiny random models, checked against their definitions."""

from __future__ import annotations

import pytest
import torch
from diffusers import DDPMScheduler

from genmodels import images
from genmodels.models import VAE, AutoEncoder
from genmodels.models.unet import NULL_CLASS, build_unet
from genmodels.scores import ANOMALY_SEED, ANOMALY_TIMESTEPS, denoising_error, negative_elbo, reconstruction_error

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def x() -> torch.Tensor:
    return images.from_unit(torch.rand(3, 1, 28, 28, generator=torch.Generator().manual_seed(0)))


@pytest.fixture(scope="module")
def unet():
    torch.manual_seed(0)
    return build_unet(block_out_channels=(8, 16, 16), norm_num_groups=4, attention_head_dim=8).eval()


def test_reconstruction_error_is_the_pixel_mse(x):
    torch.manual_seed(0)
    ae = AutoEncoder(latent_dim=8, channels=(4, 8)).eval()
    with torch.no_grad():
        expected = ((ae.reconstruct(x) - x) / 2).pow(2).flatten(1).mean(1)
        assert torch.allclose(reconstruction_error(ae, x), expected, atol=1e-7)


def test_negative_elbo_is_the_vae_loss_at_the_mean(x, monkeypatch):
    torch.manual_seed(0)
    vae = VAE(latent_dim=4, channels=(4, 8)).eval()
    monkeypatch.setattr(VAE, "reparameterize", staticmethod(lambda mu, logvar, generator=None: mu))
    with torch.no_grad():
        losses = torch.stack([vae(x[i : i + 1], beta=1.0)["loss"] for i in range(len(x))])
        assert torch.allclose(negative_elbo(vae, x), losses, rtol=1e-5)


@pytest.mark.parametrize("prediction_type", ["epsilon", "v_prediction"])
def test_denoising_error_follows_the_forward_process(unet, x, prediction_type):
    alphas = DDPMScheduler(num_train_timesteps=1000, beta_schedule="squaredcos_cap_v2").alphas_cumprod
    with torch.no_grad():
        scores = denoising_error(unet, alphas, x, prediction_type=prediction_type)
        # by hand, one image and one timestep at a time, with the same fixed noise
        noise = torch.randn((len(ANOMALY_TIMESTEPS), 1, 28, 28), generator=torch.Generator().manual_seed(ANOMALY_SEED))
        expected = []
        for image in x:
            errors = []
            for k, t in enumerate(ANOMALY_TIMESTEPS):
                a = alphas[t]
                x_t = a.sqrt() * image + (1 - a).sqrt() * noise[k]
                target = noise[k] if prediction_type == "epsilon" else a.sqrt() * noise[k] - (1 - a).sqrt() * image
                label = torch.tensor([NULL_CLASS])
                errors.append((unet(x_t[None], torch.tensor([t]), class_labels=label).sample[0] - target).pow(2))
            expected.append(torch.stack(errors).mean())
        assert torch.allclose(scores, torch.stack(expected), rtol=1e-4)
        alone = torch.cat(
            [denoising_error(unet, alphas, x[i : i + 1], prediction_type=prediction_type) for i in range(len(x))]
        )
        assert torch.allclose(scores, alone, rtol=1e-4)  # a score does not depend on its batch


def test_denoising_error_refuses_an_unknown_prediction_type(unet, x):
    with pytest.raises(ValueError, match="prediction_type must be 'epsilon' or 'v_prediction', got 'sample'"):
        denoising_error(unet, torch.ones(1000), x, prediction_type="sample")
