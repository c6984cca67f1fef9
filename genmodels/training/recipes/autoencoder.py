"""Plain, denoising, sparse and deep autoencoders: one network, trained three ways, and a deeper build of it."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from ... import images
from ...corruptions import add_pixel_noise
from ...metrics import psnr
from ...models import AutoEncoder
from .base import Recipe


class AutoEncoderRecipe(Recipe):
    """Plain AE (MSE), denoising AE (noisy input, clean target), sparse AE (ReLU code + L1)."""

    def __init__(self, model_name, options):
        super().__init__(model_name, options)
        self.modules["model"] = AutoEncoder(
            latent_dim=int(options["latent_dim"]),
            latent_activation=options["latent_activation"],
            top_k=int(options.get("top_k", 0)),
            channels=tuple(options.get("channels", (32, 64))),
            extra_layers=int(options.get("extra_layers", 0)),
        )
        self.optimizers["model"] = self.adam(self.modules["model"].parameters())

    def corrupt(self, x, generator=None):
        noise_max = float(self.options["noise_max"])
        if noise_max == 0:
            return x
        sigma = torch.rand(x.shape[0], generator=generator, device=x.device) * noise_max
        return add_pixel_noise(x, sigma, generator)

    def training_step(self, x, labels):
        recon, z = self.modules["model"](self.corrupt(x))
        mse = F.mse_loss(recon, x)
        l1 = z.abs().mean()
        loss = mse + float(self.options["l1"]) * l1
        self.optimize("model", loss)
        # The objective is the MSE on [-1, 1] images; train_mse is logged in [0, 1] pixel units, test_mse's unit
        # (a quarter of the objective's MSE: to_unit halves every difference). Runs before this logged the
        # objective's MSE as "mse", 4x test_mse for the same reconstructions; ui/curves.py converts those.
        train_mse = F.mse_loss(images.to_unit(recon.detach()), images.to_unit(x))
        return {"loss": loss.item(), "train_mse": train_mse.item(), "l1": l1.item()}

    @torch.no_grad()
    def evaluate(self, x, labels, judge=None):
        model = self.unwrap("model")
        recon, z = (torch.cat(parts) for parts in zip(*(model(chunk) for chunk in x.split(1000))))
        metrics = {
            "test_mse": F.mse_loss(images.to_unit(recon), images.to_unit(x)).item(),
            "test_psnr": psnr(recon, x).mean().item(),
            "active_latent_fraction": AutoEncoder.active_fraction(z),
        }
        if float(self.options["noise_max"]) > 0:
            noisy = add_pixel_noise(x, 0.3, self.generator())
            denoised = torch.cat([model.reconstruct(chunk) for chunk in noisy.split(1000)])
            metrics["test_psnr_noisy_input_sigma0.3"] = psnr(noisy, x).mean().item()
            metrics["test_psnr_denoised_sigma0.3"] = psnr(denoised, x).mean().item()
        return metrics

    @torch.no_grad()
    def preview(self, x, labels):
        model = self.unwrap("model")
        inputs = self.corrupt(x[:32], self.generator())
        return images.make_grid(torch.cat([inputs, model.reconstruct(inputs)]), nrow=8)

    def save(self, out_dir):
        self.unwrap("model").save_pretrained(out_dir)
