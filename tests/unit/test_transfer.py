"""The transfer-learning experiment (genmodels.training.transfer), its network (models.EncoderClassifier), the zoo task
and the Transfer tab's tables and sentences.

The recorded figures are weights/metrics.json["transfer"] (`python -m genmodels.training.transfer`); a seeded run of
the recorded frozen-encoder protocol at 100 labels (1,000 updates of a linear head: seconds) must give them again.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from genmodels import data
from genmodels.models import VAE, AutoEncoder, EncoderClassifier
from genmodels.training import transfer
from genmodels.ui.tabs.transfer import view as transfer_tab

torch.set_num_threads(1)

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"
# The recorded accuracies come back within this (absolute; 0.3% = 30 of the 10,000 test images): a seeded run
# repeats itself exactly on one machine, but another CPU's float kernels may flip a few borderline images.
TOLERANCE = 0.003


def recorded() -> dict:
    path = WEIGHTS / "metrics.json"
    result = json.loads(path.read_text()).get("transfer") if path.is_file() else None
    if not result:
        pytest.skip("weights/metrics.json has no transfer section (run python -m genmodels.training.transfer)")
    return result


def test_labelled_subsets_are_balanced_and_drawn_from_the_seed():
    labels = np.repeat(np.arange(10), 50)
    subset = transfer.balanced_subset(labels, 100, seed=0)
    assert np.bincount(labels[subset], minlength=10).tolist() == [10] * 10 and len(set(subset)) == 100
    assert np.array_equal(subset, transfer.balanced_subset(labels, 100, seed=0))
    assert not np.array_equal(subset, transfer.balanced_subset(labels, 100, seed=1))
    assert np.array_equal(transfer.balanced_subset(labels, 500, seed=3), np.arange(500))  # all of them
    with pytest.raises(ValueError, match="multiple of 10"):
        transfer.balanced_subset(labels, 105, seed=0)


def test_the_encoder_is_the_pretrained_ones_and_only_fine_tuning_moves_it(fashion_test):
    """A frozen way trains only its head (330 / 170 weights on the AE's / VAE's code), a fine-tuned one moves the
    encoder too; both start from exactly the shipped encoder, whose features are the AE's code and the VAE's μ."""
    if not (WEIGHTS / "ae" / "model.safetensors").is_file():
        pytest.skip("weights/ae not trained")
    x, labels = fashion_test.tensors()
    ae, vae = AutoEncoder.from_pretrained(WEIGHTS / "ae").eval(), VAE.from_pretrained(WEIGHTS / "vae").eval()
    with torch.no_grad():
        assert torch.equal(EncoderClassifier.on_encoder_of(ae).features(x[:8]), ae.encode(x[:8]))
        assert torch.equal(EncoderClassifier.on_encoder_of(vae).features(x[:8]), vae.encode(x[:8])[0])
    subset = transfer.balanced_subset(labels.numpy(), 100, seed=0)
    settings = transfer.Settings(updates=20, batch_size=16)
    counts = {}
    for way in ("frozen_ae", "finetuned_ae", "frozen_vae", "scratch"):
        model, row = transfer.run(way, subset, (x, labels), (x[:200], labels[:200]), settings, WEIGHTS)
        counts[way] = row["trainable_parameters"]
        if way.endswith("_ae"):
            unchanged = all(
                torch.equal(a, b) for a, b in zip(model.encoder.state_dict().values(), ae.encoder.state_dict().values())
            )
            assert unchanged == (way == "frozen_ae"), way
    assert counts == {"frozen_ae": 330, "finetuned_ae": 171018, "frozen_vae": 170, "scratch": 171018}


@pytest.mark.quality
@pytest.mark.parametrize("way", ["frozen_ae", "frozen_vae"])
def test_a_seeded_run_reproduces_the_recorded_accuracy(way):
    """The recorded protocol (its updates, batch size, learning rate and seed) at 100 labels, on all 10,000 test
    images: the head's 1,000 updates take a fraction of a second, the encoder's features of the test set a few."""
    result = recorded()
    if data.find_data_dir() is None:
        pytest.skip("Fashion-MNIST is not installed (it is needed for the training subset)")
    settings = transfer.Settings(**result["settings"])
    train, test = data.load("train").tensors, data.load("test").tensors
    subset = transfer.balanced_subset(train[1].numpy(), 100, settings.seed)
    _model, row = transfer.run(way, subset, train, test, settings, WEIGHTS)
    expected = result["rows"][way]["100"]
    assert row["trainable_parameters"] == expected["trainable_parameters"]
    assert row["accuracy"] == pytest.approx(expected["accuracy"], abs=TOLERANCE)


# -- the Transfer tab's table and sentences, on a made-up result ---------------------------------------------

FAKE = {
    "settings": {"updates": 10, "batch_size": 4, "seed": 0, "lr": 1e-3, "encoder_lr_factor": 0.1},
    "seconds": 61.0,
    "environment": {"threads": 1},
    "rows": {
        way: {
            "100": {"accuracy": few, "trainable_parameters": params, "seconds": 1.234},
            "60000": {"accuracy": many, "trainable_parameters": params, "seconds": 10.0},
        }
        for way, few, many, params in (
            ("scratch", 0.6512, 0.871, 171018),
            ("frozen_ae", 0.7, 0.8, 330),
            ("finetuned_ae", 0.69, 0.88912, 171018),
        )
    },
}


def test_the_table_has_human_names_units_and_three_significant_figures():
    frame = transfer_tab.results_frame(FAKE, "en")
    assert list(frame.columns) == [
        "way",
        "trainable parameters",
        "accuracy, 100 labels (%)",
        "accuracy, 60,000 labels (%)",
        "wall time (s)",
        "CPU time (s)",
    ]
    assert frame.iloc[0].tolist() == ["from scratch", "171,018", "65.1", "87.1", "11.2", "–"]  # no CPU time given
    assert frame.iloc[2].tolist()[3] == "88.9"
    assert transfer_tab.results_frame(FAKE, "ko").columns[0] == "방법"
    plot = transfer_tab.accuracy_frame(FAKE)
    assert sorted(set(plot["way"])) == ["fine-tuned AE", "frozen AE", "scratch"] and plot["labels"].max() == 60000


def test_the_sentences_say_what_was_measured():
    class English:
        headers = {"accept-language": "en"}

    text = transfer_tab.findings(FAKE, English())
    assert "with 100 labels the most accurate is frozen AE encoder + linear head (70.0%; from scratch 65.1%)" in text
    assert "a frozen encoder beat training from scratch" in text and "a fine-tuned encoder was best" in text
    flipped = json.loads(json.dumps(FAKE))
    flipped["rows"]["frozen_ae"]["100"]["accuracy"] = 0.6
    flipped["rows"]["scratch"]["60000"]["accuracy"] = 0.9
    text = transfer_tab.findings(flipped, English())
    assert "did not beat training from scratch" in text and "training from scratch was best" in text
    assert "with 60,000 labels the most accurate is training from scratch (90.0%)" in text
    assert "fine-tuned encoder was best" not in text


def test_predictions_name_the_most_probable_class():
    probabilities = torch.full((2, 10), 0.05)
    probabilities[0, 7], probabilities[1, 9] = 0.55, 0.55
    frame = transfer_tab.predictions_frame({"ways": ("scratch", "frozen_ae"), "probabilities": probabilities}, "en")
    assert frame.values.tolist() == [
        ["from scratch", "Sneaker", "55.0"],
        ["frozen AE encoder + linear head", "Ankle boot", "55.0"],
    ]
