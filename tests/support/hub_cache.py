"""Stand-ins for the Hub in tests, at the network boundary only: a Hugging Face cache laid out as downloads leave
it (so the real snapshot_download / hf_hub_download run offline against it) and a fake HfApi that records calls."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

from huggingface_hub import constants
from huggingface_hub.utils import filter_repo_objects

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def offline_cache(monkeypatch, root: Path) -> Path:
    """Point huggingface_hub at an empty cache under `root`, offline (HF_HUB_CACHE, HF_HOME, HF_HUB_OFFLINE)."""
    cache = root / "hub"
    cache.mkdir(parents=True)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(constants, "HF_HOME", str(root))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    return cache


def add_to_cache(cache: Path, repo_id: str, source: Path, files: list[str] | None = None) -> Path:
    """Lay `files` of `source` (default: all) out as repo `repo_id`'s main revision in the cache; -> its snapshot."""
    repo = cache / f"models--{repo_id.replace('/', '--')}"
    snapshot = repo / "snapshots" / COMMIT
    files = files if files is not None else [p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()]
    for name in files:
        (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, snapshot / name)
    (repo / "refs").mkdir(parents=True, exist_ok=True)
    (repo / "refs" / "main").write_text(COMMIT)
    return snapshot


class FakeHfApi:
    """The HfApi calls genmodels.hub makes, recorded; upload_folder keeps the file list the real one would send
    (the same pattern filter), and the collection lists what was added to it."""

    def __init__(self):
        self.repos: list[tuple[str, dict]] = []
        self.uploads: dict[str, tuple[Path, list[str]]] = {}  # repo id -> (folder, files sent)
        self.collections: dict[str, list[str]] = {}

    def create_repo(self, repo_id, **kwargs):
        self.repos.append((repo_id, kwargs))

    def upload_folder(self, *, repo_id, folder_path, allow_patterns=None, ignore_patterns=None, **kwargs):
        folder = Path(folder_path)
        files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        self.uploads[repo_id] = (
            folder,
            list(filter_repo_objects(files, allow_patterns=allow_patterns, ignore_patterns=ignore_patterns)),
        )

    def create_collection(self, *, title, namespace, **kwargs):
        slug = f"{namespace}/genmodels-{'0' * 23}1"
        self.collections.setdefault(slug, [])
        return SimpleNamespace(slug=slug, title=title)

    def add_collection_item(self, collection_slug, *, item_id, item_type, **kwargs):
        assert item_type == "model"
        self.collections[collection_slug].append(item_id)

    def get_collection(self, collection_slug):
        items = [SimpleNamespace(item_id=i, item_type="model") for i in self.collections[collection_slug]]
        return SimpleNamespace(slug=collection_slug, items=items)
