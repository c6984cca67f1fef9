"""The Training tab and what it shows: the shipped training logs read in one unit, the overfitting study's
curves, the tab's frames, and the training options that made the study (--limit, --augment, --weight-decay,
--sample-every)."""

import json
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest
import torch
from accelerate import Accelerator

from genmodels import data, train
from genmodels.training.recipes import MODELS, AutoEncoderRecipe, ClassifierRecipe
from genmodels.ui.components.curves import CURVE_COLUMNS, OVERFIT_RUNS, curves, overfit_frame, train_mse, training_runs
from genmodels.ui.tabs.training import view as training

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"
RUNS = training_runs(WEIGHTS)
ENGLISH = SimpleNamespace(headers={"accept-language": "en"}, query_params={})


@pytest.fixture(autouse=True)
def one_thread():
    torch.set_num_threads(1)


def ae_recipe(**options) -> AutoEncoderRecipe:
    defaults = MODELS["ae"][1]
    recipe = AutoEncoderRecipe("ae", {**defaults.options, "lr": defaults.lr, **options})
    recipe.prepare(Accelerator(cpu=True))
    return recipe


# -- one unit for train and test loss ---------------------------------------------------------------------------


def test_the_ae_recipe_logs_its_training_mse_in_the_unit_of_test_mse():
    """With lr 0 the model does not move, so the logged training MSE of a batch and the evaluation's test MSE of
    the same batch are one number, if (and only if) they are in one unit."""
    x = torch.rand(16, 1, 28, 28, generator=torch.Generator().manual_seed(0)) * 2 - 1
    recipe = ae_recipe(lr=0.0)
    logged = recipe.training_step(x, None)["train_mse"]
    tested = recipe.evaluate(x, None)["test_mse"]
    assert logged == pytest.approx(tested, rel=1e-5)
    assert logged == pytest.approx(recipe.training_step(x, None)["loss"] / 4, rel=1e-5)  # the objective is on [-1, 1]


@pytest.mark.parametrize("model", ["ae", "sparse_ae"])
def test_shipped_ae_logs_read_in_one_unit(model):
    """The shipped AE logs (before the fix) carry the objective's MSE on [-1, 1]: 4x test_mse at the last epoch;
    the tab's conversion (exactly / 4) puts them level with the test MSE."""
    last = RUNS[model].records[-1]
    assert 3.5 < last["mse"] / last["test_mse"] < 4.5  # measured: 3.99 (ae), 3.89 (sparse_ae)
    assert 0.85 < train_mse(last) / last["test_mse"] < 1.15
    frame = curves(RUNS[model])["loss"]
    assert frame[frame.series == "train"].value.iloc[-1] == last["mse"] / 4


# -- the overfitting study ----------------------------------------------------------------------------------------


def study_logs():
    missing = [key for key in OVERFIT_RUNS if key not in RUNS]
    assert not missing, f"not shipped: {missing}"
    return [RUNS[key].records for key in OVERFIT_RUNS]


def test_without_regularisation_test_loss_rises_while_train_loss_falls():
    overfit, _ = study_logs()
    best = min(range(len(overfit)), key=lambda i: overfit[i]["test_mse"])
    last = overfit[-1]
    assert best < len(overfit) - 10, "the test minimum must lie well before the end"
    assert last["test_mse"] > 1.05 * overfit[best]["test_mse"]  # risen by more than 5 % from its minimum
    assert train_mse(last) < 0.75 * train_mse(overfit[best])  # and the training MSE kept falling meanwhile
    assert train_mse(last) < 0.5 * last["test_mse"]  # the gap: memorised training images


def test_regularisation_ends_below_the_overfitted_test_loss_with_train_and_test_in_one_unit():
    overfit, regularised = study_logs()
    assert regularised[-1]["test_mse"] < 0.95 * overfit[-1]["test_mse"]
    assert len(regularised) == len(overfit)  # the same epochs and the same 500 images
    # the new runs log train_mse in test_mse's unit: no factor of 4 between them
    assert 0.5 < regularised[-1]["train_mse"] / regularised[-1]["test_mse"] < 2


# -- the tab's frames ---------------------------------------------------------------------------------------------


def test_each_family_has_its_charts_with_one_row_per_epoch_and_series():
    vae, wgan, diffusion = RUNS["vae"], RUNS["wgan_gp"], RUNS["diffusion"]
    for run in RUNS.values():
        assert all(tuple(frame.columns) == CURVE_COLUMNS for frame in curves(run).values())
    frames = curves(vae)
    assert len(frames["loss"]) == 2 * len(vae.records) and set(frames["loss"].series) == {"train", "test"}
    assert len(frames["kl"]) == 16 * len(vae.records)  # 16 latent dimensions at every epoch
    assert frames["kl"].value.iloc[-1] == vae.records[-1]["kl_per_dim"][-1]
    assert len(curves(RUNS["vae2d"])["kl"]) == 2 * len(RUNS["vae2d"].records)
    critic = curves(wgan)["critic"]
    assert set(critic.series) == {"real", "generated", "W estimate"} and len(critic) == 3 * len(wgan.records)
    assert curves(RUNS["dcgan"])["critic"].series.nunique() == 2  # only WGAN-GP's critic logs the W estimate
    quality = curves(diffusion)["quality"]
    assert len(quality) == len(diffusion.records)
    assert quality.value.iloc[-1] == pytest.approx(100 * diffusion.records[-1]["class_accuracy_ddim25_w3"])
    assert curves(RUNS["ae"])["kl"].empty  # other families' charts are empty (and hidden)


def test_the_partial_epoch_of_a_run_stopped_mid_epoch_is_a_fraction():
    """The shipped AE stopped after 9 minutes, during its 6th epoch: its last line says epoch 5 again, at step
    2548 (208 steps of 468 after epoch 5's line)."""
    epochs = RUNS["ae"].epochs
    assert epochs == [1.0, 2.0, 3.0, 4.0, 5.0, round(5 + 208 / 468, 2)]
    # the VAE stopped half-way through epoch 7 (step 3041), then resumed: its later lines keep their own numbers
    assert RUNS["vae"].epochs == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 6.5, *map(float, range(7, 21))]


def test_the_overfit_chart_has_both_runs_train_and_test():
    frame = overfit_frame(RUNS)
    assert set(frame.series) == {f"{label} · {s}" for label in OVERFIT_RUNS.values() for s in ("train", "test")}
    assert len(frame) == sum(2 * len(RUNS[key].records) for key in OVERFIT_RUNS)


def build_view():
    with gr.Blocks():
        with gr.Tabs():
            return training.build(SimpleNamespace(weights_dir=WEIGHTS))


def test_the_first_view_shows_the_last_grid_and_the_families_charts():
    view = build_view()
    summary, loss, gan_loss, quality, kl, critic, slider, grid, *_ = view.compute("vae", request=ENGLISH)
    assert "20 epochs" in summary
    assert loss.visible and kl.visible and not gan_loss.visible and not quality.visible and not critic.visible
    assert slider.value == 20 and slider.maximum == 20
    last = RUNS["vae"].grids[20]
    assert grid.tobytes() == training.grid_picture(last).tobytes()
    *_, overfit_slider, overfit_grid, regularised_grid = view.compute("vae", request=ENGLISH)
    assert overfit_slider.value == RUNS["ae_overfit"].last_epoch
    assert overfit_grid.size == regularised_grid.size


def test_a_link_names_a_model_and_a_bad_one_is_refused():
    view = build_view()
    assert view.read({"tab": "training", "model": "wgan_gp"})[0] == ["wgan_gp"]
    values, problems = view.read({"tab": "training", "model": "gpt"})
    assert values == ["ae"] and problems and problems[0][0] == "model"
    with pytest.raises(gr.Error, match="model must be one of"):
        view.compute("gpt", request=ENGLISH)


# -- the training options of the study ----------------------------------------------------------------------------


def test_augment_mirrors_and_shifts_each_image_on_its_own():
    torch.manual_seed(0)
    garment = torch.full((1, 28, 28), -1.0)
    garment[0, 8:20, 9:15] = torch.linspace(-0.5, 1, 6)  # not symmetric, away from the edges
    changed = data.augment(garment.expand(32, 1, 28, 28))
    assert changed.shape == (32, 1, 28, 28)
    # every copy is the same garment moved: the same pixel values, the background filled with -1
    assert all(torch.equal(c.flatten().sort().values, garment.flatten().sort().values) for c in changed)
    distinct = {c.numpy().tobytes() for c in changed}
    assert len(distinct) > 8  # drawn per image, not once per batch


def test_weight_decay_reaches_the_optimiser():
    assert ae_recipe(weight_decay=0.1).optimizers["model"].param_groups[0]["weight_decay"] == 0.1
    assert ae_recipe().optimizers["model"].param_groups[0]["weight_decay"] == 0.0  # Adam, as before
    classifier = ClassifierRecipe("classifier", {"lr": 1e-3})
    assert classifier.optimizers["model"].param_groups[0]["weight_decay"] == 1e-4  # its own default


def test_a_small_run_with_the_study_options(tmp_path):
    train.main([
        "ae", "--out", str(tmp_path), "--limit", "48", "--test-limit", "100", "--batch-size", "16", "--epochs", "2",
        "--device", "cpu", "--augment", "--weight-decay", "0.05", "--sample-every", "2",
    ])  # fmt: skip
    log = [json.loads(line) for line in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    assert [r["step"] for r in log] == [3, 6]
    assert 0 < log[-1]["train_mse"] and 0 < log[-1]["test_mse"] < 1
    assert sorted(p.name for p in (tmp_path / "samples").iterdir()) == ["epoch_002.png", "last.png"]
    card = (tmp_path / "README.md").read_text()
    assert "Trained on 48 Fashion-MNIST training images, each randomly mirrored" in card
    assert "| weight decay | 0.05 |" in card and "| train_mse |" in card
