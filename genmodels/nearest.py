"""The training set as the app ships it, for memorisation checks: the 60,000 Fashion-MNIST training images, their
labels and their classifier features, in small safetensors shards, and an exact brute-force nearest-neighbour search
over them (in the classifier's feature space and in pixels).

    genmodels nearest-index                               # writes weights/nearest/train_NN.safetensors from the dataset
    index = TrainingIndex.load("weights/nearest")         # what the zoo does, on the first nearest-neighbour request
    found = index.nearest(pixels, features, k=3)          # pixels uint8 (N, 28, 28), features (N, 128)

Why shards: the app reads no dataset at run time and every shipped file stays under 10 MB; 5,000 images per shard
(3.9 MB of uint8 pixels + 1.3 MB of float16 features) keeps each at 5.2 MB.

Distances are exact: both are computed as |a|² - 2 a·b + |b|² in float64 on values that float64 holds exactly
(pixels as their integer levels 0-255, features rounded to float16 as they are stored), so an image of the training
set finds itself at distance 0. Pixel distances are reported as the root mean square difference per pixel in [0, 1]
units; feature distances are Euclidean, in the classifier's own units (its 128 ReLU activations).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

INDEX_FOLDER = "nearest"  # weights/<this>
SHARD_SIZE = 5_000
SHARD_NAME = "train_{:02d}.safetensors"
CONFIG_NAME = "index.json"
SEARCH_CHUNK = 10_000  # training rows upcast to float64 at a time (63 MB of pixels): bounded memory per request
PIXELS = 28 * 28


def feature_grid(features: torch.Tensor) -> torch.Tensor:
    """Features as the index holds them: rounded to float16 (its storage type), so queries compare like with like."""
    return features.detach().cpu().half()


def write_index(folder: Path, pixels: torch.Tensor, labels: torch.Tensor, features: torch.Tensor, about: dict) -> list:
    """Write the shards (pixels uint8 (N, 28, 28), labels uint8 (N,), features float16 (N, D)) and index.json."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("train_*.safetensors"):
        old.unlink()
    paths = []
    for number, start in enumerate(range(0, len(pixels), SHARD_SIZE)):
        rows = slice(start, start + SHARD_SIZE)
        path = folder / SHARD_NAME.format(number)
        save_file(
            {
                "pixels": pixels[rows].contiguous(),
                "labels": labels[rows].to(torch.uint8).contiguous(),
                "features": feature_grid(features[rows]).contiguous(),
            },
            path,
        )
        paths.append(path)
    config = {"images": len(pixels), "shards": len(paths), "feature_dim": features.shape[1], **about}
    (folder / CONFIG_NAME).write_text(json.dumps(config, indent=1) + "\n")
    return paths


def _squared_distances(queries: torch.Tensor, rows: torch.Tensor, row_norms: torch.Tensor) -> torch.Tensor:
    """(Q, D) x (R, D) float64, with |row|² (R,) -> (Q, R) squared Euclidean distances, clamped at 0 (rounding only)."""
    return (queries.square().sum(1, keepdim=True) - 2 * queries @ rows.T + row_norms).clamp_min_(0)


def _squared_norms(bank: torch.Tensor) -> torch.Tensor:
    """|row|² of every row, float64, computed chunk by chunk (bounded memory)."""
    return torch.cat([chunk.double().square().sum(1) for chunk in bank.split(SEARCH_CHUNK)])


@dataclass
class TrainingIndex:
    pixels: torch.Tensor  # uint8 (N, 28, 28)
    labels: torch.Tensor  # uint8 (N,)
    features: torch.Tensor  # float16 (N, D)
    about: dict
    norms: dict = field(default_factory=dict)  # space -> |row|² (N,), float64, filled on the first search

    @classmethod
    def load(cls, folder) -> TrainingIndex:
        """Read index.json and every shard it names; FileNotFoundError saying which command writes them."""
        folder = Path(folder)
        config_path = folder / CONFIG_NAME
        if not config_path.is_file():
            raise FileNotFoundError(f"{config_path} is missing (build it with `genmodels nearest-index`)")
        about = json.loads(config_path.read_text())
        shards = [load_file(folder / SHARD_NAME.format(number)) for number in range(about["shards"])]
        index = cls(*(torch.cat([shard[key] for shard in shards]) for key in ("pixels", "labels", "features")), about)
        if len(index.pixels) != about["images"]:
            raise ValueError(f"{folder}: the shards hold {len(index.pixels)} images, index.json says {about['images']}")
        return index

    def __len__(self) -> int:
        return len(self.pixels)

    def nearest(self, pixels: torch.Tensor, features: torch.Tensor, k: int) -> dict:
        """Queries (uint8 pixels (Q, 28, 28), features (Q, D)) -> for "features" and "pixels": indices (Q, k) of
        their k nearest training images, nearest first, and distances (Q, k) (see the module docstring's units)."""
        query_pixels = pixels.reshape(len(pixels), PIXELS).double()
        query_features = feature_grid(features).double()
        found = {}
        for space, queries, bank, scale in (
            ("features", query_features, self.features, 1.0),
            ("pixels", query_pixels, self.pixels.reshape(len(self), PIXELS), 1.0 / (255.0**2 * PIXELS)),
        ):
            if space not in self.norms:  # once: halves the time of every later search (a dict write: thread-safe)
                self.norms[space] = _squared_norms(bank)
            best_d = torch.empty((len(queries), 0), dtype=torch.float64)  # the k best so far, grown chunk by chunk
            best_i = torch.empty((len(queries), 0), dtype=torch.long)
            for start in range(0, len(bank), SEARCH_CHUNK):  # a running top-k over chunks of the training set
                rows = slice(start, start + SEARCH_CHUNK)
                d = _squared_distances(queries, bank[rows].double(), self.norms[space][rows])
                d_k, i_k = d.topk(min(k, d.shape[1]), dim=1, largest=False)
                best_d, order = torch.cat([best_d, d_k], 1).topk(min(k, best_d.shape[1] + d_k.shape[1]), 1, False)
                best_i = torch.cat([best_i, i_k + start], 1).gather(1, order)
            found[space] = {"indices": best_i, "distances": (best_d * scale).sqrt().float()}
        return found
