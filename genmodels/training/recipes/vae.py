"""β-VAEs: KL warm-up, KL per latent dimension (posterior collapse), and the 2-D VAE's shipped latent map."""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F

from ... import images
from ...metrics import psnr
from ...models import VAE
from ...models.vae import ACTIVE_KL_NATS, LATENT_MAP_FILE, LATENT_MAP_SIZE
from .base import Recipe


class VAERecipe(Recipe):
    """β-VAE with linear KL warm-up; logs the KL of every latent dimension to expose collapse."""

    def __init__(self, model_name, options):
        super().__init__(model_name, options)
        self.modules["model"] = VAE(
            latent_dim=int(options["latent_dim"]),
            beta=float(options["beta"]),
            channels=tuple(options.get("channels", (32, 64))),
            likelihood=options.get("likelihood", "bernoulli"),
            fixed_sigma=float(options.get("fixed_sigma", 0.1)),
        )
        self.optimizers["model"] = self.adam(self.modules["model"].parameters())

    def beta_now(self) -> float:
        warmup_steps = float(self.options["kl_warmup_epochs"]) * self.options["steps_per_epoch"]
        ramp = min(1.0, self.step / warmup_steps) if warmup_steps > 0 else 1.0
        return float(self.options["beta"]) * ramp

    def training_step(self, x, labels):
        terms = self.modules["model"](x, beta=self.beta_now())
        self.optimize("model", terms["loss"])
        logs = {
            "loss": terms["loss"].item(),
            "recon": terms["recon"].item(),
            "kl": terms["kl"].item(),
            "beta": self.beta_now(),
        }
        if hasattr(self.unwrap("model"), "log_sigma"):
            logs["sigma"] = self.unwrap("model").log_sigma.exp().item()
        return logs

    @torch.no_grad()
    def evaluate(self, x, labels, judge=None):
        model = self.unwrap("model")
        g = self.generator()
        terms = [model(chunk, generator=g) for chunk in x.split(1000)]
        recon = torch.cat([model.reconstruct(chunk) for chunk in x.split(1000)])
        kl_per_dim = torch.stack([t["kl_per_dim"] for t in terms]).mean(0)
        neg_elbo = sum(t["recon"] + t["kl"] for t in terms).item() / len(terms)
        metrics = {
            "test_neg_elbo": neg_elbo,
            "test_bits_per_dim": model.bits_per_dim(neg_elbo),
            # -log p(x|z) of the model's likelihood (the Bernoulli's BCE, or the Gaussian's), in nats per image
            "test_recon_nll": sum(t["recon"] for t in terms).item() / len(terms),
            "test_kl": sum(t["kl"] for t in terms).item() / len(terms),
            "test_mse": F.mse_loss(images.to_unit(recon), images.to_unit(x)).item(),
            "test_psnr": psnr(recon, x).mean().item(),
            "kl_per_dim": [round(v, 4) for v in kl_per_dim.tolist()],
            # a dimension carrying <= ACTIVE_KL_NATS is collapsed onto the prior: the decoder ignores it
            "active_dims": int((kl_per_dim > ACTIVE_KL_NATS).sum()),
        }
        if judge is not None:
            metrics.update(judge.coverage(model.sample(1000, generator=g)))
        return metrics

    @torch.no_grad()
    def preview(self, x, labels):
        return images.make_grid(self.unwrap("model").sample(64, generator=self.generator()))

    def save(self, out_dir):
        self.unwrap("model").save_pretrained(out_dir)

    def save_test_artifacts(self, out_dir, x, labels):
        """A 2-D VAE also ships its latent map (the app reads it instead of the dataset)."""
        model = self.unwrap("model")
        if model.latent_dim == 2:
            write_latent_map(model, x, labels, out_dir)


@torch.no_grad()
def write_latent_map(model: VAE, x: torch.Tensor, labels: torch.Tensor, out_dir) -> Path:
    """The encoder means μ of the first LATENT_MAP_SIZE images -> OUT/latent_map.safetensors (z, labels)."""
    from safetensors.torch import save_file

    x, labels = x[:LATENT_MAP_SIZE], labels[:LATENT_MAP_SIZE]
    z = torch.cat([model.encode(chunk)[0] for chunk in x.split(500)])
    path = Path(out_dir) / LATENT_MAP_FILE
    save_file({"z": z.float().cpu().contiguous(), "labels": labels.cpu().contiguous()}, str(path))
    return path
