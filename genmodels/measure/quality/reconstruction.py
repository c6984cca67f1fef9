"""The reconstruction section: MSE, PSNR and SSIM of every autoencoder and VAE on the reference test images; for a
VAE also the KL of each latent dimension, which shows posterior collapse (the VAE tab's bar charts read it)."""

from __future__ import annotations

import time

import torch

from ... import images, registry
from ...metrics import psnr, ssim
from ...models import VAE, AutoEncoder
from ...models.vae import ACTIVE_KL_NATS
from ...zoo import reconstruction_models
from .run import EvaluationRun, batched, subset


def reconstruction(run: EvaluationRun) -> dict:
    x = subset(run.test_x, run.s.n_reference, run.seed)
    rows = {}
    for name in run.bar(reconstruction_models(), "reconstruction"):
        if not run.wanted(name):
            continue
        net = run.zoo.model(name)
        start = time.perf_counter()
        recon = batched(lambda c, net=net: net.reconstruct(c).clamp(-1, 1), x, run.device)
        seconds = time.perf_counter() - start
        rows[name] = {
            "latent_dim": int(net.latent_dim),
            "parameters": sum(p.numel() for p in net.parameters()),
            "mse": (images.to_unit(recon) - images.to_unit(x)).pow(2).mean().item(),
            "psnr": psnr(recon, x).mean().item(),
            "ssim": ssim(recon, x).mean().item(),
            "n_images": len(x),
            "seconds_per_image": seconds / len(x),
        }
        if registry.get(name).family == "AE":  # deterministic codes; a VAE's sparsity is its KL per dimension
            # the sparse AE's point: the share of latent units that are non-zero, as training logs it
            codes = batched(lambda c, net=net: net.encode(c), x, run.device)
            rows[name]["active_latent_fraction"] = AutoEncoder.active_fraction(codes)
        if isinstance(net, VAE):
            rows[name].update(kl_per_dimension(net, x, run.device))
            rows[name].update(test_elbo(net, x, run.device, run.seed))
            rows[name].update(prior_hole(net, x, run.device, run.seed))
    return {"rows": rows}


@torch.no_grad()
def prior_hole(vae: VAE, x, device, seed: int, draws: int = 5000, quantile: float = 0.99) -> dict:
    """The prior hole: the share of prior samples (through a learned prior where there is one) that land farther
    from every image's code z ~ q(z|x) (the aggregate posterior) than all but 1 - quantile of held-out images'
    codes do. Those codes score 1 - quantile by construction; a prior that matches the codes scores near it."""
    generator = torch.Generator(device=device).manual_seed(seed)
    codes = batched(lambda c: vae.reparameterize(*vae.encode(c), generator), x, device)
    reference, held_out = codes[: len(codes) // 2], codes[len(codes) // 2 :]
    radius = torch.quantile(torch.cdist(held_out, reference).min(1).values, quantile)
    z = vae.sample_prior(draws, torch.Generator().manual_seed(seed)).float().cpu()
    return {"prior_hole": (torch.cdist(z, reference).min(1).values > radius).float().mean().item()}


def test_elbo(vae: VAE, x, device, seed: int) -> dict:
    """The negative ELBO (β = 1, one posterior draw per image) in nats per image, and in bits per 8-bit pixel where
    the likelihood is one of 8-bit pixels (every one but the Bernoulli): the variants compare on likelihood too."""
    generator = torch.Generator(device=device).manual_seed(seed)

    def summed(chunk):  # the forward pass returns means over the chunk
        terms = vae(chunk, beta=1.0, generator=generator)
        return ((terms["recon"] + terms["kl"]) * len(chunk)).view(1)

    nats = batched(summed, x, device).double().sum().item() / len(x)
    return {"neg_elbo_nats": nats, "bits_per_dim": vae.bits_per_dim(nats), "likelihood": vae.likelihood}


def kl_per_dimension(vae: VAE, x, device) -> dict:
    """Mean KL(q(z_d|x) || N(0, 1)) of each latent dimension over the images x (nats), and how many exceed
    ACTIVE_KL_NATS: the dimensions the decoder can use. The rest are collapsed onto the prior."""
    kl = batched(lambda c: VAE.kl_per_dimension(*vae.encode(c)), x, device).double().mean(0)
    return {
        "kl_per_dim": kl.tolist(),
        "active_dims": int((kl > ACTIVE_KL_NATS).sum()),
        "active_kl_nats": ACTIVE_KL_NATS,
    }
