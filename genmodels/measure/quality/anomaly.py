"""The anomaly-detection section: every anomaly score against out-of-distribution sets made from test images
(genmodels.corruptions), as AUROC, FPR at 95% TPR and the detection rate at the app's 5%-FPR threshold."""

from __future__ import annotations

import time

import numpy as np
import torch

from ...corruptions import OOD_DESCRIPTIONS, make_ood_sets
from ...metrics import auroc, fpr_at_tpr, tpr_at_fpr
from ...scores import complexity_bits, reconstruction_error, vae_bits
from ...zoo import ModelUnavailable
from .run import EvaluationRun, batched, subset

CRITICS = (  # (model, gan_sample's variant, label): a discriminator scores realness, so its negative is a score
    ("dcgan", "dcgan", "DCGAN discriminator: -logit"),
    ("wgan_gp", "wgan-gp", "WGAN-GP critic: -score"),
)


def anomaly_scores(run: EvaluationRun) -> dict:
    """score name -> (description, fn(images) -> (N,) numpy, higher = more anomalous)."""
    zoo, device, scores = run.zoo, run.device, {}

    def from_zoo(method):
        size = 50 if method == "diffusion" else 500  # the UNet is slower per image on big CPU batches

        def score(x):
            return torch.cat([zoo.anomaly_scores(chunk, method) for chunk in x.split(size)]).numpy()

        return score

    if run.wanted("ae"):
        scores["ae"] = ("AE reconstruction MSE", from_zoo("ae"))
    if run.wanted("vae"):
        vae = zoo.model("vae")
        scores["vae"] = ("VAE negative ELBO (z = μ)", from_zoo("vae"))
        scores["vae_recon"] = (
            "VAE reconstruction MSE",
            lambda x: batched(lambda c: reconstruction_error(vae, c), x, device).numpy(),
        )
        # the complexity correction taken apart: the likelihood in bits alone, the compressed length alone, and
        # their difference (the app's "vae_complexity"), on the same images
        scores["vae_bits"] = (
            "VAE -log2 p(x), 8-bit (bits)",
            lambda x: batched(lambda c: vae_bits(vae, c), x, device).numpy(),
        )
        scores["complexity"] = ("input complexity L(x) alone (zlib bits)", lambda x: complexity_bits(x).numpy())
        scores["vae_complexity"] = ("VAE bits - zlib bits (complexity-corrected)", from_zoo("vae_complexity"))
    if run.wanted("diffusion"):
        scores["diffusion"] = ("diffusion denoising error", from_zoo("diffusion"))
    if run.classifier is not None:
        classifier = run.classifier
        scores["classifier"] = (
            "classifier: 1 - max softmax",
            lambda x: (1 - batched(lambda c: classifier(c).softmax(1).max(1).values, x, device)).numpy(),
        )
    for name, variant, label in CRITICS:
        if name not in run.models:
            continue
        try:
            critic = zoo.discriminator(variant)
        except ModelUnavailable:  # a generator shipped without its discriminator: no score, as before
            continue
        scores[f"{name}_critic"] = (label, lambda x, critic=critic: (-batched(critic, x, device)).numpy())
    return scores


def evaluation_sets(test_x: torch.Tensor, n_normal: int, n_ood: int, seed: int):
    """The section's images -> (normal test images, {OOD set name: images}): disjoint test images, seeded
    (scripts/probe_complexity.py measures on the same ones)."""
    pool = subset(test_x, len(test_x), seed + 4)
    return pool[:n_normal], make_ood_sets(pool[n_normal:], n_ood, seed + 5)


def anomaly(run: EvaluationRun) -> dict:
    normal, ood = evaluation_sets(run.test_x, run.s.n_anomaly, run.s.n_ood, run.seed)
    grid = run.grid_path(torch.cat([x[:8] for x in ood.values()]), "ood_sets")
    results = {}
    for name, (label, score) in run.bar(anomaly_scores(run).items(), "anomaly"):
        start = time.perf_counter()
        normal_scores = score(normal)
        ood_scores = {set_name: score(x) for set_name, x in ood.items()}
        ood_scores["all"] = np.concatenate(list(ood_scores.values()))
        results[name] = {
            "label": label,
            "seconds": time.perf_counter() - start,
            "sets": {
                set_name: {
                    "auroc": auroc(normal_scores, values),
                    "fpr_at_95_tpr": fpr_at_tpr(normal_scores, values, 0.95),
                    "tpr_at_5_fpr": tpr_at_fpr(normal_scores, values, 0.05),
                }
                for set_name, values in ood_scores.items()
            },
        }
    return {
        "n_normal": len(normal),
        "n_per_ood_set": run.s.n_ood,
        "ood_sets": {name: OOD_DESCRIPTIONS[name] for name in ood},
        "grid": grid,
        "scores": results,
    }
