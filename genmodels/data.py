"""Fashion-MNIST: where to find it, how to read it, what the labels mean.

The original idx.gz files are read directly (no torchvision needed), looked up in this order:

1. an explicit ``data_dir`` argument,
2. the ``GENMODELS_DATA`` environment variable,
3. ``/usr/share/datasets/fashion-mnist`` (Debian package ``dataset-fashion-mnist``),
4. torchvision's ``FashionMNIST(download=True)`` into ``~/.cache/genmodels`` (needs internet).

``GENMODELS_DATA=none`` makes every read fail instead: what a Space without the dataset sees. The app needs no
dataset at run time (its first views and latent map come from weights/ and assets/); the tests run it this way.

Tensors follow the project convention of :mod:`genmodels.images`: float32, (N, 1, 28, 28), in [-1, 1].
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import TensorDataset

from .images import from_uint8

# --augment: changes that keep an image a garment of its class, each image drawn on its own: a left-right mirror
# half the time, and a shift of up to 2 pixels each way (the background, -1, fills what moves in)
AUGMENT_SHIFT = 2

CLASS_NAMES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
NUM_CLASSES = len(CLASS_NAMES)
IMAGE_SIZE = 28

DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
NO_DATA = "none"  # GENMODELS_DATA=none: no dataset at all, no download either
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "genmodels"
_FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


def class_index(name: str) -> int:
    """The label of a class name (exact match, as in CLASS_NAMES)."""
    if name not in CLASS_NAMES:
        raise ValueError(f"unknown class name {name!r}; expected one of {', '.join(CLASS_NAMES)}")
    return CLASS_NAMES.index(name)


def _read_idx(path: Path) -> np.ndarray:
    """Read an idx file (optionally gzipped): big-endian magic, dims, then raw uint8 data."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def _has_files(folder: Path, split: str) -> bool:
    return all((folder / name).is_file() for name in _FILES[split])


def find_data_dir(data_dir: str | os.PathLike | None = None, split: str = "train") -> Path | None:
    """The first folder holding the idx.gz files, or None if only a download can provide them."""
    if data_dir is not None:
        # an explicit folder is a promise: a typo must not silently train on other data
        if not _has_files(Path(data_dir), split):
            raise FileNotFoundError(f"data_dir={str(data_dir)!r} does not contain {', '.join(_FILES[split])}")
        return Path(data_dir)
    for candidate in (os.environ.get("GENMODELS_DATA"), DEBIAN_DIR):
        if candidate and _has_files(Path(candidate), split):
            return Path(candidate)
    return None


def _download(split: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        from torchvision.datasets import FashionMNIST

        dataset = FashionMNIST(str(CACHE_DIR), train=split == "train", download=True)
    except Exception as error:
        raise FileNotFoundError(
            "Fashion-MNIST not found. Pass data_dir=..., set GENMODELS_DATA to a folder with the idx.gz "
            f"files, install the Debian package dataset-fashion-mnist ({DEBIAN_DIR}), or allow "
            f"torchvision to download it into {CACHE_DIR} (that failed: {error})"
        ) from error
    return dataset.data.numpy(), dataset.targets.numpy()


def load_arrays(split: str = "train", data_dir=None) -> tuple[np.ndarray, np.ndarray]:
    """Images as uint8 (N, 28, 28) and labels as int64 (N,), exactly as stored."""
    if split not in _FILES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    if data_dir is None and os.environ.get("GENMODELS_DATA") == NO_DATA:
        raise FileNotFoundError(f"Fashion-MNIST is switched off (GENMODELS_DATA={NO_DATA}), as on a Space")
    folder = find_data_dir(data_dir, split)
    if folder is None:
        return _download(split)
    images_file, labels_file = _FILES[split]
    return _read_idx(folder / images_file), _read_idx(folder / labels_file).astype(np.int64)


def load(split: str = "train", data_dir=None, limit: int | None = None) -> TensorDataset:
    """A TensorDataset of (image in [-1, 1] with shape (1, 28, 28), label)."""
    images, labels = load_arrays(split, data_dir)
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    return TensorDataset(from_uint8(images), torch.from_numpy(np.ascontiguousarray(labels)))


def augment(batch: torch.Tensor) -> torch.Tensor:
    """A batch of training images (N, 1, 28, 28) in [-1, 1], each randomly mirrored and shifted (AUGMENT_SHIFT)."""
    from torchvision.transforms import v2

    change = v2.Compose([v2.RandomHorizontalFlip(), v2.RandomCrop(IMAGE_SIZE, padding=AUGMENT_SHIFT, fill=-1.0)])
    return torch.stack([change(image) for image in batch])  # one by one: v2 draws one change per call
