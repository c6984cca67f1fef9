"""Training checkpoints rotate, survive a crash during a save, resume mid-epoch to the same weights, and the
TensorBoard tracker records the run."""

import json

import pytest
import torch
from safetensors.torch import load_file

from genmodels.training import checkpoints
from genmodels.training import loop as train

# 256 images at batch 64: 4 steps an epoch; noise makes the run depend on the restored random state too
TINY = ["ae", "--limit", "256", "--test-limit", "100", "--batch-size", "64", "--device", "cpu",
        "--option", "noise_max=0.3"]  # fmt: skip


@pytest.fixture(autouse=True)
def one_thread():
    torch.set_num_threads(1)


def weights(folder):
    return load_file(str(folder / "model.safetensors"))


def test_a_run_stopped_mid_epoch_resumes_to_the_same_weights(tmp_path):
    train.main([*TINY, "--epochs", "2", "--out", str(tmp_path / "straight")])
    stopped = tmp_path / "stopped"
    train.main([*TINY, "--epochs", "2", "--out", str(stopped), "--max-steps", "6"])  # 2 steps into epoch 2
    state = json.loads((checkpoints.latest(stopped) / checkpoints.TRAINER_STATE).read_text())
    assert (state["epoch"], state["step"], checkpoints.batches_done(state, 4)) == (1, 6, 2)
    train.main([*TINY, "--epochs", "2", "--out", str(stopped), "--resume"])
    a, b = weights(tmp_path / "straight"), weights(stopped)
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert json.loads((stopped / "trainer_state.json").read_text())["step"] == 8


def test_checkpoints_rotate_and_an_incomplete_one_is_skipped(tmp_path):
    train.main([*TINY, "--epochs", "1", "--out", str(tmp_path), "--checkpoint-every", "1", "--keep-checkpoints", "2"])
    # a save every step (4) and one at the epoch's end: numbered 0..4, the two newest kept
    assert [n for n, _ in checkpoints.numbered(tmp_path)] == [3, 4]
    (tmp_path / "checkpoints" / "checkpoint_5").mkdir()  # a crash during a save: no trainer state written
    assert checkpoints.latest(tmp_path).name == "checkpoint_4"
    assert not (tmp_path / "checkpoints" / "checkpoint_5").exists()
    train.main([*TINY, "--epochs", "2", "--out", str(tmp_path), "--resume"])  # numbering goes on from the newest
    assert [n for n, _ in checkpoints.numbered(tmp_path)] == [4, 5]


def test_tensorboard_records_losses_test_metrics_and_samples(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    train.main([*TINY, "--epochs", "2", "--out", str(tmp_path), "--report-to", "tensorboard", "--log-every", "2"])
    events = EventAccumulator(str(next((tmp_path / "logs" / "ae").glob("events.out.tfevents.*")))).Reload()
    assert [e.step for e in events.Scalars("loss")] == [2, 4, 6, 8]
    psnr = [e.value for e in events.Scalars("test/test_psnr")]
    logged = [json.loads(line)["test_psnr"] for line in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    assert psnr == pytest.approx(logged)
    assert [e.step for e in events.Images("samples")] == [4, 8]


def test_push_to_hub_uploads_the_finished_folder_only(tmp_path, monkeypatch):
    from genmodels.hub import publish
    from tests.support.hub_cache import FakeHfApi

    api = FakeHfApi()
    monkeypatch.setattr(publish, "HfApi", lambda: api)
    argv = [*TINY, "--epochs", "1", "--out", str(tmp_path), "--report-to", "tensorboard", "--push-to-hub"]
    train.main(argv)
    ((repo, kwargs),) = api.repos
    assert repo == "genmodels/genmodels-ae" and kwargs["exist_ok"] and not kwargs["private"]
    _, files = api.uploads[repo]
    assert {"model.safetensors", "config.json", "README.md", "metrics.jsonl"} <= set(files)
    assert not [name for name in files if name.startswith(("checkpoints/", "logs/"))]
    assert (tmp_path / "checkpoints").is_dir() and (tmp_path / "logs").is_dir()  # kept here, not sent
