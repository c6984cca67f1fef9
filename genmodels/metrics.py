"""Quality measures shared by training, evaluation and tests."""

from __future__ import annotations

import math

import torch

from . import images
from .data import NUM_CLASSES


def psnr(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Per-image PSNR in dB of two [-1, 1] batches, measured in [0, 1] pixel units."""
    mse = (images.to_unit(a) - images.to_unit(b)).pow(2).flatten(1).mean(1)
    return 10 * torch.log10(1 / mse.clamp_min(1e-10))


class ClassifierJudge:
    """Judges generated images with the shipped classifier: class histogram, coverage, accuracy."""

    def __init__(self, classifier: torch.nn.Module):
        self.classifier = classifier.eval()

    @torch.no_grad()
    def predict(self, x: torch.Tensor) -> torch.Tensor:
        device = next(self.classifier.parameters()).device
        return torch.cat([self.classifier(chunk.to(device)).argmax(1).cpu() for chunk in x.split(500)])

    def coverage(self, samples: torch.Tensor, min_share: float = 0.01) -> dict:
        """How generated samples spread over the 10 classes.

        class_coverage: classes receiving at least `min_share` of the samples (10 = no class missing);
        class_entropy: entropy of the histogram divided by log(10) (1 = perfectly even, 0 = one class).
        """
        counts = torch.bincount(self.predict(samples), minlength=NUM_CLASSES).float()
        share = counts / counts.sum()
        entropy = -(share[share > 0] * share[share > 0].log()).sum().item() / math.log(NUM_CLASSES)
        return {
            "class_coverage": int((share >= min_share).sum()),
            "class_entropy": round(entropy, 4),
            "class_histogram": counts.int().tolist(),
        }

    def accuracy(self, samples: torch.Tensor, labels: torch.Tensor) -> float:
        return (self.predict(samples) == labels.cpu()).float().mean().item()
