"""GENMODELS_WEIGHTS -> a local weights folder. A folder is used as it is; a Hub repo id holding a weights folder,
or the slug of the collection `genmodels publish` made, is downloaded into the Hub cache (weights, configs, logs,
cards and images only: a repo's code is never downloaded, let alone run).

    resolve_weights("weights")                          # a folder: itself
    resolve_weights("USER/genmodels-weights")           # a repo laid out like weights/
    resolve_weights("USER/genmodels-...-<24 hex>")      # a collection: each repo linked where the zoo looks for it
"""

from __future__ import annotations

import re
from pathlib import Path

from huggingface_hub import HfApi, constants, snapshot_download

from .. import registry
from .cards import repo_name
from .publish import WEIGHT_PATTERNS

REPO_ID = re.compile(r"^[\w.-]+/[\w.-]+$")
COLLECTION_SLUG = re.compile(r"^[\w.-]+/[\w.-]+-[0-9a-f]{24}$")


def resolve_weights(location, api: HfApi | None = None) -> Path:
    """A local weights folder for `location`: a folder, a Hub repo id or a collection slug (see the module)."""
    if Path(location).exists() or not REPO_ID.match(str(location)):
        return Path(location)  # a folder; one that is missing is reported, model by model, by the zoo
    if COLLECTION_SLUG.match(location):
        return assemble_collection(location, api or HfApi())
    return Path(snapshot_download(location, allow_patterns=WEIGHT_PATTERNS))


def assemble_collection(slug: str, api: HfApi) -> Path:
    """Download each model repo of a collection and link it into one weights folder: a model's repo at its
    registry folder (USER/genmodels-dcgan -> dcgan/), any other repo's files (genmodels-results) at the top."""
    folders = {repo_name(spec): spec.folder for spec in registry.specs()}
    target = Path(constants.HF_HOME) / "genmodels" / slug.replace("/", "--")
    for item in api.get_collection(slug).items:
        if item.item_type != "model":
            continue
        snapshot = Path(snapshot_download(item.item_id, allow_patterns=WEIGHT_PATTERNS))
        folder = folders.get(item.item_id.split("/")[-1])
        links = [(target / folder, snapshot)] if folder else [(target / p.name, p) for p in snapshot.iterdir()]
        for link, source in links:
            link.parent.mkdir(parents=True, exist_ok=True)
            if link.is_symlink():
                link.unlink()
            link.symlink_to(source, target_is_directory=source.is_dir())
    return target
