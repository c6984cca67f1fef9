"""A few-batch training run of every MODEL through the real CLI, then the saved folder loads."""

import json
import math
import re

import pytest
import torch

from genmodels.models import VAE, AutoEncoder, BlindDenoiser, Discriminator, FashionClassifier, Generator
from genmodels.training import loop as train
from genmodels.training.recipes import MODELS

LOADERS = {
    "classifier": [("", FashionClassifier)],
    "ae": [("", AutoEncoder)],
    "dae": [("", AutoEncoder)],
    "sparse_ae": [("", AutoEncoder)],
    "deep_ae": [("", AutoEncoder)],
    "vae": [("", VAE)],
    "beta_vae": [("", VAE)],
    "vae2d": [("", VAE)],
    "vae_gaussian": [("", VAE)],
    "vae_sigma": [("", VAE)],
    "vae_logistic": [("", VAE)],
    "dcgan": [("generator", Generator), ("discriminator", Discriminator)],
    "wgan_gp": [("generator", Generator), ("discriminator", Discriminator)],
    "sn_gan": [("generator", Generator), ("discriminator", Discriminator)],
    "blind_denoiser": [("", BlindDenoiser)],
}


@pytest.fixture(autouse=True)
def one_thread():
    torch.set_num_threads(1)


def smoke(model, out, *extra):
    options = ["--option", "eval_per_class=1"] if model == "diffusion" else []
    train.main(
        [
            model,
            "--out",
            str(out),
            "--limit",
            "64",
            "--test-limit",
            "200",
            "--batch-size",
            "32",
            "--epochs",
            "1",
            "--device",
            "cpu",
            *options,
            *extra,
        ]
    )


@pytest.mark.parametrize("model", sorted(LOADERS))
def test_smoke_run_writes_the_folder_the_app_loads(model, tmp_path):
    smoke(model, tmp_path)
    for sub, cls in LOADERS[model]:
        cls.from_pretrained(tmp_path / sub)  # strict: every key matches
    log = [json.loads(line) for line in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    assert log[-1]["epoch"] == 1 and log[-1]["step"] == 2
    assert all(v == v for v in log[-1].values() if isinstance(v, float))  # no NaN losses
    card = (tmp_path / "README.md").read_text()
    assert "python -m genmodels.train" in card and "wall time" in card
    assert (tmp_path / "samples" / "epoch_001.png").is_file()


def test_a_resume_that_only_exports_measures_in_eval_mode(tmp_path):
    """No epoch runs, so the card's figures come from the loaded weights in eval mode: the same as the last epoch's
    (batch norm in training mode would measure with each batch's own statistics instead)."""
    smoke("blind_denoiser", tmp_path)
    last_epoch = json.loads((tmp_path / "metrics.jsonl").read_text().splitlines()[-1])
    smoke("blind_denoiser", tmp_path, "--resume")
    card = (tmp_path / "README.md").read_text()
    card_psnr = float(re.search(r"\| test_psnr_clean_input \| ([\d.]+) \|", card)[1])
    assert card_psnr == pytest.approx(last_epoch["test_psnr_clean_input"], abs=1e-4)


def test_retraining_keeps_what_a_person_wrote_in_the_model_card(tmp_path):
    smoke("ae", tmp_path)
    card = tmp_path / "README.md"
    first = card.read_text()
    assert first.count(train.CARD_MARKERS[0]) == 1 and first.count(train.CARD_MARKERS[1]) == 1
    card.write_text(first.replace("# genmodels `ae`", "# genmodels `ae`\n\nIntro by hand.") + "\n## Notes\nKept.\n")
    smoke("ae", tmp_path, "--resume", "--epochs", "2")
    second = card.read_text()
    assert "Intro by hand." in second and second.rstrip().endswith("## Notes\nKept.")
    assert "| epochs | 2 |" in second and "| epochs | 1 |" not in second
    assert second.count(train.CARD_MARKERS[0]) == 1


def test_diffusion_smoke_run_and_resume(tmp_path):
    from diffusers import UNet2DModel

    smoke("diffusion", tmp_path, "--max-steps", "1")
    assert json.loads((tmp_path / "trainer_state.json").read_text())["step"] == 1
    UNet2DModel.from_pretrained(tmp_path, subfolder="unet")
    # resume continues from the checkpoint mid-epoch: the 2-step epoch's second step, rather than step 0
    smoke("diffusion", tmp_path, "--resume")
    state = json.loads((tmp_path / "trainer_state.json").read_text())
    assert (state["step"], state["epoch"]) == (2, 1)


@pytest.mark.parametrize("model", ["vae", "wgan_gp"])
def test_resume_without_a_checkpoint_warm_starts_from_the_shipped_weights(model, tmp_path):
    """A new machine has only the committed weights: --resume must start from them (every network of the
    model, the GAN's discriminator too), not from a fresh initialisation."""
    import shutil

    smoke(model, tmp_path, "--max-steps", "1")
    shutil.rmtree(tmp_path / "checkpoints")
    shipped = {sub: cls.from_pretrained(tmp_path / sub).state_dict() for sub, cls in LOADERS[model]}
    recipe_cls, defaults = MODELS[model]
    recipe = recipe_cls(model, {**defaults.options, "lr": defaults.lr, "epochs": 1, "steps_per_epoch": 2})
    recipe.prepare(__import__("accelerate").Accelerator(cpu=True))
    assert recipe.has_shipped_weights(tmp_path)
    recipe.warm_start(tmp_path, step=1)
    for (sub, _), name in zip(LOADERS[model], recipe.weight_folders):
        loaded = recipe.unwrap(name).state_dict()
        assert all(torch.equal(loaded[k], shipped[sub][k]) for k in shipped[sub]), (model, name)
    # and through the CLI: the step count goes on from the shipped trainer state
    smoke(model, tmp_path, "--resume", "--max-steps", "2")
    assert list(tmp_path.glob("checkpoints/checkpoint_*/trainer_state.json"))  # a full checkpoint exists again
    assert json.loads((tmp_path / "trainer_state.json").read_text())["step"] == 2


def test_gan_losses_are_checked():
    from genmodels.training.recipes import GANRecipe

    with pytest.raises(ValueError, match="loss must be one of"):
        GANRecipe("dcgan", {**MODELS["dcgan"][1].options, "loss": "lsgan", "lr": 1e-4})


def test_same_seed_same_weights(tmp_path):
    smoke("ae", tmp_path / "a", "--seed", "3")
    smoke("ae", tmp_path / "b", "--seed", "3")
    a = AutoEncoder.from_pretrained(tmp_path / "a").state_dict()
    b = AutoEncoder.from_pretrained(tmp_path / "b").state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_every_model_has_a_recipe():
    assert set(MODELS) == set(LOADERS) | {"diffusion"}


def test_unknown_option_is_refused(tmp_path):
    with pytest.raises(SystemExit, match="latent_dim"):
        train.main(["ae", "--out", str(tmp_path), "--option", "bogus=1"])


def test_diffusion_learning_rate_warms_up_then_follows_the_schedule():
    from genmodels.training.recipes import DiffusionRecipe

    options = {**MODELS["diffusion"][1].options, "lr": 1e-3, "warmup_steps": 10, "epochs": 2, "steps_per_epoch": 50}
    recipe = DiffusionRecipe("diffusion", options)
    rates = {}
    for step in (0, 9, 50, 100, 200):
        recipe.step = step
        rates[step] = recipe.learning_rate()
    assert rates[0] == pytest.approx(1e-4) and rates[9] == pytest.approx(1e-3 * 0.5 * (1 + math.cos(math.pi * 0.09)))
    assert rates[50] == pytest.approx(0.5e-3)  # half-way through --epochs: half the peak
    assert rates[100] == rates[200] == 0.0  # the end of --epochs, and a run past it
    recipe.options["lr_schedule"] = "constant"
    recipe.step = 100
    assert recipe.learning_rate() == 1e-3
    recipe.options["lr_schedule"] = "linear"
    with pytest.raises(ValueError, match="lr_schedule"):
        recipe.learning_rate()


def test_a_gan_ships_the_moving_average_of_its_generator():
    """Each generator update moves the average by (1 - ema_decay) towards the new weights, and the exported
    generator has those weights with batch-norm statistics measured on latents (not the raw generator's)."""
    from accelerate import Accelerator

    from genmodels.training.recipes import GANRecipe

    torch.manual_seed(0)
    recipe = GANRecipe("dcgan", {**MODELS["dcgan"][1].options, "lr": 2e-4, "ema_decay": 0.5})
    recipe.prepare(Accelerator(cpu=True))
    images, labels = torch.rand(8, 1, 28, 28) * 2 - 1, torch.zeros(8, dtype=torch.long)
    expected = None
    for _ in range(3):
        recipe.training_step(images, labels)
        recipe.step += 1
        weights = {k: v.detach().clone() for k, v in recipe.unwrap("generator").named_parameters()}
        expected = weights if expected is None else {k: 0.5 * expected[k] + 0.5 * weights[k] for k in weights}
    averaged = recipe.averaged()
    for name, parameter in averaged.named_parameters():
        assert torch.allclose(parameter, expected[name], atol=1e-6), name
        assert not torch.equal(parameter, weights[name]), name  # the last update's raw weights are not shipped
    raw_bn, averaged_bn = recipe.unwrap("generator").net[1], averaged.net[1]
    assert not averaged.training and not torch.allclose(averaged_bn.running_var, raw_bn.running_var)
    assert torch.equal(recipe.averaged().net[1].running_mean, averaged_bn.running_mean)  # seeded latents
    recipe.ema_decay = 0.0
    assert recipe.averaged() is recipe.unwrap("generator")
