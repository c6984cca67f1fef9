"""Every shipped network loads by itself with from_pretrained, from a folder and from a Hub repo id (a real cache
layout, offline), a GAN's generator and discriminator through `subfolder`.

Run: HF_HUB_OFFLINE=1 python -m pytest -q tests/unit/test_hub_load.py
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from genmodels import registry
from genmodels.models import Discriminator, Generator
from tests.support.hub_cache import add_to_cache, offline_cache

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"


def same_weights(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values(), strict=True))


@pytest.mark.parametrize("spec", [s for s in registry.specs() if s.network is not None], ids=lambda s: s.name)
def test_every_shipped_network_loads_from_its_folder(spec):
    folder = WEIGHTS / spec.folder
    if not folder.is_dir():
        pytest.skip(f"weights/{spec.folder} is not shipped")
    model = spec.network.from_pretrained(folder, subfolder=spec.subfolder)
    assert type(model) is spec.network and sum(p.numel() for p in model.parameters()) > 0
    if spec.family == "GAN":
        assert isinstance(Discriminator.from_pretrained(folder, subfolder="discriminator"), Discriminator)


def test_a_gan_loads_from_a_repo_id_through_subfolder(tmp_path, monkeypatch):
    torch.manual_seed(0)
    folder = tmp_path / "dcgan"
    generator, discriminator = Generator(latent_dim=8, channels=4), Discriminator(channels=4)
    generator.save_pretrained(folder / "generator")
    discriminator.save_pretrained(folder / "discriminator")
    cache = offline_cache(monkeypatch, tmp_path / "hf")
    add_to_cache(cache, "me/genmodels-dcgan", folder)
    loaded = Discriminator.from_pretrained("me/genmodels-dcgan", subfolder="discriminator")
    assert same_weights(loaded, discriminator) and not same_weights(loaded, Discriminator(channels=4))
    assert same_weights(Generator.from_pretrained("me/genmodels-dcgan", subfolder="generator"), generator)
    assert same_weights(Generator.from_pretrained(folder, subfolder="generator"), generator)  # a local folder too
