"""The degradation suite: every denoising method on each degradation of genmodels.degradations.SUITE at three
strengths (mild, medium, strong), on the same test images; PSNR and SSIM against the clean image, and the gain
over the degraded input. The neural methods get the upload as a visitor's (no σ); the classical references
(non-local means, BM3D) get the true σ where the degradation has one, and the blind estimate otherwise.

BM3D costs ~0.15 s an image here, so it runs on the first `n_bm3d` images only; `bm3d_subset` compares every
method on those same images."""

from __future__ import annotations

import torch

from ... import degradations, registry
from ...filters import bm3d, estimate_noise_sigma, median3x3, non_local_means
from ...metrics import psnr, ssim
from .run import ZOO_BATCH, EvaluationRun, subset

ZOO_METHODS = ("blind", "dae", "vae", "diffusion")


def true_sigma(name: str, level: str) -> float | None:
    """The Gaussian noise's σ of a suite entry, where it has one (its last Gaussian step)."""
    kinds = name.replace("noise", "gaussian").split("+")
    return degradations.gaussian_sigma(degradations.STRENGTHS[level]) if "gaussian" in kinds else None


def score(outputs: dict[str, torch.Tensor], clean: torch.Tensor) -> dict:
    """PSNR, SSIM and the gain over the degraded input of each output; an output of fewer images (BM3D's) is
    scored on the first images only."""
    base = psnr(outputs["degraded input"], clean)
    scores = {}
    for name, y in outputs.items():
        p = psnr(y, clean[: len(y)])
        scores[name] = {
            "psnr": p.mean().item(),
            "ssim": ssim(y, clean[: len(y)]).mean().item(),
            "gain_db": (p - base[: len(y)]).mean().item(),
        }
    return scores


def degradation_suite(run: EvaluationRun) -> dict:
    zoo = run.zoo
    clean = subset(run.test_x, run.s.n_denoise, run.seed + 5)
    n_bm3d = min(run.s.n_bm3d, len(clean))
    methods = [m for m in ZOO_METHODS if run.wanted(registry.resolve(m).name)]
    results, on_bm3d_subset = {}, {}
    conditions = [(name, level) for name in degradations.SUITE for level in degradations.STRENGTHS]
    for i, (name, level) in enumerate(run.bar(conditions, "degradation suite")):
        degraded = degradations.degrade(name, clean, level, torch.Generator().manual_seed(run.seed + i))
        sigma = true_sigma(name, level)
        sigmas = torch.full((len(degraded),), sigma) if sigma is not None else estimate_noise_sigma(degraded)
        outputs = {
            "degraded input": degraded,
            "median 3x3": median3x3(degraded).clamp(-1, 1),
            "non-local means": non_local_means(degraded, sigmas).clamp(-1, 1),
        }
        for method in methods:  # an upload that is already degraded: noise_sigma 0
            chunks = degraded.split(ZOO_BATCH)
            outputs[method] = torch.cat(
                [zoo.denoise(c, 0.0, method, run.seed + k)["denoised"] for k, c in enumerate(chunks)]
            )
        if n_bm3d:
            outputs["bm3d"] = bm3d(degraded[:n_bm3d], float(sigmas[:n_bm3d].median()))
        results.setdefault(name, {})[level] = score(outputs, clean)
        if n_bm3d:
            on_bm3d_subset.setdefault(name, {})[level] = score(
                {k: v[:n_bm3d] for k, v in outputs.items()}, clean[:n_bm3d]
            )
    return {
        "n_images": len(clean),
        "n_bm3d": n_bm3d,
        "strengths": dict(degradations.STRENGTHS),
        "results": results,
        "mean_psnr": mean_over_suite(results),
        "bm3d_subset_mean_psnr": mean_over_suite(on_bm3d_subset) if n_bm3d else {},
    }


def mean_over_suite(results: dict) -> dict[str, float]:
    """Each method's PSNR averaged over every degradation and strength it was measured on."""
    cells = [cell for by_level in results.values() for cell in by_level.values()]
    names = {name for cell in cells for name in cell}
    return {
        name: sum(cell[name]["psnr"] for cell in cells if name in cell) / sum(name in cell for cell in cells)
        for name in sorted(names)
    }
