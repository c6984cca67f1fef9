"""Shared pytest fixtures, and the markers each test folder gets.

The folders: unit/ (no server), app/ (the launched app over HTTP), browser/ (headless Chromium; marker `browser`),
quality/ (the shipped models' measured quality; marker `quality`). `pytest -m "not browser and not quality"` is the
fast loop; plain `pytest` runs everything.

``fashion_test`` is a committed slice of Fashion-MNIST (the first 1,000 test images, 445 kB), so
tests that need real images run on any machine, without the full dataset.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest
import torch

FIXTURES = Path(__file__).parent / "fixtures"
FASHION_TEST_FILE = FIXTURES / "fashion_test_1000.npz"
FOLDER_MARKERS = {"browser": "browser", "quality": "quality"}  # tests/<folder>/ -> the marker its tests get


def pytest_collection_modifyitems(config, items):
    """Mark every test by its folder, so `-m` selects them without a decorator on each."""
    root = Path(__file__).parent
    for item in items:
        folder = item.path.relative_to(root).parts[0] if item.path.is_relative_to(root) else None
        if folder in FOLDER_MARKERS:
            item.add_marker(FOLDER_MARKERS[folder])


class FashionTest(NamedTuple):
    """uint8 images (1000, 28, 28) and int64 labels (1000,), exactly as in the idx files."""

    images: np.ndarray
    labels: np.ndarray

    def tensors(self) -> tuple[torch.Tensor, torch.Tensor]:
        """Model tensors (1000, 1, 28, 28) in [-1, 1] and int64 labels."""
        from genmodels.images import from_uint8

        return from_uint8(self.images), torch.tensor(self.labels)


@pytest.fixture(scope="session")
def fashion_test() -> FashionTest:
    """The first 1,000 Fashion-MNIST test images and labels; unpack as ``images, labels = fashion_test``."""
    with np.load(FASHION_TEST_FILE) as data:
        images, labels = data["images"], data["labels"]
    images.setflags(write=False)  # shared by every test in the session: nobody may change it
    labels.setflags(write=False)
    return FashionTest(images, labels)
