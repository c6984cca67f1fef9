"""genmodels.data: class names, the idx reader, where the data is looked up, and the full test set.

Tests marked ``full_dataset`` need the 70,000-image dataset and are skipped where it is missing;
everything else runs on small idx files written here or on the committed 1,000-image fixture.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
import torch

from genmodels import data
from genmodels.data import CLASS_NAMES, NUM_CLASSES, class_index, find_data_dir, load, load_arrays
from genmodels.images import from_uint8, to_uint8

full_dataset = pytest.mark.skipif(
    data.find_data_dir(split="test") is None or data.find_data_dir(split="train") is None,
    reason=f"full Fashion-MNIST not found (install dataset-fashion-mnist into {data.DEBIAN_DIR})",
)


def write_idx(path: Path, array: np.ndarray) -> None:
    """The idx format: 0, 0, type 0x08 (uint8), ndim, then big-endian dims and the raw bytes."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    with gzip.open(path, "wb") as file:
        file.write(header + array.tobytes())


def make_data_dir(folder: Path, marker: int, count: int = 3) -> Path:
    """A test split of `count` images whose first pixel is `marker`, labels 0, 1, 2, ..."""
    folder.mkdir(parents=True)
    images = np.zeros((count, 28, 28), np.uint8)
    images[:, 0, 0] = marker
    images[:, 14, 14] = np.arange(count) * 50
    write_idx(folder / "t10k-images-idx3-ubyte.gz", images)
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", np.arange(count) % NUM_CLASSES)
    return folder


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    """No GENMODELS_DATA, no Debian dir, a private cache: nothing is found unless a test adds it."""
    monkeypatch.delenv("GENMODELS_DATA", raising=False)
    monkeypatch.setattr(data, "DEBIAN_DIR", tmp_path / "no-debian-package")
    monkeypatch.setattr(data, "CACHE_DIR", tmp_path / "cache")
    return tmp_path


# --- class names -----------------------------------------------------------------------------------


def test_class_names_in_label_order():
    assert CLASS_NAMES == (
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    )  # fmt: skip
    assert NUM_CLASSES == 10
    assert [class_index(name) for name in CLASS_NAMES] == list(range(10))
    assert class_index("Bag") == 8
    with pytest.raises(ValueError, match="unknown class name 'bag'.*T-shirt/top, Trouser"):
        class_index("bag")


# --- reading idx files and the lookup order -------------------------------------------------------


def test_load_from_data_dir_reads_idx_exactly(isolated):
    folder = make_data_dir(isolated / "mine", marker=7, count=4)
    images, labels = load_arrays("test", data_dir=folder)
    assert images.shape == (4, 28, 28) and images.dtype == np.uint8
    assert labels.tolist() == [0, 1, 2, 3] and labels.dtype == np.int64
    assert images[:, 0, 0].tolist() == [7] * 4 and images[:, 14, 14].tolist() == [0, 50, 100, 150]
    dataset = load("test", data_dir=str(folder), limit=2)
    x, y = dataset.tensors
    assert x.shape == (2, 1, 28, 28) and x.dtype == torch.float32 and y.dtype == torch.int64
    assert torch.equal(x, from_uint8(images[:2])) and y.tolist() == [0, 1]
    assert x[1, 0, 14, 14] == 50 / 127.5 - 1


def test_lookup_order(isolated, monkeypatch):
    argument = make_data_dir(isolated / "argument", marker=1)
    environment = make_data_dir(isolated / "environment", marker=2)
    debian = make_data_dir(isolated / "debian", marker=3)
    monkeypatch.setattr(data, "DEBIAN_DIR", debian)
    monkeypatch.setenv("GENMODELS_DATA", str(environment))

    def first_pixel(**kwargs) -> int:
        return int(load_arrays("test", **kwargs)[0][0, 0, 0])

    assert first_pixel(data_dir=argument) == 1  # 1. the argument beats everything
    assert find_data_dir(argument, "test") == argument
    assert first_pixel() == 2  # 2. then the environment variable
    monkeypatch.delenv("GENMODELS_DATA")
    assert first_pixel() == 3  # 3. then the Debian package's folder
    monkeypatch.setenv("GENMODELS_DATA", str(isolated / "empty"))
    assert first_pixel() == 3  # a GENMODELS_DATA without the files is passed over

    monkeypatch.setattr(data, "DEBIAN_DIR", isolated / "gone")
    downloads = []
    monkeypatch.setattr(data, "_download", lambda split: downloads.append(split) or (np.zeros((1, 28, 28)), [5]))
    assert find_data_dir(split="test") is None
    assert load_arrays("test")[1] == [5] and downloads == ["test"]  # 4. then the download


def test_data_dir_without_the_files(isolated, monkeypatch):
    (isolated / "typo").mkdir()
    with pytest.raises(FileNotFoundError, match="typo.*does not contain t10k-images-idx3-ubyte.gz"):
        load_arrays("test", data_dir=isolated / "typo")  # nothing else has them: name the folder given
    monkeypatch.setattr(data, "DEBIAN_DIR", make_data_dir(isolated / "debian", marker=3))
    with pytest.raises(FileNotFoundError, match="typo"):  # an explicit folder never falls back to another
        load_arrays("test", data_dir=isolated / "typo")


def test_nothing_found_names_every_way_to_get_the_data(isolated, monkeypatch):
    from torchvision.datasets import FashionMNIST

    # Offline: the only mirror is a closed local port, so torchvision's download fails at once.
    monkeypatch.setattr(FashionMNIST, "mirrors", ["http://127.0.0.1:9/"])
    with pytest.raises(FileNotFoundError) as caught:
        load_arrays("test")
    message = str(caught.value)
    for way in ("data_dir=", "GENMODELS_DATA", "dataset-fashion-mnist", str(isolated / "no-debian-package"),
                "torchvision", str(isolated / "cache")):  # fmt: skip
        assert way in message, f"{way!r} missing from: {message}"


def test_no_data_switches_every_source_off(isolated, monkeypatch):
    monkeypatch.setattr(data, "DEBIAN_DIR", make_data_dir(isolated / "debian", marker=3))
    assert load_arrays("test")[0][0, 0, 0] == 3  # the Debian folder is there and found ...
    monkeypatch.setenv("GENMODELS_DATA", data.NO_DATA)
    with pytest.raises(FileNotFoundError, match="switched off"):  # ... until the dataset is switched off
        load_arrays("test")
    assert load_arrays("test", data_dir=isolated / "debian")[0][0, 0, 0] == 3  # an explicit folder still reads


def test_bad_split():
    with pytest.raises(ValueError, match="split must be 'train' or 'test', got 'validation'"):
        load_arrays("validation")


# --- the committed fixture and the full dataset ---------------------------------------------------


def test_fixture_is_a_balanced_slice(fashion_test):
    images, labels = fashion_test
    assert images.shape == (1000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (1000,) and labels.dtype == np.int64
    assert np.bincount(labels, minlength=10).min() >= 80  # every class is present, roughly balanced
    assert images.max() == 255 and images[:, 0, 0].max() < 128  # dark corners: the dataset's convention
    x, y = fashion_test.tensors()
    assert x.shape == (1000, 1, 28, 28) and x.min() == -1 and x.max() == 1 and torch.equal(y, torch.tensor(labels))


@full_dataset
def test_fixture_is_the_first_1000_test_images(fashion_test):
    images, labels = load_arrays("test")
    np.testing.assert_array_equal(fashion_test.images[0], images[0])
    np.testing.assert_array_equal(fashion_test.images, images[:1000])
    np.testing.assert_array_equal(fashion_test.labels, labels[:1000])


@full_dataset
def test_full_test_split():
    x, y = load("test").tensors
    assert x.shape == (10000, 1, 28, 28) and x.dtype == torch.float32
    assert y.shape == (10000,) and y.dtype == torch.int64
    assert x.min() == -1 and x.max() == 1
    assert torch.equal(from_uint8(to_uint8(x)), x)  # exactly the 256 uint8 levels, nothing in between
    assert torch.bincount(y, minlength=10).tolist() == [1000] * 10
    assert y[:10].tolist() == [9, 2, 1, 1, 6, 1, 4, 6, 5, 7]  # the well-known first test labels


@full_dataset
def test_full_train_split():
    images, labels = load_arrays("train")
    assert images.shape == (60000, 28, 28) and images.dtype == np.uint8
    assert np.bincount(labels, minlength=10).tolist() == [6000] * 10
