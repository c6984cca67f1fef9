"""The blind denoiser: clean training images, a fresh degradation mixture every batch, the clean image as target."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from ... import degradations, images
from ...metrics import psnr
from ...models.denoiser import BlindDenoiser
from .base import Recipe

EVAL_LEVEL = "medium"  # the per-epoch log's strength; the evaluation measures mild, medium and strong


class DenoiserRecipe(Recipe):
    """MSE between the restored and the clean image; the learning rate decays on a cosine to 0."""

    def __init__(self, model_name, options):
        super().__init__(model_name, options)
        self.modules["model"] = BlindDenoiser(channels=int(options["channels"]), depth=int(options["depth"]))
        self.optimizers["model"] = self.adam(self.modules["model"].parameters())
        self.degrade_generator = torch.Generator().manual_seed(int(options.get("seed", 0)))

    def training_step(self, x, labels):
        self.set_learning_rate("model", self.options["lr"] * self.cosine_factor())
        # mirrored garments are garments too: doubles the clean images the mixture is drawn over
        x = torch.where(torch.rand(len(x), 1, 1, 1, generator=self.degrade_generator) < 0.5, x.flip(-1), x)
        degraded = degradations.random_degradations(x.cpu(), self.degrade_generator).to(x.device)
        loss = F.mse_loss(self.modules["model"](degraded), x)
        self.optimize("model", loss)
        return {"loss": loss.item(), "train_psnr": 10 * torch.log10(4 / loss.detach()).item()}

    @torch.no_grad()
    def evaluate(self, x, labels, judge=None):
        model = self.unwrap("model")
        metrics = {"test_psnr_clean_input": psnr(model(x), x).mean().item()}
        for name in degradations.SUITE:
            degraded = degradations.degrade(name, x.cpu(), EVAL_LEVEL, self.cpu_generator()).to(x.device)
            metrics[f"test_gain_db_{name}"] = (psnr(model(degraded), x) - psnr(degraded, x)).mean().item()
        return metrics

    @torch.no_grad()
    def preview(self, x, labels):
        """Rows in pairs: degraded (one suite entry per row pair), then restored."""
        model = self.unwrap("model")
        rows = []
        for name in degradations.SUITE:
            degraded = degradations.degrade(name, x[:8].cpu(), EVAL_LEVEL, self.cpu_generator()).to(x.device)
            rows += [degraded, model(degraded)]
        return images.make_grid(torch.cat(rows), nrow=8)

    def cpu_generator(self) -> torch.Generator:
        """The degradations draw on the CPU, whatever device the model is on."""
        return torch.Generator().manual_seed(self.preview_seed)

    def save(self, out_dir):
        self.unwrap("model").save_pretrained(out_dir)
