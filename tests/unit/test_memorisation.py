"""The memorisation check: the shipped training index (weights/nearest/), its exact nearest-neighbour search, the
zoo task and the panel's function (genmodels/ui/components/memorisation.py). The endpoint is tested in test_api.py."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

import genmodels.nearest as nearest
from genmodels import images
from genmodels.data import find_data_dir, load_arrays
from genmodels.nearest import INDEX_FOLDER, SHARD_NAME, TrainingIndex
from genmodels.zoo import Zoo

torch.set_num_threads(1)

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"
SHIPPED = WEIGHTS / INDEX_FOLDER


@pytest.fixture(scope="module")
def zoo() -> Zoo:
    return Zoo(WEIGHTS, device="cpu", defer_diffusion=True)


@pytest.fixture(scope="module")
def index(zoo) -> TrainingIndex:
    return zoo.training_index()


def test_the_shipped_index_holds_the_training_set_in_small_files(index):
    about = json.loads((SHIPPED / "index.json").read_text())
    assert len(index) == about["images"] == 60_000
    assert index.pixels.dtype == torch.uint8 and tuple(index.pixels.shape) == (60_000, 28, 28)
    assert index.features.dtype == torch.float16 and tuple(index.features.shape) == (60_000, 128)
    assert torch.bincount(index.labels.long()).tolist() == [6000] * 10  # Fashion-MNIST's train split is balanced
    for number in range(about["shards"]):
        assert (SHIPPED / SHARD_NAME.format(number)).stat().st_size < 10 * 1024 * 1024


@pytest.mark.skipif(find_data_dir() is None, reason="Fashion-MNIST is not on this machine")
def test_the_shards_decode_to_exactly_the_datasets_pixels_and_labels(index):
    pixels, labels = load_arrays("train")
    for i in (0, 4_999, 5_000, 31_337, 59_999):  # both sides of a shard boundary, and the ends
        assert np.array_equal(index.pixels[i].numpy(), pixels[i])
        assert int(index.labels[i]) == labels[i]


def test_a_training_image_finds_itself_at_distance_zero(zoo, index):
    picked = [7, 40_000]
    found = zoo.nearest_training_images(images.from_uint8(index.pixels[picked].numpy()), k=3)
    for space in ("features", "pixels"):
        first = found[space]["indices"][:, 0]
        # itself, or an exact duplicate of it (Fashion-MNIST has a few): the same pixels at distance 0
        assert torch.equal(index.pixels[first], index.pixels[picked])
        assert found[space]["distances"][:, 0].tolist() == [0.0, 0.0]
        assert (found[space]["distances"][:, 1] > 0).all()  # the next one is another image
        assert (found[space]["distances"].diff(dim=1) >= 0).all()
    assert torch.equal(found["pixels"]["images"][:, 0], images.from_uint8(index.pixels[picked].numpy()))


def test_the_chunked_search_is_exact_brute_force(monkeypatch):
    """The running top-k over chunks against torch.cdist over everything at once, on a small random index."""
    generator = torch.Generator().manual_seed(0)
    pixels = torch.randint(0, 256, (250, 28, 28), generator=generator, dtype=torch.uint8)
    features = torch.randn(250, 8, generator=generator)
    small = TrainingIndex(pixels, torch.zeros(250, dtype=torch.uint8), features.half(), {})
    monkeypatch.setattr(nearest, "SEARCH_CHUNK", 64)  # several chunks, the last one short
    queries = torch.randint(0, 256, (5, 28, 28), generator=generator, dtype=torch.uint8)
    query_features = torch.randn(5, 8, generator=generator)
    found = small.nearest(queries, query_features, k=4)
    expected_pixels = torch.cdist(queries.reshape(5, -1).double() / 255, pixels.reshape(250, -1).double() / 255) / 28
    expected_features = torch.cdist(query_features.half().double(), features.half().double())
    for space, expected in (("pixels", expected_pixels), ("features", expected_features)):
        distances, indices = expected.topk(4, dim=1, largest=False)
        assert torch.equal(found[space]["indices"], indices)
        assert torch.allclose(found[space]["distances"].double(), distances, atol=1e-5)


@pytest.mark.parametrize(
    "image, k, words",
    [
        (torch.zeros(1, 1, 28, 28), 0, "k must be"),
        (torch.zeros(1, 1, 28, 28), 17, "k must be"),
        (torch.zeros(1, 1, 28, 28), 2.5, "k must be"),
        (torch.zeros(1, 1, 14, 14), 3, "image must have shape"),
        (torch.full((1, 1, 28, 28), 3.0), 3, "image values must be in [-1, 1]"),
        ("a sample", 3, "image must be a torch.Tensor"),
    ],
)
def test_bad_arguments_are_refused_with_their_name(zoo, image, k, words):
    with pytest.raises(ValueError) as error:
        zoo.nearest_training_images(image, k=k)
    assert words in str(error.value)


def test_the_panel_cuts_the_chosen_sample_out_of_a_sheet(zoo, tmp_path, monkeypatch):
    """query_tiles reads a sheet PNG (as the tabs' outputs are stored) tile by tile, and a plain image as one."""
    from genmodels.ui.components import memorisation

    monkeypatch.setattr(memorisation, "uploaded_path", lambda path, name: path)  # tmp_path is not Gradio's folder
    samples = zoo.gan_sample(5, 3, "dcgan", 1.0)
    path = tmp_path / "sheet.png"
    images.to_sheet(samples).save(path, pnginfo=_text_chunk(images.to_sheet(samples)))
    tiles = memorisation.query_tiles({"path": str(path)})
    assert len(tiles) == 5
    assert np.array_equal(images.to_uint8(torch.cat(tiles)), images.to_uint8(samples))
    single = tmp_path / "one.png"
    images.to_pil(samples[:1]).save(single)
    only = memorisation.query_tiles(single.read_bytes())  # any other image is read like every upload: one sample
    assert len(only) == 1 and np.array_equal(images.to_uint8(only[0]), images.to_uint8(samples[:1]))
    with pytest.raises(ValueError, match="image: no image given"):
        memorisation.query_tiles(None)


@pytest.mark.parametrize(
    "layout",
    ['{"n": 1000000, "columns": 8, "height": 28, "width": 28, "gap": 2}', '{"n": 5, "columns": 5, "height": 28, '
     '"width": 28, "gap": 2}', '{"n": 5}', "not json", '{"n": 5, "columns": 0, "height": 28, "width": 28, "gap": 2}'],
)  # fmt: skip
def test_a_forged_sheet_layout_is_refused_naming_the_image(tmp_path, monkeypatch, layout):
    """The text chunk comes from the client: a layout that does not fit the picture fails at once, naming image."""
    from genmodels.ui.components import memorisation

    monkeypatch.setattr(memorisation, "uploaded_path", lambda path, name: path)
    sheet = images.to_sheet(torch.zeros(5, 1, 28, 28))  # 5 tiles: 8 columns -> one row of 5
    path = tmp_path / "forged.png"
    sheet.save(path, pnginfo=_text_chunk(sheet, layout.replace('"columns": 5', '"columns": 3')))
    with pytest.raises(ValueError, match="^image: its 'genmodels-sheet' text chunk"):
        memorisation.query_tiles({"path": str(path)})


def _text_chunk(sheet: Image.Image, text: str | None = None):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text(images.SHEET_KEY, text or sheet.info[images.SHEET_KEY])
    return info
