"""The guidance section: class-conditional diffusion at every guidance scale. Accuracy = the shipped classifier
agrees with the requested class; the distances say what the guidance costs in diversity."""

from __future__ import annotations

import time

import torch

from ...data import CLASS_NAMES, NUM_CLASSES
from ...diffusion.pipeline import GUIDANCE_INTERVAL
from .run import EvaluationRun, in_chunks

CLASS_SEED_STRIDE = 1000  # class c is sampled from seed + 1000 (c + 1): no class shares another's noise


def guidance(run: EvaluationRun) -> dict:
    """Class-conditional DDIM samples, n_per_class of each class, at every guidance scale (same seeds)."""
    if run.classifier is None or not run.wanted("diffusion"):
        return {
            "skipped": run.skipped.get("diffusion", "diffusion not selected") if run.classifier else "no classifier"
        }
    s, results = run.s, {}
    for scale in s.guidance_scales:
        start = time.perf_counter()
        parts = []
        for c, name in enumerate(run.bar(CLASS_NAMES, f"guidance {scale:g}")):

            def sample(count, k, name=name, scale=scale):
                steps, eta = s.guidance_steps, s.guidance_eta
                return run.zoo.diffusion_sample(name, float(scale), "DDIM", steps, eta, count, k)["images"]

            parts.append(in_chunks(sample, s.n_per_class, run.seed + CLASS_SEED_STRIDE * (c + 1), name, False))
        x = torch.cat(parts)
        labels = torch.arange(NUM_CLASSES).repeat_interleave(s.n_per_class)
        correct = (run.judge.predict(x) == labels).float()
        per_class = correct.view(NUM_CLASSES, s.n_per_class).mean(1)
        shown = min(8, s.n_per_class)
        grid_x = x.view(NUM_CLASSES, s.n_per_class, *x.shape[1:])[:, :shown].reshape(-1, *x.shape[1:])
        results[f"{scale:g}"] = {
            "guidance_scale": float(scale),
            "accuracy": correct.mean().item(),
            "min_class_accuracy": per_class.min().item(),
            "per_class_accuracy": dict(zip(CLASS_NAMES, per_class.tolist())),
            **run.distances(x),
            "seconds_per_image": (time.perf_counter() - start) / len(x),
            "grid": run.grid_path(grid_x, f"diffusion_guidance_{scale:g}", nrow=shown),
        }
    return {
        "sampler": "DDIM",
        "steps": s.guidance_steps,
        "guidance_interval": list(GUIDANCE_INTERVAL),  # what zoo.diffusion_sample applies (the default)
        "eta": s.guidance_eta,
        "n_per_class": s.n_per_class,
        "scales": results,
    }
