"""genmodels.registry: adding a model is one registry entry, every name has one spelling, every public alias
resolves; and loading the zoo prints one line per phase, not one per weight file."""

from __future__ import annotations

import logging
import re

import pytest
import torch

from genmodels import registry
from genmodels.measure import evaluate
from genmodels.measure.quality.settings import measured_models
from genmodels.measure.speed.endpoints import endpoint_calls
from genmodels.models import AutoEncoder
from genmodels.registry import ModelSpec
from genmodels.training import loop as train
from genmodels.training.recipes import MODELS, AutoEncoderRecipe, Defaults
from genmodels.ui.names import family, family_name, has_name, model_name
from genmodels.zoo import MODEL_FOLDERS, Zoo, gan_variants, reconstruction_models
from genmodels.zoo.loading import HUB_LOAD_MESSAGE, quiet_hub_loads

torch.set_num_threads(1)

TINY = dict(latent_dim=4, channels=(4, 8))  # the network's config; the recipe's options below train the same shape
OPTIONS = {"latent_dim": 4, "noise_max": 0.0, "l1": 0.0, "latent_activation": "none"}


@pytest.fixture
def tiny_ae():
    """A model that exists only in this test: registered for the test, removed after it."""
    spec = registry.register(
        ModelSpec(
            "tiny_ae",
            "AE",
            AutoEncoder,
            ("tiny AE", "작은 AE"),
            ("reconstruct", "reconstruct_endpoint", "evaluate"),
            AutoEncoderRecipe,
            Defaults(epochs=3, lr=5e-4, options=OPTIONS),
        )
    )
    yield spec
    registry.unregister("tiny_ae")
    assert "tiny_ae" not in registry.names()


@pytest.fixture
def tiny_weights(tmp_path):
    """A weights folder with the tiny AE and the plain AE trained (randomly initialised), nothing else."""
    torch.manual_seed(0)
    AutoEncoder(**TINY).save_pretrained(tmp_path / "tiny_ae")
    AutoEncoder(**TINY).save_pretrained(tmp_path / "ae")
    return tmp_path


# ---------------------------------------------------------------------------------------------------------
# adding a model is one registry entry


def test_a_registered_model_is_loaded_and_served_by_the_zoo(tiny_ae, tiny_weights):
    assert MODEL_FOLDERS["tiny_ae"] == ("tiny_ae", AutoEncoder) and list(MODEL_FOLDERS)[-1] == "tiny_ae"
    assert "tiny_ae" in reconstruction_models()
    zoo = Zoo(tiny_weights, device="cpu")
    assert set(zoo.available) == {"ae", "tiny_ae"}
    assert "tiny_ae" not in zoo.missing and "vae" in zoo.missing
    out = zoo.reconstruct(-torch.ones(1, 1, 28, 28), "tiny_ae")
    assert out["reconstruction"].shape == (1, 1, 28, 28) and out["latent"].shape == (4,)


def test_a_registered_model_is_a_choice_of_train(tiny_ae, capsys):
    with pytest.raises(SystemExit):
        train.parse_args(["--help"])
    groups = re.findall(r"\{([a-z0-9_,]+)\}", capsys.readouterr().out)
    choices = next(group for group in groups if "classifier" in group).split(",")
    assert "tiny_ae" in choices and choices == sorted(MODELS)
    args = train.parse_args(["tiny_ae", "--epochs", "2"])
    options = train.resolve_options(args)
    assert (options["epochs"], options["lr"], options["latent_dim"]) == (2, 5e-4, 4)
    assert MODELS["tiny_ae"] == (AutoEncoderRecipe, tiny_ae.defaults)


def test_train_all_runs_every_trainable_model_in_order_classifier_first(tiny_ae, monkeypatch):
    runs = []
    monkeypatch.setattr(train, "main", lambda argv: runs.append(argv))
    train.train_all(["--all", "--threads", "1"])
    assert [argv[0] for argv in runs] == list(MODELS) == [spec.name for spec in registry.trainable()]
    assert runs[0] == ["classifier", "--threads", "1"] and runs[-1] == ["tiny_ae", "--threads", "1"]
    assert (
        "diffusion" in MODELS and "transfer_scratch" not in MODELS
    )  # trained by python -m genmodels.training.transfer


def test_train_refuses_a_model_and_all_together_or_neither(capsys):
    for argv in ([], ["ae", "--all"], ["--all", "--out", "somewhere"]):
        with pytest.raises(SystemExit):
            train.parse_args(argv)
    assert "--all" in capsys.readouterr().err


def test_a_registered_model_is_measured(tiny_ae, tiny_weights):
    assert measured_models()[-1] == "tiny_ae"
    _, args, _ = evaluate.parse_args(["--models", "tiny_ae", "ae", "--quick"])
    assert args.models == ["tiny_ae", "ae"]
    calls = endpoint_calls(Zoo(tiny_weights, device="cpu"), torch.zeros(16, 1, 28, 28))
    assert [variant for endpoint, variant, *_ in calls if endpoint == "/reconstruct"] == ["ae", "tiny_ae"]


def test_a_registered_model_has_its_names_in_the_ui(tiny_ae):
    assert (model_name("tiny_ae"), model_name("tiny_ae", "ko")) == ("tiny AE", "작은 AE")
    assert has_name("tiny_ae") and family("tiny_ae") == "AE" and family_name("tiny_ae", "ko") == "오토인코더"


def test_without_the_entry_the_model_is_unknown_everywhere():
    assert "tiny_ae" not in MODEL_FOLDERS and "tiny_ae" not in MODELS and "tiny_ae" not in measured_models()
    assert not has_name("tiny_ae") and model_name("tiny_ae") == "tiny ae" and family("tiny_ae") == ""
    with pytest.raises(SystemExit):
        train.parse_args(["tiny_ae"])


# ---------------------------------------------------------------------------------------------------------
# one spelling per name, and the public API's spellings


def test_every_name_has_one_spelling():
    names = registry.names()
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", name) for name in names), names
    assert len({name.replace("_", "") for name in names}) == len(names)  # no "wgan_gp" beside a "wgangp"
    for spec in registry.specs():
        # an alias is only the API's hyphenated spelling of the same name
        # a GAN's alias is its name with dashes; the blind denoiser's is the /denoise method that selects it
        assert spec.api_alias in ("", spec.name.replace("_", "-")) or spec.tasks == ("denoise", "evaluate"), spec
    with pytest.raises(KeyError, match="unknown model 'wgan-gp'"):
        registry.get("wgan-gp")  # inside genmodels a model has its one name


def test_every_public_alias_resolves():
    assert {spec.api_alias: spec.name for spec in registry.specs() if spec.api_alias} == {
        "wgan-gp": "wgan_gp",
        "sn-gan": "sn_gan",
        "blind": "blind_denoiser",
    }
    for alias, name in (("wgan-gp", "wgan_gp"), ("sn-gan", "sn_gan"), ("dcgan", "dcgan"), ("wgan_gp", "wgan_gp")):
        assert registry.resolve(alias).name == name
    # gan_sample's variants exactly as before the registry: the API's spellings, then the names
    assert list(gan_variants()) == ["dcgan", "wgan-gp", "sn-gan", "wgan_gp", "sn_gan"]
    assert gan_variants()["wgan-gp"] == "wgan_gp"


def test_a_taken_name_or_alias_is_refused():
    with pytest.raises(ValueError, match="'wgan_gp' is registered already"):
        registry.register(ModelSpec("wgan_gp", "GAN", None))
    with pytest.raises(ValueError, match="'sn-gan' is registered already"):
        registry.register(ModelSpec("other_gan", "GAN", None, api_alias="sn-gan"))
    with pytest.raises(ValueError, match="unknown tasks"):
        ModelSpec("new_gan", "GAN", None, tasks=("sampel",))
    assert "other_gan" not in registry.names()


def test_the_shipped_lists_are_what_they_were():
    vaes = ("vae", "beta_vae", "vae2d", "vae_gaussian", "vae_sigma", "vae_logistic", "vae_2stage", "vae_mixture")
    assert registry.names(task="reconstruct") == ("ae", "dae", "sparse_ae", "deep_ae", *vaes)
    assert registry.names(task="reconstruct_endpoint") == ("ae", "dae", "sparse_ae", "deep_ae", "vae")
    assert registry.names(task="vae_sample") == vaes
    assert registry.names(family="GAN") == ("dcgan", "wgan_gp", "sn_gan")
    assert measured_models() == (
        *registry.names(task="reconstruct"),
        "dcgan",
        "wgan_gp",
        "sn_gan",
        "diffusion",
        "blind_denoiser",
    )
    assert MODEL_FOLDERS["wgan_gp"][0] == "wgan_gp/generator" and MODEL_FOLDERS["diffusion"] == ("diffusion", None)
    assert MODEL_FOLDERS["transfer_frozen_ae"][0] == "transfer/frozen_ae"


# ---------------------------------------------------------------------------------------------------------
# quiet start-up


def test_loading_the_zoo_prints_one_line_per_phase_not_one_per_weight_file(tiny_weights, capfd, caplog):
    AutoEncoder.from_pretrained(tiny_weights / "ae")
    loud = capfd.readouterr().out
    assert HUB_LOAD_MESSAGE in loud, "huggingface_hub no longer prints it: quiet_hub_loads can go"

    with caplog.at_level(logging.INFO, logger="genmodels.zoo"):
        zoo = Zoo(tiny_weights, device="cpu")
    printed = capfd.readouterr()
    assert HUB_LOAD_MESSAGE not in printed.out + printed.err
    phase = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(phase) == 1 and re.fullmatch(
        rf"loaded 1 of {len(MODEL_FOLDERS) - 1} models from {re.escape(str(tiny_weights))} in \d+\.\d\d s on cpu",
        phase[0],
    )
    assert set(zoo.available) == {"ae"}  # tiny_ae is not registered in this test


def test_quiet_hub_loads_passes_every_other_line_on(capfd):
    with quiet_hub_loads():
        print("before")
        print(HUB_LOAD_MESSAGE)
        print("after")
    assert capfd.readouterr().out == "before\nafter\n"
