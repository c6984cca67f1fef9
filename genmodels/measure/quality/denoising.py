"""The denoising section: PSNR / SSIM after Gaussian noise (σ = 0.1, 0.3, 0.5) and 10% salt-and-pepper, for the
denoising AE, the VAE, diffusion (SDEdit), the blind denoiser and the classical filters, every method on the same
noisy images. The degradations section (degradation_suite.py) measures them on noise, specks, compression and blur."""

from __future__ import annotations

import torch

from ... import registry
from ...corruptions import salt_and_pepper
from ...filters import estimate_noise_sigma, gaussian_blur, non_local_means
from ...metrics import psnr, ssim
from .run import ZOO_BATCH, EvaluationRun, subset

GAUSSIAN_SIGMAS = (0.1, 0.3, 0.5)  # [0, 1] pixel units
SALT_PEPPER_FRACTION = 0.1


def denoising(run: EvaluationRun) -> dict:
    zoo = run.zoo
    clean = subset(run.test_x, run.s.n_denoise, run.seed + 2)
    methods = [m for m in ("dae", "vae", "diffusion", "blind") if run.wanted(registry.resolve(m).name)]
    conditions = {f"gaussian_{sigma:g}": sigma for sigma in GAUSSIAN_SIGMAS}
    conditions[f"salt_pepper_{SALT_PEPPER_FRACTION:g}"] = None
    results = {}
    for condition, sigma in run.bar(conditions.items(), "denoising"):
        chunks = list(clean.split(ZOO_BATCH))
        seeds = [run.seed + i for i in range(len(chunks))]
        if sigma is None:  # salt and pepper: made here, then handed over as an already-noisy upload (σ = 0)
            generator = torch.Generator().manual_seed(run.seed + 3)
            noisy_chunks = [salt_and_pepper(chunk, SALT_PEPPER_FRACTION, generator) for chunk in chunks]
            inputs, zoo_sigma = noisy_chunks, 0.0
        else:  # the zoo adds the noise itself from the seed: the same noisy images for every method
            noisy_chunks = [zoo.denoise(chunk, sigma, "median", k)["noisy"] for chunk, k in zip(chunks, seeds)]
            inputs, zoo_sigma = chunks, sigma
        noisy = torch.cat(noisy_chunks)
        known_sigma = torch.full((len(noisy),), sigma) if sigma is not None else estimate_noise_sigma(noisy)
        outputs = {
            "noisy input": noisy,
            "median 3x3": torch.cat([zoo.denoise(c, 0.0, "median", 0)["denoised"] for c in noisy_chunks]),
            "gaussian blur σ=1px": gaussian_blur(noisy).clamp(-1, 1),
            "non-local means": non_local_means(noisy, known_sigma).clamp(-1, 1),
        }
        for method in methods:
            parts = []
            for chunk, k, expected in zip(inputs, seeds, noisy_chunks):
                out = zoo.denoise(chunk, zoo_sigma, method, k)
                if not torch.equal(out["noisy"], expected):
                    raise RuntimeError(f"denoise({method}) saw different noise than the baselines")
                parts.append(out["denoised"])
            outputs[method] = torch.cat(parts)
        results[condition] = {
            name: {"psnr": psnr(y, clean).mean().item(), "ssim": ssim(y, clean).mean().item()}
            for name, y in outputs.items()
        }
        if sigma is None:
            results[condition]["estimated_sigma_mean"] = known_sigma.mean().item()
    return {"n_images": len(clean), "conditions": results}
