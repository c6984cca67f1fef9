"""The one base class every genmodels network shares: nn.Module + the Hub mixin, loaded strictly."""

from __future__ import annotations

from pathlib import Path

from huggingface_hub import PyTorchModelHubMixin, snapshot_download
from torch import nn

# The project's Hub organisation: the USER of `genmodels publish` for the official weights, and the owner of the Space,
# which holds the code (scripts/deploy_space.py uploads every tracked file). The mixin's generated cards point there
# (genmodels.hub.cards writes the same links into every shipped card).
HUB_OWNER = "genmodels"
REPO_URL = f"https://huggingface.co/spaces/{HUB_OWNER}/genmodels"
DOCS_URL = f"{REPO_URL}/blob/main/docs/hub.md"
HUB_KWARGS = ("revision", "cache_dir", "token", "local_files_only", "force_download")  # what a download takes


class HubModule(
    nn.Module,
    PyTorchModelHubMixin,
    library_name="genmodels",
    tags=["fashion-mnist", "genmodels"],
    license="mit",
    repo_url=REPO_URL,
    docs_url=DOCS_URL,
):
    """`save_pretrained` writes config.json (the __init__ kwargs) + model.safetensors;
    `from_pretrained` takes a local folder or a Hub repo id and, unlike the mixin's default,
    refuses checkpoints whose keys do not match the class exactly."""

    @classmethod
    def from_pretrained(cls, pretrained_model_name_or_path, *args, subfolder: str = "", **kwargs):
        """Load from a folder or a Hub repo id. `subfolder`: the network inside it, for a folder that holds several
        (a GAN's "generator" and "discriminator"); from a repo only that subfolder's config.json and
        model.safetensors are downloaded (revision, cache_dir, token, ... apply)."""
        kwargs.setdefault("strict", True)
        if subfolder:
            local = Path(pretrained_model_name_or_path)
            if not local.is_dir():
                files = [f"{subfolder}/config.json", f"{subfolder}/model.safetensors"]
                hub = {key: kwargs[key] for key in HUB_KWARGS if key in kwargs}
                local = Path(snapshot_download(str(pretrained_model_name_or_path), allow_patterns=files, **hub))
            pretrained_model_name_or_path = local / subfolder
        return super().from_pretrained(pretrained_model_name_or_path, *args, **kwargs)
