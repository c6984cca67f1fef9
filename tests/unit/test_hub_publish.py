"""genmodels publish (a fake HfApi records the uploads), the cards' metadata, and serving what was published:
GENMODELS_WEIGHTS as a repo id or a collection slug, downloaded by the real snapshot_download from an offline cache
laid out as the Hub leaves it. A repo's pipeline.py is neither downloaded nor run.

Run: HF_HUB_OFFLINE=1 python -m pytest -q tests/unit/test_hub_publish.py
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import torch
from huggingface_hub import ModelCard
from huggingface_hub.utils import filter_repo_objects

from genmodels import registry
from genmodels.hub import resolve
from genmodels.hub.cards import DATASET, card_data
from genmodels.hub.cards import main as write_shipped_cards
from genmodels.hub.pipeline_files import link_pipeline_code
from genmodels.hub.publish import RESULTS_REPO, publish
from genmodels.zoo import Zoo
from tests.support.app_server import build_random_models
from tests.support.hub_cache import FakeHfApi, add_to_cache, offline_cache


@pytest.fixture(scope="module")
def weights(tmp_path_factory) -> Path:
    root = build_random_models(tmp_path_factory.mktemp("weights"))
    link_pipeline_code(root / "diffusion")
    (root / "metrics.json").write_text(json.dumps({"models": {"dcgan": {"FD": 12.5, "sampler": "n/a"}}}))
    (root / "dcgan" / "checkpoints" / "checkpoint_3").mkdir(parents=True)
    (root / "dcgan" / "checkpoints" / "checkpoint_3" / "model.safetensors").write_bytes(b"training state")
    (root / "dcgan" / "logs" / "dcgan").mkdir(parents=True)
    (root / "dcgan" / "logs" / "dcgan" / "run.json").write_text("{}")
    return root


def test_publish_uploads_each_model_folder_and_groups_them(weights, capsys):
    api = FakeHfApi()
    slug = publish("me", weights, api=api)
    created = [repo for repo, _ in api.repos]
    assert "me/genmodels-dcgan" in created and "me/genmodels-wgan-gp" in created and f"me/{RESULTS_REPO}" in created
    assert all(kwargs["exist_ok"] for _, kwargs in api.repos)
    assert api.collections[slug] == created  # every repo, in the collection
    _, dcgan = api.uploads["me/genmodels-dcgan"]
    assert {"generator/model.safetensors", "generator/config.json", "discriminator/model.safetensors"} <= set(dcgan)
    assert not any("checkpoint" in name or "logs" in name for name in dcgan)
    _, diffusion = api.uploads["me/genmodels-diffusion"]
    assert {"model_index.json", "unet/diffusion_pytorch_model.safetensors", "pipeline.py", "limits.py"} <= set(
        diffusion
    )
    _, results = api.uploads[f"me/{RESULTS_REPO}"]
    assert "metrics.json" in results and not any(name.startswith(("dcgan/", "diffusion/", "ae/")) for name in results)
    assert not any(
        name.endswith(".py") for repo, (_, files) in api.uploads.items() if "diffusion" not in repo for name in files
    )
    assert slug in capsys.readouterr().out


def test_cards_carry_the_hub_metadata_and_the_measured_results(weights, tmp_path):
    data = card_data(registry.get("dcgan"), {"dcgan": {"FD": 12.5, "sampler": "n/a"}}).to_dict()
    assert data["license"] == "mit" and data["datasets"] == [DATASET]
    assert data["pipeline_tag"] == "unconditional-image-generation" and data["library_name"] == "genmodels"
    metrics = data["model-index"][0]["results"][0]["metrics"]
    assert metrics == [{"type": "fd", "value": 12.5, "name": "FD"}]  # numbers only
    assert card_data(registry.get("diffusion")).library_name == "diffusers"
    assert card_data(registry.get("dcgan"), part="discriminator").pipeline_tag == "image-classification"
    # the command rewrites the front matter and keeps the prose
    copy = shutil.copytree(weights, tmp_path / "w", symlinks=True)
    (copy / "vae" / "README.md").write_text("---\nlicense: mit\n---\n# the VAE\n\nProse kept.\n")
    write_shipped_cards(["--weights", str(copy)])
    vae = ModelCard.load(copy / "vae" / "README.md")
    assert vae.text.strip() == "# the VAE\n\nProse kept." and vae.data.pipeline_tag == "unconditional-image-generation"
    generator = ModelCard.load(copy / "dcgan" / "generator" / "README.md")
    assert generator.data.eval_results[0].metric_value == 12.5 and "docs/hub.md" in generator.text


def published_cache(weights: Path, api: FakeHfApi, cache: Path) -> None:
    """What the Hub holds after `publish`: each repo's uploaded files, as downloads leave them in the cache."""
    for repo_id, (folder, files) in api.uploads.items():
        add_to_cache(cache, repo_id, folder, files)


def test_a_collection_slug_serves_the_published_weights(weights, tmp_path, monkeypatch):
    api = FakeHfApi()
    slug = publish("me", weights, api=api)
    published_cache(weights, api, offline_cache(monkeypatch, tmp_path / "hf"))
    folder = resolve.resolve_weights(slug, api=api)
    assert (folder / "dcgan" / "generator" / "config.json").is_file() and (folder / "metrics.json").is_file()
    assert (folder / "transfer" / "frozen_ae" / "config.json").is_file()
    served, local = Zoo(folder, device="cpu"), Zoo(weights, device="cpu")
    assert set(served.models) == set(local.models) and set(served.missing) == set(local.missing)
    assert "dcgan" in served.models and "diffusion" in served.models
    g, h = served.model("dcgan"), local.model("dcgan")
    assert all(torch.equal(a, b) for a, b in zip(g.state_dict().values(), h.state_dict().values()))


def test_a_repo_id_is_downloaded_without_its_code(weights, tmp_path, monkeypatch):
    cache = offline_cache(monkeypatch, tmp_path / "hf")
    add_to_cache(cache, "me/genmodels-weights", weights)  # a repo laid out like weights/, from the real cache
    assert resolve.resolve_weights("me/genmodels-weights") == cache / "models--me--genmodels-weights" / "snapshots" / (
        (cache / "models--me--genmodels-weights" / "refs" / "main").read_text()
    )
    assert resolve.resolve_weights(str(weights)) == weights  # a folder is itself

    # online, only what the patterns allow would be fetched: record what the real filter lets through
    remote = sorted(p.relative_to(weights).as_posix() for p in weights.rglob("*") if p.is_file())
    fetched = {}

    def hub(repo_id, allow_patterns=None, ignore_patterns=None, **kwargs):
        fetched[repo_id] = list(
            filter_repo_objects(remote, allow_patterns=allow_patterns, ignore_patterns=ignore_patterns)
        )
        return str(weights)

    monkeypatch.setattr(resolve, "snapshot_download", hub)
    resolve.resolve_weights("me/genmodels-weights")
    assert "diffusion/pipeline.py" in remote and "diffusion/model_index.json" in fetched["me/genmodels-weights"]
    assert not any(name.endswith(".py") for name in fetched["me/genmodels-weights"])


def test_the_zoo_never_runs_a_weights_folders_pipeline_py(weights, tmp_path):
    copy = shutil.copytree(weights, tmp_path / "w", symlinks=False)
    marker = tmp_path / "ran"
    for module in ("pipeline", "limits"):
        (copy / "diffusion" / f"{module}.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    zoo = Zoo(copy, device="cpu")
    assert zoo.pipe is not None and "diffusion" not in zoo.missing and not marker.exists()
