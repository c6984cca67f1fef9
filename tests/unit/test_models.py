"""Save/load round trips (strict keys), determinism and shapes of every network."""

import json

import pytest
import torch

from genmodels.models import (
    VAE,
    AutoEncoder,
    Discriminator,
    FashionClassifier,
    Generator,
    MixturePriorVAE,
    TwoStageVAE,
)
from genmodels.models.vae import discretised_logistic_nll

MODELS = {
    "ae": lambda: AutoEncoder(latent_dim=8),
    "sparse_ae": lambda: AutoEncoder(latent_dim=8, latent_activation="relu"),
    "deep_ae": lambda: AutoEncoder(latent_dim=8, extra_layers=1),
    "vae": lambda: VAE(latent_dim=4, beta=4.0),
    "gaussian_vae": lambda: VAE(latent_dim=4, likelihood="gaussian"),
    "logistic_vae": lambda: VAE(latent_dim=4, likelihood="logistic"),
    "two_stage_vae": lambda: TwoStageVAE(latent_dim=4, hidden=8),
    "mixture_prior_vae": lambda: MixturePriorVAE(latent_dim=4, components=3),
    "generator": lambda: Generator(latent_dim=16, channels=8),
    "discriminator": lambda: Discriminator(channels=8, batch_norm=False, spectral_norm=True),
    "classifier": lambda: FashionClassifier(),
}


def output(model, x):
    if isinstance(model, Generator):
        return model(torch.randn(2, model.latent_dim, generator=torch.Generator().manual_seed(0)))
    if isinstance(model, (AutoEncoder, VAE)):
        return model.reconstruct(x)
    return model(x)


@pytest.mark.parametrize("name", MODELS)
def test_save_load_round_trip_is_exact(name, tmp_path):
    torch.manual_seed(0)
    model = MODELS[name]().eval()
    model.save_pretrained(tmp_path)
    assert (tmp_path / "model.safetensors").is_file()
    config = json.loads((tmp_path / "config.json").read_text())
    loaded = type(model).from_pretrained(tmp_path).eval()
    x = torch.rand(2, 1, 28, 28) * 2 - 1
    with torch.no_grad():
        assert torch.equal(output(model, x), output(loaded, x))
    # the config captured from __init__ rebuilds the same architecture
    assert type(model)(**config).state_dict().keys() == model.state_dict().keys()


@pytest.mark.parametrize("name", ["ae", "vae", "classifier"])
def test_renamed_key_fails_to_load(name, tmp_path):
    from safetensors.torch import load_file, save_file

    MODELS[name]().save_pretrained(tmp_path)
    weights = load_file(tmp_path / "model.safetensors")
    key = next(iter(weights))
    weights["renamed." + key] = weights.pop(key)
    save_file(weights, tmp_path / "model.safetensors")
    with pytest.raises(RuntimeError, match="renamed"):
        type(MODELS[name]()).from_pretrained(tmp_path)


def test_shapes_and_ranges():
    x = torch.rand(3, 1, 28, 28) * 2 - 1
    ae = AutoEncoder(latent_dim=8)
    recon, z = ae(x)
    assert recon.shape == x.shape and z.shape == (3, 8) and recon.abs().max() <= 1
    vae = VAE(latent_dim=4)
    terms = vae(x)
    assert terms["kl_per_dim"].shape == (4,) and terms["loss"].ndim == 0
    assert vae.sample(5, generator=torch.Generator().manual_seed(0)).shape == (5, 1, 28, 28)
    g = Generator(latent_dim=16, channels=8).eval()
    assert g.sample(4, generator=torch.Generator().manual_seed(0)).shape == (4, 1, 28, 28)
    assert Discriminator(channels=8)(x).shape == (3,)
    assert FashionClassifier()(x).shape == (3, 10) and FashionClassifier().features(x).shape == (3, 128)


def test_same_seed_same_samples():
    torch.manual_seed(0)
    vae, g = VAE(latent_dim=4).eval(), Generator(latent_dim=16, channels=8).eval()
    for model in (vae, g):
        a = model.sample(3, generator=torch.Generator().manual_seed(7))
        b = model.sample(3, generator=torch.Generator().manual_seed(7))
        c = model.sample(3, generator=torch.Generator().manual_seed(8))
        assert torch.equal(a, b) and not torch.equal(a, c)


def test_vae_kl_is_zero_at_the_prior():
    """KL(N(0,1) || N(0,1)) = 0: checks the closed form, dimension by dimension."""
    vae = VAE(latent_dim=4)
    with torch.no_grad():
        last = vae.encoder[-1]
        last.weight.zero_()
        last.bias.zero_()
    terms = vae(torch.zeros(2, 1, 28, 28))
    assert torch.allclose(terms["kl_per_dim"], torch.zeros(4), atol=1e-6)


def test_vae_likelihoods_are_the_closed_forms():
    """Bernoulli: -log p = BCE of the sigmoid mean; Gaussian: 784 pixels of N(mean, σ²) with the learned σ."""
    x = torch.linspace(-1, 1, 784).view(1, 1, 28, 28)
    logits = torch.zeros(1, 1, 28, 28)  # every mean is 0.5
    target = (x + 1) / 2
    bernoulli = VAE(latent_dim=4).reconstruction_nll(logits, x)
    expected = -(target * torch.log(torch.tensor(0.5)) + (1 - target) * torch.log(torch.tensor(0.5))).sum()
    assert torch.allclose(bernoulli, expected.view(1))  # = 784 ln 2 whatever x is
    gaussian = VAE(latent_dim=4, likelihood="gaussian")
    sigma = gaussian.log_sigma.exp()
    normal = torch.distributions.Normal(torch.tensor(0.5), sigma)
    assert torch.allclose(gaussian.reconstruction_nll(logits, x), -normal.log_prob(target).sum().view(1), rtol=1e-5)
    fixed = VAE(latent_dim=4, likelihood="gaussian_fixed", fixed_sigma=0.5**0.5)
    squared_error = (0.5 - target).pow(2).sum()  # σ² = ½: the summed squared error plus a constant
    assert torch.allclose(
        fixed.reconstruction_nll(logits, x), squared_error + 784 * 0.5 * torch.log(torch.tensor(torch.pi))
    )
    with pytest.raises(ValueError, match="likelihood must be one of"):
        VAE(latent_dim=4, likelihood="laplace")


# the most likely level is the mean's, except where the end bin's tail outweighs it (a wide logistic near white)
@pytest.mark.parametrize("mean, scale, mode", [(0.31, 0.05, 79), (0.0, 0.01, 0), (0.99, 0.3, 255), (0.6, 1 / 255, 153)])
def test_discretised_logistic_is_a_distribution_over_256_grey_levels(mean, scale, mode):
    levels = torch.arange(256) / 255
    nll = discretised_logistic_nll(levels, torch.full_like(levels, mean), torch.tensor(scale).log())
    assert torch.exp(-nll).sum().item() == pytest.approx(1.0, abs=1e-5)
    assert nll.argmin().item() == mode


def test_bits_per_dimension():
    """A uniform distribution over the 256 levels is 8 bits a pixel; the Bernoulli has no such figure."""
    assert VAE(likelihood="logistic").bits_per_dim(784 * torch.log(torch.tensor(256.0)).item()) == pytest.approx(8)
    assert VAE(likelihood="gaussian").bits_per_dim(0.0) == pytest.approx(8)  # density 1 on [0, 1]: the bin's 1/256
    assert VAE().bits_per_dim(100.0) is None


def test_a_decoder_sample_is_its_mean_plus_pixel_noise():
    """Bernoulli draws are black or white; a Gaussian's are the mean plus independent noise of its σ."""
    z = torch.randn(64, 4, generator=torch.Generator().manual_seed(0))
    bernoulli = VAE(latent_dim=4)
    draw = bernoulli.pixel_sample(bernoulli.decode_logits(z), torch.Generator().manual_seed(1))
    assert set(draw.unique().tolist()) == {-1.0, 1.0}
    gaussian = VAE(latent_dim=4, likelihood="gaussian_fixed", fixed_sigma=0.01)
    logits = gaussian.decode_logits(z)
    noise = (gaussian.pixel_sample(logits, torch.Generator().manual_seed(1)) - gaussian.decode(z).detach()) / 2
    assert noise.std().item() == pytest.approx(0.01, rel=0.05)


def test_two_stage_vae_samples_through_its_second_stage():
    """Same first stage, same prior draws: the 2-stage VAE decodes the second stage's codes, not the draws."""
    torch.manual_seed(0)
    model = TwoStageVAE(latent_dim=4, hidden=8)
    u = torch.randn(3, 4)
    assert torch.equal(model.latent_from_prior(u), model.second_stage.decoder(u))
    plain = VAE(latent_dim=4, likelihood="gaussian")
    plain.load_state_dict({k: v for k, v in model.state_dict().items() if not k.startswith("second_stage.")})
    assert torch.equal(VAE.latent_from_prior(plain, u), u)
    assert not torch.allclose(
        model.sample(3, torch.Generator().manual_seed(0)), plain.sample(3, torch.Generator().manual_seed(0))
    )


def test_truncation_scales_latents():
    g = Generator(latent_dim=16, channels=8)
    z1 = g.sample_latents(4, torch.Generator().manual_seed(0), truncation=1.0)
    z05 = g.sample_latents(4, torch.Generator().manual_seed(0), truncation=0.5)
    assert torch.allclose(z05, 0.5 * z1)


def test_a_mixture_prior_draws_each_code_from_one_of_its_components():
    model = MixturePriorVAE(latent_dim=2, components=2)
    model.prior_weights.copy_(torch.tensor([0.25, 0.75]))
    model.prior_means.copy_(torch.tensor([[-10.0, 0.0], [10.0, 0.0]]))
    model.prior_scale_tril.mul_(0.1)
    z = model.sample_prior(4000, torch.Generator().manual_seed(0))
    assert torch.equal(z, model.sample_prior(4000, torch.Generator().manual_seed(0)))  # the seed decides
    assert (z[:, 0] > 0).float().mean().item() == pytest.approx(0.75, abs=0.03)
    assert z[:, 1].std().item() == pytest.approx(0.1, rel=0.1)
    assert model.sample_prior(10, temperature=0.0)[:, 1].abs().max().item() == 0.0  # T = 0: the means
