"""The zoo's memorisation task: the training images nearest to a generated one, in the classifier's feature space and
in pixels, searched exactly over the shipped training index (genmodels/nearest.py, weights/nearest/)."""

from __future__ import annotations

import torch

from .. import images
from ..checks import check_images, check_int
from ..nearest import INDEX_FOLDER, TrainingIndex
from .loading import ModelUnavailable
from .task import task

MAX_NEIGHBOURS = 16
NEIGHBOUR_SPACES = ("features", "pixels")


class MemorisationTasks:
    """nearest_training_images; a mixin of genmodels.zoo.Zoo (the lock, the classifier and weights_dir come from
    LoadedModels)."""

    def training_index(self) -> TrainingIndex:
        """weights/nearest/, read on first use (47 MB of pixels, 15 MB of features: not at start-up, which is
        timed; 0.05 s), then kept. ModelUnavailable when the shards are not there."""
        with self._lock:
            if self._training_index is None:
                try:
                    self._training_index = TrainingIndex.load(self.weights_dir / INDEX_FOLDER)
                except (FileNotFoundError, ValueError, OSError) as why:
                    raise ModelUnavailable(f"the training-set index is not available: {why}") from None
        return self._training_index

    @task
    def nearest_training_images(self, image, k: int = 3) -> dict:
        """image (N, 1, 28, 28) in [-1, 1] (N up to 4096), k in [1, 16] -> for each of "features" (the shipped
        classifier's penultimate layer) and "pixels": indices (N, k) into the 60,000 training images, nearest
        first, distances (N, k), labels (N, k) and images (N, k, 1, 28, 28) in [-1, 1]; plus "query": the images as
        searched (rounded to 8 bits, as a picture shows them). Units: genmodels/nearest.py."""
        x = check_images(image)
        k = check_int(k, "k", 1, MAX_NEIGHBOURS)
        index = self.training_index()
        classifier = self.model("classifier")
        pixels = torch.from_numpy(images.to_uint8(x))  # the 8-bit picture the visitor sees is what is searched
        query = images.from_uint8(pixels.numpy())
        features = torch.cat([classifier.features(chunk.to(self.device)).cpu() for chunk in query.split(500)])
        found = index.nearest(pixels, features, k)
        for hits in found.values():
            hits["labels"] = index.labels[hits["indices"]].long()
            hits["images"] = images.from_uint8(index.pixels[hits["indices"]].reshape(-1, 28, 28).numpy()).reshape(
                len(x), k, 1, 28, 28
            )
        return {"query": query, **found}
