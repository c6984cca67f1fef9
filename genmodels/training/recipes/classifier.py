"""The classifier: the project's judge of class accuracy, coverage and feature distances."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from ... import images
from ...models import FashionClassifier
from .base import Recipe


class ClassifierRecipe(Recipe):
    weight_decay = 1e-4

    def __init__(self, model_name, options):
        super().__init__(model_name, options)
        self.modules["model"] = FashionClassifier()
        self.optimizers["model"] = self.adam(self.modules["model"].parameters())

    def training_step(self, x, labels):
        # cosine learning-rate decay over the whole run: most of the last percent of accuracy comes late
        self.set_learning_rate("model", self.options["lr"] * self.cosine_factor())
        # horizontal flips are label-preserving for clothes and cost nothing
        flip = torch.rand(x.shape[0], device=x.device) < 0.5
        x = torch.where(flip[:, None, None, None], x.flip(-1), x)
        logits = self.modules["model"](x)
        loss = F.cross_entropy(logits, labels, label_smoothing=0.05)
        self.optimize("model", loss)
        return {"loss": loss.item(), "acc": (logits.argmax(1) == labels).float().mean().item()}

    @torch.no_grad()
    def evaluate(self, x, labels, judge=None):
        logits = torch.cat([self.modules["model"](chunk) for chunk in x.split(1000)])
        return {"test_accuracy": (logits.argmax(1) == labels).float().mean().item()}

    def preview(self, x, labels):
        return images.make_grid(x[:64])

    def save(self, out_dir):
        self.unwrap("model").save_pretrained(out_dir)
