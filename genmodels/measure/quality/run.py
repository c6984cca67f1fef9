"""What every evaluation section shares: the zoo, the test data, the reference features, the record of what was
skipped and why, and the small helpers that draw seeded subsets and run models in batches.

Each section is a function of one `EvaluationRun` (genmodels/measure/quality/generation.py, guidance.py, ...)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from tqdm.auto import tqdm

from ... import images
from ...data import load
from ...metrics import (
    ClassifierJudge,
    classifier_features,
    frechet_distance,
    kernel_inception_distance,
    mean_gradient_magnitude,
    precision_recall,
)
from ...zoo import Zoo
from .inception import inception_fid
from .settings import Settings

ZOO_BATCH = 64  # the zoo's largest n per sampling / denoising call


def subset(x: torch.Tensor, n: int, seed: int, *others: torch.Tensor):
    """A seeded random subset of n rows (of x and of `others`, the same rows)."""
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))[: min(n, len(x))]
    picked = [x[order]] + [other[order] for other in others]
    return picked[0] if not others else tuple(picked)


def in_chunks(sample, n: int, seed: int, desc: str, progress: bool, chunk: int = ZOO_BATCH) -> torch.Tensor:
    """Call sample(count, seed) for chunks of at most `chunk` images; chunk i uses seed + i (same seeds for
    every model, so the rows compare on the same noise where the models share a latent shape)."""
    starts = range(0, n, chunk)
    return torch.cat(
        [
            sample(min(chunk, n - start), seed + i)
            for i, start in enumerate(tqdm(starts, desc=desc, disable=not progress, leave=False))
        ]
    )


@torch.inference_mode()
def batched(fn, x: torch.Tensor, device, batch_size: int = 500) -> torch.Tensor:
    """fn over x in batches on `device` -> CPU tensor."""
    return torch.cat([fn(chunk.to(device)).float().cpu() for chunk in x.split(batch_size)])


def save_grid(samples: torch.Tensor, path: Path, nrow: int = 8) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    images.make_grid(samples, nrow=nrow, scale=2).save(path)
    return path.name


class EvaluationRun:
    """One evaluation: the zoo, the settings, the data and the reference features, computed once."""

    def __init__(
        self,
        zoo: Zoo,
        settings: Settings,
        seed: int,
        models,
        grids_dir: Path,
        data_dir=None,
        progress=True,
        inception=False,
    ):
        self.zoo, self.s, self.seed, self.models = zoo, settings, seed, tuple(models)
        self.grids_dir, self.progress = grids_dir, progress
        self.inception = {
            "available": False,
            "reason": "not run (pass --inception; needs torch-fidelity and its Inception weights)",
        }
        self.try_inception = inception
        self.device = zoo.device
        self.skipped: dict[str, str] = {}
        self.test_x, self.test_y = load("test", data_dir=data_dir).tensors
        self.data_dir = data_dir
        self._train = None
        self.classifier = zoo.model("classifier") if "classifier" in zoo.available else None
        self.judge = ClassifierJudge(self.classifier) if self.classifier is not None else None
        self._reference = None

    @property
    def train(self):
        if self._train is None:
            self._train = load("train", data_dir=self.data_dir).tensors
        return self._train

    def wanted(self, name: str, needs: str | None = None) -> bool:
        """Is `name` selected, and is the model it needs loaded? Records why not."""
        if name not in self.models:
            return False
        needs = needs or name
        if needs not in self.zoo.available:
            self.skipped[name] = self.zoo.missing.get(needs, f"{needs} not loaded")
            return False
        return True

    def bar(self, iterable, desc: str, **kwargs):
        return tqdm(iterable, desc=desc, disable=not self.progress, leave=False, **kwargs)

    def grid_path(self, samples: torch.Tensor, name: str, nrow: int = 8) -> str:
        """Save a sample grid next to the JSON -> its path as the JSON records it (eval_samples/<name>.png)."""
        return f"{self.grids_dir.name}/{save_grid(samples, self.grids_dir / f'{name}.png', nrow)}"

    @property
    def reference(self) -> tuple[torch.Tensor, np.ndarray]:
        """The reference set (test images) and its classifier features, computed once."""
        if self._reference is None:
            x = subset(self.test_x, self.s.n_reference, self.seed)
            self._reference = (x, classifier_features(self.classifier, x))
        return self._reference

    def distances(self, samples: torch.Tensor) -> dict:
        """FD, KID, precision / recall and class coverage of samples against the reference set."""
        _, ref = self.reference
        features = classifier_features(self.classifier, samples)
        # KID's kernel (x·y/D + 1)³ assumes O(1) features, like Inception's; this classifier's are sparse ReLU
        # activations of RMS ~2, which made the estimate ~20x noisier: both sets share one scale, the reference RMS
        scale = float(np.sqrt((ref**2).mean())) or 1.0
        kid, kid_std = kernel_inception_distance(
            features / scale, ref / scale, self.s.kid_subsets, self.s.kid_subset_size, seed=self.seed
        )
        m = min(len(features), len(ref))  # equal sizes: the k-NN radii depend on the set size
        precision, recall = precision_recall(ref[:m], features[:m], k=self.s.pr_k)
        return {
            "fid": frechet_distance(features, ref),
            "kid": kid,
            "kid_std": kid_std,
            "precision": precision,
            "recall": recall,
            # 1 = as much edge as the test images; a blurry sampler falls below
            "sharpness": mean_gradient_magnitude(samples) / mean_gradient_magnitude(self.reference[0]),
            **self.judge.coverage(samples),
        }

    def generation_row(
        self, label: str, samples: torch.Tensor, seconds: float | None, grid: str | None = None, **extra
    ) -> dict:
        """One row of the generation table: the distances, the time per image, the Inception FID when asked for
        (and available), the sample grid."""
        row = {"label": label, "n_samples": len(samples), **self.distances(samples)}
        row["seconds_per_image"] = seconds / len(samples) if seconds is not None else None
        if self.try_inception:
            fid = inception_fid(samples, self.reference[0], cuda=self.device.type == "cuda")
            self.inception = {k: v for k, v in fid.items() if k != "fid"}
            self.try_inception = fid["available"]  # a missing package or download fails the same way every time
            if fid["available"]:
                row["inception_fid"] = fid["fid"]
        if grid:
            row["grid"] = self.grid_path(samples[: self.s.grid_images], grid)
        return {**row, **extra}
