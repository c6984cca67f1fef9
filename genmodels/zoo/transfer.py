"""The zoo's transfer-learning task: one image through every shipped way of building the classifier."""

from __future__ import annotations

import torch

from ..checks import check_one_image
from ..models.encoder_classifier import TRANSFER_WAYS
from ..registry import transfer_model_name
from .loading import ModelUnavailable
from .task import task


class TransferTasks:
    """transfer_predict; a mixin of genmodels.zoo.Zoo (self.model and self.available come from LoadedModels)."""

    @task
    def transfer_predict(self, image) -> dict:
        """-> ways: the ways loaded, in TRANSFER_WAYS order; probabilities: (len(ways), 10), each row the class
        probabilities (softmax) of that way's 1,000-label classifier for the image. ModelUnavailable when none is."""
        x = self._to_device(check_one_image(image))
        ways = tuple(way for way in TRANSFER_WAYS if transfer_model_name(way) in self.available)
        if not ways:
            why = self.missing.get(transfer_model_name(TRANSFER_WAYS[0]), "not loaded")
            raise ModelUnavailable(
                f"the transfer classifiers are not available: {why} "
                "(train them with `python -m genmodels.training.transfer`)"
            )
        logits = [self.model(transfer_model_name(way))(x)[0] for way in ways]
        return {"ways": ways, "probabilities": torch.stack(logits).softmax(dim=1).cpu()}
