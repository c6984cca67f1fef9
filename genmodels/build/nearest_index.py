"""The training-image index the app's nearest-image panel searches: weights/nearest/ from the dataset (~20 s).

    genmodels nearest-index --threads 1        # or: python -m genmodels.build.nearest_index

The 60,000 Fashion-MNIST training images in dataset order, their labels and the shipped classifier's features of
each (genmodels.nearest says how the shards are laid out and searched). Rerun it after retraining the classifier.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from .. import images
from ..data import load_arrays
from ..metrics import classifier_features
from ..nearest import INDEX_FOLDER, write_index
from ..zoo import Zoo


def build(weights_dir: Path, data_dir=None) -> list:
    """The 60,000 training images, their labels and their classifier features -> weights/nearest/ shards."""
    zoo = Zoo(weights_dir, device="cpu", defer_diffusion=True)
    pixels, labels = load_arrays("train", data_dir)
    features = classifier_features(zoo.model("classifier"), images.from_uint8(pixels))
    about = {"source": "Fashion-MNIST train split, in dataset order", "features": "weights/classifier penultimate"}
    return write_index(weights_dir / INDEX_FOLDER, torch.from_numpy(pixels.copy()), torch.from_numpy(labels.copy()),
                       torch.from_numpy(features), about)  # fmt: skip


def main(argv=None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weights", default="weights", help="the weights folder; the index goes to <weights>/nearest")
    parser.add_argument("--data-dir", default=None, help="folder with the Fashion-MNIST idx.gz files")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    paths = build(Path(args.weights), args.data_dir)
    for path in paths:
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return paths


if __name__ == "__main__":
    main()
