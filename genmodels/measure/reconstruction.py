"""The reconstruction section: MSE, PSNR and SSIM of every autoencoder and VAE on the reference test images."""

from __future__ import annotations

import time

from .. import images
from ..metrics import psnr, ssim
from ..models import AutoEncoder
from ..zoo import RECONSTRUCTION_MODELS
from .run import EvaluationRun, batched, subset

CODE_MODELS = ("ae", "dae", "sparse_ae")  # deterministic codes; a VAE's sparsity is its KL per dimension


def reconstruction(run: EvaluationRun) -> dict:
    x = subset(run.test_x, run.s.n_reference, run.seed)
    rows = {}
    for name in run.bar(RECONSTRUCTION_MODELS, "reconstruction"):
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
        if name in CODE_MODELS:
            # the sparse AE's point: the share of latent units that are non-zero, as training logs it
            codes = batched(lambda c, net=net: net.encode(c), x, run.device)
            rows[name]["active_latent_fraction"] = AutoEncoder.active_fraction(codes)
    return {"rows": rows}
