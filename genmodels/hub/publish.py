"""Publish the weights to the Hugging Face Hub: one model repo per model folder (USER/genmodels-<name>, loadable by
`from_pretrained`), the rest of weights/ (metrics, thresholds, sample sheets) in USER/genmodels-results, and one
collection grouping them, which `GENMODELS_WEIGHTS=<collection slug>` serves (genmodels.hub.resolve).

    genmodels publish USER [--weights weights] [--private]      # or python -m genmodels.hub.publish USER

Needs a write token (`hf auth login`). Re-running updates the same repos and collection.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from huggingface_hub import HfApi

from .. import registry
from .cards import repo_name

RESULTS_REPO = "genmodels-results"
COLLECTION_TITLE = "genmodels: generative models on Fashion-MNIST"
WEIGHT_PATTERNS = ["*.safetensors", "*.json", "*.jsonl", "*.md", "*.png"]  # weights, configs, logs, cards, images
CODE_PATTERNS = ["*.py"]  # a diffusers folder's pipeline, for diffusers-only users (genmodels never runs it)
SKIPPED = ["checkpoints/*", "*/checkpoints/*", "logs/*", "*/logs/*"]  # training state and logs: not what the app loads


def upload(api: HfApi, repo_id: str, folder: Path, allowed: list[str], ignored: list[str], private: bool) -> None:
    """Create (or reuse) the model repo and upload the folder's allowed files to it."""
    api.create_repo(repo_id, repo_type="model", private=private, exist_ok=True)
    api.upload_folder(
        repo_id=repo_id,
        folder_path=folder,
        allow_patterns=allowed,
        ignore_patterns=ignored,
        commit_message=f"genmodels publish: {folder}",
    )
    print(f"uploaded {folder} -> https://huggingface.co/{repo_id}")


def push_model(spec: registry.ModelSpec, folder, repo_id: str, api: HfApi | None = None, private=False) -> None:
    """One model's folder to its repo (what `python -m genmodels.train MODEL --push-to-hub` does at the end)."""
    code = CODE_PATTERNS if spec.network is None else []
    upload(api or HfApi(), repo_id, Path(folder), WEIGHT_PATTERNS + code, SKIPPED, private)


def publish(user: str, weights="weights", api: HfApi | None = None, private: bool = False) -> str:
    """Upload every model folder of the registry found under `weights`, then the rest; -> the collection's slug."""
    api, weights = api or HfApi(), Path(weights)
    published = [spec for spec in registry.specs() if (weights / spec.folder).is_dir()]
    repos = []
    for spec in published:
        repos.append(f"{user}/{repo_name(spec)}")
        push_model(spec, weights / spec.folder, repos[-1], api, private)
    repos.append(f"{user}/{RESULTS_REPO}")
    model_folders = [f"{spec.folder}/*" for spec in published]
    upload(api, repos[-1], weights, WEIGHT_PATTERNS, SKIPPED + model_folders, private)
    collection = api.create_collection(
        title=COLLECTION_TITLE, namespace=user, private=private, exists_ok=True, description=__doc__.split("\n")[0]
    )
    for repo_id in repos:
        api.add_collection_item(collection.slug, item_id=repo_id, item_type="model", exists_ok=True)
    print(f"collection: https://huggingface.co/collections/{collection.slug} (GENMODELS_WEIGHTS={collection.slug})")
    return collection.slug


def main(argv=None) -> str:
    parser = argparse.ArgumentParser(prog="genmodels publish", description=__doc__.split("\n")[0])
    parser.add_argument("user", help="the Hub user or organisation that gets the repos")
    parser.add_argument("--weights", default="weights", help="the weights folder to publish")
    parser.add_argument("--private", action="store_true", help="make the repos and the collection private")
    args = parser.parse_args(argv)
    return publish(args.user, args.weights, private=args.private)


if __name__ == "__main__":
    main()
