"""The one base class every genmodels network shares: nn.Module + the Hub mixin, loaded strictly."""

from __future__ import annotations

from huggingface_hub import PyTorchModelHubMixin
from torch import nn


class HubModule(
    nn.Module,
    PyTorchModelHubMixin,
    library_name="genmodels",
    tags=["fashion-mnist", "genmodels"],
    license="mit",
):
    """`save_pretrained` writes config.json (the __init__ kwargs) + model.safetensors;
    `from_pretrained` takes a local folder or a Hub repo id and, unlike the mixin's default,
    refuses checkpoints whose keys do not match the class exactly."""

    @classmethod
    def from_pretrained(cls, pretrained_model_name_or_path, *args, **kwargs):
        kwargs.setdefault("strict", True)
        return super().from_pretrained(pretrained_model_name_or_path, *args, **kwargs)
