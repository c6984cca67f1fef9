"""Measure every shipped model on the Fashion-MNIST test set: one command for every number the app shows.

    python -m genmodels.evaluate                          # everything: weights/ -> weights/metrics.json + metrics.md
    python -m genmodels.evaluate --quick                  # a few hundred images, few diffusion steps: ~2 min on a CPU
    python -m genmodels.evaluate --models vae dcgan --sections generation --n-samples 5000 --seed 1
    python -m genmodels.evaluate --models diffusion --sections generation --ddim-steps 50 --ddim-etas 0 0.5 1

What it measures (each section says its protocol in the JSON and the tables):
- generation: Fréchet distance (FD), KID and k-NN precision / recall in the shipped classifier's feature space
  against the test set, class coverage and class-histogram entropy, for the VAEs, the GANs, a Gaussian mixture
  fitted on the AE's latents ("AE as a generator"), diffusion with DDIM-10/25/50 (at each --ddim-etas) and DDPM-1000,
  and real train images (the floor); for the conditional diffusion model, class accuracy per guidance scale;
- reconstruction: MSE, PSNR, SSIM of every autoencoder and VAE;
- denoising: PSNR / SSIM at Gaussian σ = 0.1, 0.3, 0.5 and 10% salt-and-pepper for the DAE, the VAE, diffusion
  (SDEdit) and classical filters (3x3 median, Gaussian blur, non-local means);
- anomaly detection: AUROC, FPR at 95% TPR and the detection rate at the app's 5%-FPR threshold of every score
  against out-of-distribution sets made here, and the one-class protocol for the AE.
Writes metrics.json, metrics.md, same-seed sample grids (eval_samples/*.png next to the JSON) and, when README.md
has the markers <!-- metrics:start --> / <!-- metrics:end -->, replaces what lies between them.
Everything is deterministic given --seed (on one device and thread count).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

from . import images
from .corruptions import OOD_DESCRIPTIONS, make_ood_sets, salt_and_pepper
from .data import CLASS_NAMES, NUM_CLASSES, load
from .filters import gaussian_blur, non_local_means
from .gmm import fit_gaussian_mixture, sample_gaussian_mixture
from .metrics import (
    ClassifierJudge,
    auroc,
    classifier_features,
    fpr_at_tpr,
    frechet_distance,
    kernel_inception_distance,
    precision_recall,
    psnr,
    ssim,
    tpr_at_fpr,
)
from .models import AutoEncoder, Discriminator
from .pipeline import DDIM_ETA, GUIDANCE_INTERVAL, resolve_autocast_dtype
from .report import MARKERS, RUN_SEPARATOR, render_markdown, replace_marked_block
from .zoo import RECONSTRUCTION_MODELS, Zoo, reconstruction_error

MODELS = ("ae", "dae", "sparse_ae", "vae", "beta_vae", "vae2d", "dcgan", "wgan_gp", "diffusion")
SECTIONS = ("generation", "reconstruction", "denoising", "anomaly", "one_class")
ZOO_BATCH = 64  # the zoo's largest n per sampling / denoising call


@dataclass
class Settings:
    n_samples: int = 10_000  # images per VAE / GAN / GMM generator, and real train images for the floor
    n_reference: int = 10_000  # test images: the reference set of every distance and the reconstruction set
    n_diffusion: int = 1_000  # unconditional DDIM samples per step count (a UNet pass per image and step)
    ddim_steps: tuple = (10, 25, 50)
    ddim_etas: tuple = (0.0, DDIM_ETA)  # DDIM noise levels: 0 = the deterministic ODE, 1 = DDPM's posterior noise
    n_ddpm: int = 200  # DDPM samples: 1000 UNet passes each, the expensive row
    ddpm_steps: int = 1000
    guidance_scales: tuple = (0.0, 1.0, 3.0, 5.0)
    guidance_steps: int = 50  # DDIM steps of the class-accuracy runs
    guidance_eta: float = DDIM_ETA  # their DDIM eta: the pipeline's and the app's default
    n_per_class: int = 100  # conditional samples per class and guidance scale
    n_denoise: int = 1_000
    n_anomaly: int = 2_000  # in-distribution (normal) test images
    n_ood: int = 1_000  # images per out-of-distribution set
    one_class_epochs: int = 10
    one_class_train_per_class: int = 6_000
    one_class_test: int = 10_000
    gmm_components: int = 10
    gmm_fit_images: int = 60_000
    kid_subsets: int = 100
    kid_subset_size: int = 1_000
    pr_k: int = 3
    grid_images: int = 32


# fmt: off
QUICK = dict(
    n_samples=300, n_reference=1000, n_diffusion=32, ddim_steps=(5, 10), n_ddpm=16, ddpm_steps=20, guidance_steps=5,
    n_per_class=2, n_denoise=16, n_anomaly=100, n_ood=32, one_class_epochs=1, one_class_train_per_class=300,
    one_class_test=1000, gmm_fit_images=2000, kid_subsets=20, kid_subset_size=300,
)
TEST_SET_SIZE = 10_000
_MINIMA = dict(
    n_samples=4, n_reference=4, n_per_class=1, n_denoise=1, n_anomaly=2, n_ood=1, one_class_epochs=1,
    one_class_train_per_class=1, one_class_test=2, gmm_components=1, kid_subsets=1, kid_subset_size=2, pr_k=1,
    grid_images=1,
)
# fmt: on


def check_settings(s: Settings) -> Settings:
    """ValueError naming the first setting out of its range (sizes the metrics need: k-NN needs > k points, ...)."""
    for name, low in _MINIMA.items():
        if getattr(s, name) < low:
            raise ValueError(f"{name} must be at least {low}, got {getattr(s, name)}")
    for name in ("n_diffusion", "n_ddpm"):
        if getattr(s, name) != 0 and getattr(s, name) < 4:
            raise ValueError(f"{name} must be 0 (skip) or at least 4, got {getattr(s, name)}")
    for steps in (*s.ddim_steps, s.ddpm_steps, s.guidance_steps):
        if not 1 <= steps <= 1000:
            raise ValueError(f"diffusion steps must be in [1, 1000], got {steps}")
    for eta in (*s.ddim_etas, s.guidance_eta):
        if not 0 <= eta <= 1:
            raise ValueError(f"DDIM etas must be in [0, 1], got {eta}")
    for scale in s.guidance_scales:
        if not 0 <= scale <= 10:
            raise ValueError(f"guidance scales must be in [0, 10], got {scale}")
    if s.n_anomaly + s.n_ood > TEST_SET_SIZE:
        raise ValueError(
            f"n_anomaly + n_ood must be at most {TEST_SET_SIZE} (disjoint test images), got {s.n_anomaly + s.n_ood}"
        )
    if s.gmm_fit_images < s.gmm_components:
        raise ValueError(f"gmm_fit_images must be at least gmm_components ({s.gmm_components}), got {s.gmm_fit_images}")
    return s


# ---------------------------------------------------------------------------------------------------------
# small helpers


def diffusion_sampler_name(sampler: str, steps: int, eta: float = 0.0) -> str:
    """How tables name a diffusion sampler: "DDIM-50", "DDIM-50, η = 1", "DDPM-1000"."""
    return f"{sampler}-{steps}" + (f", η = {eta:g}" if eta else "")


def diffusion_row_key(sampler: str, steps: int, eta: float = 0.0) -> str:
    """The generation row of a diffusion sampler: diffusion_ddim50, diffusion_ddim50_eta1, diffusion_ddpm1000.
    η = 0 keeps the plain names, so the shipped table's keys do not depend on whether etas were swept."""
    return f"diffusion_{sampler.lower()}{steps}" + (f"_eta{eta:g}" if eta else "")


def subset(x: torch.Tensor, n: int, seed: int, *others: torch.Tensor):
    """A seeded random subset of n rows (of x and of `others`, the same rows)."""
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))[: min(n, len(x))]
    picked = [x[order]] + [other[order] for other in others]
    return picked[0] if not others else tuple(picked)


def in_chunks(sample, n: int, seed: int, desc: str, progress: bool, chunk: int = ZOO_BATCH) -> torch.Tensor:
    """Call sample(count, seed) for chunks of at most `chunk` images; chunk i uses seed + i (same seeds for
    every model, so the rows compare on the same noise where the models share a latent shape)."""
    starts = range(0, n, chunk)
    return torch.cat(
        [
            sample(min(chunk, n - start), seed + i)
            for i, start in enumerate(tqdm(starts, desc=desc, disable=not progress, leave=False))
        ]
    )


@torch.inference_mode()
def batched(fn, x: torch.Tensor, device, batch_size: int = 500) -> torch.Tensor:
    """fn over x in batches on `device` -> CPU tensor."""
    return torch.cat([fn(chunk.to(device)).float().cpu() for chunk in x.split(batch_size)])


def rounded(value, digits: int = 6):
    """Every float in a JSON tree to `digits` significant digits (KIDs are ~1e-4, FDs ~10: decimals would not do)."""
    if isinstance(value, float):
        return float(f"{value:.{digits}g}") if math.isfinite(value) else value
    if isinstance(value, dict):
        return {key: rounded(item, digits) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(item, digits) for item in value]
    return value


def save_grid(samples: torch.Tensor, path: Path, nrow: int = 8) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    images.make_grid(samples, nrow=nrow, scale=2).save(path)
    return path.name


# ---------------------------------------------------------------------------------------------------------
# the sections


class Evaluation:
    """Holds the zoo, the data and the reference features; one method per section, each returning a dict."""

    def __init__(
        self,
        zoo: Zoo,
        settings: Settings,
        seed: int,
        models,
        grids_dir: Path,
        data_dir=None,
        progress=True,
        inception=False,
    ):
        self.zoo, self.s, self.seed, self.models = zoo, settings, seed, tuple(models)
        self.grids_dir, self.progress = grids_dir, progress
        self.inception = {
            "available": False,
            "reason": "not run (pass --inception; needs torch-fidelity and its Inception weights)",
        }
        self.try_inception = inception
        self.device = zoo.device
        self.skipped: dict[str, str] = {}
        self.test_x, self.test_y = load("test", data_dir=data_dir).tensors
        self.data_dir = data_dir
        self._train = None
        self.classifier = zoo.models.get("classifier")
        self.judge = ClassifierJudge(self.classifier) if self.classifier is not None else None
        self._reference = None

    # -- plumbing -------------------------------------------------------------------------------------------

    @property
    def train(self):
        if self._train is None:
            self._train = load("train", data_dir=self.data_dir).tensors
        return self._train

    def wanted(self, name: str, needs: str | None = None) -> bool:
        """Is `name` selected, and is the model it needs loaded? Records why not."""
        if name not in self.models:
            return False
        needs = needs or name
        if needs not in self.zoo.available:
            self.skipped[name] = self.zoo.missing.get(needs, f"{needs} not loaded")
            return False
        return True

    def bar(self, iterable, desc: str, **kwargs):
        return tqdm(iterable, desc=desc, disable=not self.progress, leave=False, **kwargs)

    @property
    def reference(self) -> tuple[torch.Tensor, np.ndarray]:
        """The reference set (test images) and its classifier features, computed once."""
        if self._reference is None:
            x = subset(self.test_x, self.s.n_reference, self.seed)
            self._reference = (x, classifier_features(self.classifier, x))
        return self._reference

    def distances(self, samples: torch.Tensor) -> dict:
        """FD, KID, precision / recall and class coverage of samples against the reference set."""
        _, ref = self.reference
        features = classifier_features(self.classifier, samples)
        # KID's kernel (x·y/D + 1)³ assumes O(1) features, like Inception's; this classifier's are sparse ReLU
        # activations of RMS ~2, which made the estimate ~20x noisier: both sets share one scale, the reference RMS
        scale = float(np.sqrt((ref**2).mean())) or 1.0
        kid, kid_std = kernel_inception_distance(
            features / scale, ref / scale, self.s.kid_subsets, self.s.kid_subset_size, seed=self.seed
        )
        m = min(len(features), len(ref))  # equal sizes: the k-NN radii depend on the set size
        precision, recall = precision_recall(ref[:m], features[:m], k=self.s.pr_k)
        return {
            "fid": frechet_distance(features, ref),
            "kid": kid,
            "kid_std": kid_std,
            "precision": precision,
            "recall": recall,
            **self.judge.coverage(samples),
        }

    def generation_row(
        self, label: str, samples: torch.Tensor, seconds: float | None, grid: str | None = None, **extra
    ) -> dict:
        row = {"label": label, "n_samples": len(samples), **self.distances(samples)}
        row["seconds_per_image"] = seconds / len(samples) if seconds is not None else None
        if self.try_inception:
            fid = inception_fid(self.zoo, samples, self.reference[0])
            self.inception = {k: v for k, v in fid.items() if k != "fid"}
            self.try_inception = fid["available"]  # a missing package or download fails the same way every time
            if fid["available"]:
                row["inception_fid"] = fid["fid"]
        if grid:
            row["grid"] = (
                f"{self.grids_dir.name}/{save_grid(samples[: self.s.grid_images], self.grids_dir / f'{grid}.png')}"
            )
        return {**row, **extra}

    # -- generation -----------------------------------------------------------------------------------------

    def generation(self) -> dict:
        if self.classifier is None:
            return {"skipped": f"no classifier: {self.zoo.missing.get('classifier')}"}
        s, rows, seed, progress = self.s, {}, self.seed, self.progress
        self.reference  # noqa: B018 (features first, so the bars below time the models only)

        real = subset(self.train[0], s.n_samples, seed)
        rows["real_train"] = self.generation_row("real train images (floor)", real, None, grid="real_train")

        samplers = {
            "vae": ("VAE (prior, T=1)", lambda n, k: self.zoo.vae_sample(n, k, 1.0, model="vae")),
            "beta_vae": ("β-VAE (prior, T=1)", lambda n, k: self.zoo.vae_sample(n, k, 1.0, model="beta_vae")),
            "vae2d": ("2-D VAE (prior, T=1)", lambda n, k: self.zoo.vae_sample(n, k, 1.0, model="vae2d")),
            "dcgan": ("DCGAN (ψ=1)", lambda n, k: self.zoo.gan_sample(n, k, "dcgan", 1.0)),
            "wgan_gp": ("WGAN-GP (ψ=1)", lambda n, k: self.zoo.gan_sample(n, k, "wgan-gp", 1.0)),
        }
        for name, (label, sample) in samplers.items():
            if self.wanted(name):
                start = time.perf_counter()
                x = in_chunks(sample, s.n_samples, seed, f"sample {name}", progress)
                rows[name] = self.generation_row(label, x, time.perf_counter() - start, grid=name)

        if self.wanted("ae"):
            rows["ae_gmm"] = self.ae_gmm()

        if self.wanted("diffusion"):
            rows.update(self.diffusion_rows())
        return {"rows": rows}

    @torch.inference_mode()
    def ae_gmm(self) -> dict:
        s = self.s
        ae = self.zoo.models["ae"]
        start = time.perf_counter()
        fit_x = subset(self.train[0], s.gmm_fit_images, self.seed + 1)
        z = batched(ae.encode, fit_x, self.device).double()
        gmm = fit_gaussian_mixture(z, s.gmm_components, seed=self.seed)
        fit_seconds = time.perf_counter() - start
        start = time.perf_counter()
        codes = torch.from_numpy(sample_gaussian_mixture(gmm, s.n_samples, self.seed)).float()
        x = batched(lambda c: ae.decode(c).clamp(-1, 1), codes, self.device)
        return self.generation_row(
            f"AE + GMM ({s.gmm_components} full-cov. components on {len(fit_x)} train codes)",
            x,
            time.perf_counter() - start,
            grid="ae_gmm",
            gmm_fit_seconds=fit_seconds,
            gmm_iterations=gmm["iterations"],
            gmm_log_likelihood=gmm["log_likelihood"],
        )

    def diffusion_rows(self) -> dict:
        s, rows = self.s, {}
        runs = [("DDIM", steps, eta, s.n_diffusion) for steps in s.ddim_steps for eta in s.ddim_etas]
        if s.n_ddpm > 0:
            runs.append(("DDPM", s.ddpm_steps, 0.0, s.n_ddpm))
        matched = {}
        for sampler, steps, eta, n in runs:
            if n <= 0:
                continue

            def sample(count, k, sampler=sampler, steps=steps, eta=eta):
                return self.zoo.diffusion_sample("any", 1.0, sampler, steps, eta, count, k)["images"]

            name = diffusion_sampler_name(sampler, steps, eta)
            start = time.perf_counter()
            x = in_chunks(sample, n, self.seed, f"diffusion {name}", self.progress)
            key = diffusion_row_key(sampler, steps, eta)
            rows[key] = self.generation_row(
                f"diffusion {name} (unconditional)", x, time.perf_counter() - start, grid=key
            )
            matched[key] = x
        # FD is biased by the sample count: compare every sampler with DDPM on its first n_ddpm samples
        ddpm_key = diffusion_row_key("DDPM", s.ddpm_steps)
        if ddpm_key in matched:
            _, ref = self.reference
            n = len(matched[ddpm_key])
            for key, x in matched.items():
                rows[key]["fid_at_n_ddpm"] = frechet_distance(classifier_features(self.classifier, x[:n]), ref)
                rows[key]["n_ddpm"] = n
        return rows

    def guidance(self) -> dict:
        """Class-conditional DDIM samples, n_per_class of each class, at every guidance scale (same seeds)."""
        if self.classifier is None or not self.wanted("diffusion"):
            return {
                "skipped": self.skipped.get("diffusion", "diffusion not selected")
                if self.classifier
                else "no classifier"
            }
        s, results = self.s, {}
        for scale in s.guidance_scales:
            start = time.perf_counter()
            parts = []
            for c, name in enumerate(self.bar(CLASS_NAMES, f"guidance {scale:g}")):

                def sample(count, k, name=name, scale=scale):
                    steps, eta = s.guidance_steps, s.guidance_eta
                    return self.zoo.diffusion_sample(name, float(scale), "DDIM", steps, eta, count, k)["images"]

                parts.append(in_chunks(sample, s.n_per_class, self.seed + 1000 * (c + 1), name, False))
            x = torch.cat(parts)
            labels = torch.arange(NUM_CLASSES).repeat_interleave(s.n_per_class)
            correct = (self.judge.predict(x) == labels).float()
            per_class = correct.view(NUM_CLASSES, s.n_per_class).mean(1)
            shown = min(8, s.n_per_class)
            grid_x = x.view(NUM_CLASSES, s.n_per_class, 1, 28, 28)[:, :shown].reshape(-1, 1, 28, 28)
            grid = save_grid(grid_x, self.grids_dir / f"diffusion_guidance_{scale:g}.png", nrow=shown)
            results[f"{scale:g}"] = {
                "guidance_scale": float(scale),
                "accuracy": correct.mean().item(),
                "min_class_accuracy": per_class.min().item(),
                "per_class_accuracy": dict(zip(CLASS_NAMES, per_class.tolist())),
                **self.distances(x),
                "seconds_per_image": (time.perf_counter() - start) / len(x),
                "grid": f"{self.grids_dir.name}/{grid}",
            }
        return {
            "sampler": "DDIM",
            "steps": s.guidance_steps,
            "guidance_interval": list(GUIDANCE_INTERVAL),  # what zoo.diffusion_sample applies (the default)
            "eta": s.guidance_eta,
            "n_per_class": s.n_per_class,
            "scales": results,
        }

    # -- reconstruction -------------------------------------------------------------------------------------

    def reconstruction(self) -> dict:
        x = subset(self.test_x, self.s.n_reference, self.seed)
        rows = {}
        for name in self.bar(RECONSTRUCTION_MODELS, "reconstruction"):
            if not self.wanted(name):
                continue
            net = self.zoo.models[name]
            start = time.perf_counter()
            recon = batched(lambda c, net=net: net.reconstruct(c).clamp(-1, 1), x, self.device)
            rows[name] = {
                "latent_dim": int(net.latent_dim),
                "parameters": sum(p.numel() for p in net.parameters()),
                "mse": (images.to_unit(recon) - images.to_unit(x)).pow(2).mean().item(),
                "psnr": psnr(recon, x).mean().item(),
                "ssim": ssim(recon, x).mean().item(),
                "n_images": len(x),
                "seconds_per_image": (time.perf_counter() - start) / len(x),
            }
        return {"rows": rows}

    # -- denoising ------------------------------------------------------------------------------------------

    def denoising(self) -> dict:
        from .filters import estimate_noise_sigma

        clean = subset(self.test_x, self.s.n_denoise, self.seed + 2)
        methods = [m for m in ("dae", "vae", "diffusion") if self.wanted(m)]
        conditions = {f"gaussian_{sigma:g}": sigma for sigma in (0.1, 0.3, 0.5)} | {"salt_pepper_0.1": None}
        results = {}
        for condition, sigma in self.bar(conditions.items(), "denoising"):
            chunks = list(clean.split(ZOO_BATCH))
            seeds = [self.seed + i for i in range(len(chunks))]
            if sigma is None:  # salt and pepper: made here, then handed over as an already-noisy upload (σ = 0)
                generator = torch.Generator().manual_seed(self.seed + 3)
                noisy_chunks = [salt_and_pepper(chunk, 0.1, generator) for chunk in chunks]
                inputs, zoo_sigma = noisy_chunks, 0.0
            else:  # the zoo adds the noise itself from the seed: the same noisy images for every method
                noisy_chunks = [self.zoo.denoise(chunk, sigma, "median", k)["noisy"] for chunk, k in zip(chunks, seeds)]
                inputs, zoo_sigma = chunks, sigma
            noisy = torch.cat(noisy_chunks)
            known_sigma = torch.full((len(noisy),), sigma) if sigma is not None else estimate_noise_sigma(noisy)
            outputs = {
                "noisy input": noisy,
                "median 3x3": torch.cat([self.zoo.denoise(c, 0.0, "median", 0)["denoised"] for c in noisy_chunks]),
                "gaussian blur σ=1px": gaussian_blur(noisy).clamp(-1, 1),
                "non-local means": non_local_means(noisy, known_sigma).clamp(-1, 1),
            }
            for method in methods:
                parts = []
                for chunk, k, expected in zip(inputs, seeds, noisy_chunks):
                    out = self.zoo.denoise(chunk, zoo_sigma, method, k)
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

    # -- anomaly detection ----------------------------------------------------------------------------------

    def anomaly_scores(self) -> dict:
        """score name -> (description, fn(images) -> (N,) numpy, higher = more anomalous)."""
        zoo, scores = self.zoo, {}

        def from_zoo(method):
            size = 50 if method == "diffusion" else 500  # the UNet is slower per image on big CPU batches

            def score(x):
                return torch.cat([zoo.anomaly_scores(chunk, method) for chunk in x.split(size)]).numpy()

            return score

        if self.wanted("ae"):
            scores["ae"] = ("AE reconstruction MSE", from_zoo("ae"))
        if self.wanted("vae"):
            vae = zoo.models["vae"]
            scores["vae"] = ("VAE negative ELBO (z = μ)", from_zoo("vae"))
            scores["vae_recon"] = (
                "VAE reconstruction MSE",
                lambda x: batched(lambda c: reconstruction_error(vae, c), x, self.device).numpy(),
            )
        if self.wanted("diffusion"):
            scores["diffusion"] = ("diffusion denoising error", from_zoo("diffusion"))
        if self.classifier is not None:
            scores["classifier"] = (
                "classifier: 1 - max softmax",
                lambda x: (1 - batched(lambda c: self.classifier(c).softmax(1).max(1).values, x, self.device)).numpy(),
            )
        for name, folder, label in (
            ("dcgan", "dcgan", "DCGAN discriminator: -logit"),
            ("wgan_gp", "wgan_gp", "WGAN-GP critic: -score"),
        ):
            path = zoo.weights_dir / folder / "discriminator"
            if name in self.models and (path / "model.safetensors").is_file():
                critic = Discriminator.from_pretrained(path).to(self.device).eval()
                scores[f"{name}_critic"] = (label, lambda x, critic=critic: (-batched(critic, x, self.device)).numpy())
        return scores

    def anomaly(self) -> dict:
        normal_pool = subset(self.test_x, len(self.test_x), self.seed + 4)
        normal = normal_pool[: self.s.n_anomaly]
        ood = make_ood_sets(normal_pool[self.s.n_anomaly :], self.s.n_ood, self.seed + 5)
        grid = save_grid(torch.cat([x[:8] for x in ood.values()]), self.grids_dir / "ood_sets.png")
        results = {}
        for name, (label, score) in self.bar(self.anomaly_scores().items(), "anomaly"):
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
            "n_per_ood_set": self.s.n_ood,
            "ood_sets": {name: OOD_DESCRIPTIONS[name] for name in ood},
            "grid": f"{self.grids_dir.name}/{grid}",
            "scores": results,
        }

    def one_class(self) -> dict:
        """The one-class protocol: per class, an AE (the shipped AE's architecture) trained on that class of the
        train set only; its reconstruction MSE on the test set separates that class (normal) from the other nine."""
        if "ae" not in self.models:
            return {"skipped": "ae not selected"}
        s = self.s
        config_path = self.zoo.weights_dir / "ae" / "config.json"
        config = json.loads(config_path.read_text()) if config_path.is_file() else {}
        train_x, train_y = self.train
        test_x, test_y = subset(self.test_x, s.one_class_test, self.seed + 6, self.test_y)
        shipped = None
        if "ae" in self.zoo.available:
            shipped = batched(lambda c: reconstruction_error(self.zoo.models["ae"], c), test_x, self.device).numpy()
        per_class = {}
        for c, name in enumerate(self.bar(CLASS_NAMES, "one-class AE")):
            x = train_x[train_y == c][: s.one_class_train_per_class]
            model = train_autoencoder(config, x, s.one_class_epochs, self.seed + c, self.device)
            scores = batched(lambda chunk, model=model: reconstruction_error(model, chunk), test_x, self.device).numpy()
            normal = (test_y == c).numpy()
            entry = {"auroc": auroc(scores[normal], scores[~normal])}
            if shipped is not None:
                entry["shipped_ae_auroc"] = auroc(shipped[normal], shipped[~normal])
            per_class[name] = entry
        return {
            "architecture": config or "AutoEncoder defaults (no weights/ae/config.json)",
            "epochs": s.one_class_epochs,
            "train_images_per_class": min(s.one_class_train_per_class, int((train_y == 0).sum())),
            "n_test": len(test_x),
            "per_class": per_class,
            "mean_auroc": float(np.mean([e["auroc"] for e in per_class.values()])),
            **(
                {"mean_shipped_ae_auroc": float(np.mean([e["shipped_ae_auroc"] for e in per_class.values()]))}
                if shipped is not None
                else {}
            ),
        }


def train_autoencoder(
    config: dict, x: torch.Tensor, epochs: int, seed: int, device, batch_size: int = 128, lr: float = 1e-3
) -> AutoEncoder:
    """A fresh AutoEncoder(**config) trained with MSE and Adam (the ae recipe's loss and optimiser) on x."""
    with torch.random.fork_rng(devices=[]):  # seeded weights without touching the caller's RNG
        torch.manual_seed(seed)
        model = AutoEncoder(**config).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    model.train()
    with torch.enable_grad():
        for _ in range(epochs):
            for index in torch.randperm(len(x), generator=generator).split(batch_size):
                batch = x[index].to(device)
                loss = F.mse_loss(model(batch)[0], batch)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
    return model.eval()


def inception_fid(zoo: Zoo, samples: torch.Tensor, reference: torch.Tensor) -> dict:
    """The standard FID with torch-fidelity's Inception network, when that package and its weights are there."""
    try:
        import torch_fidelity
    except ImportError:
        return {"available": False, "reason": "torch-fidelity is not installed (pip install torch-fidelity)"}

    class Uint8RGB(torch.utils.data.Dataset):
        def __init__(self, x):
            self.x = torch.from_numpy(images.to_uint8(x))

        def __len__(self):
            return len(self.x)

        def __getitem__(self, i):
            return self.x[i][None].repeat(3, 1, 1)  # uint8 (3, H, W), as torch-fidelity expects

    try:
        result = torch_fidelity.calculate_metrics(
            input1=Uint8RGB(samples),
            input2=Uint8RGB(reference),
            fid=True,
            cuda=zoo.device.type == "cuda",
            verbose=False,
        )
    except Exception as error:  # typically: its Inception weights cannot be downloaded (no internet)
        return {"available": False, "reason": f"torch-fidelity failed: {type(error).__name__}: {error}"}
    return {"available": True, "fid": float(result["frechet_inception_distance"])}


# ---------------------------------------------------------------------------------------------------------
# the summary the app's Compare tab shows, the protocol and environment, merging runs


def model_summary(result: dict) -> dict:
    """One row per model with its headline numbers (the Compare tab flattens this)."""
    models: dict[str, dict] = {}
    rows = result.get("generation", {}).get("rows", {})
    # diffusion's headline: its most-step DDIM run at the app's default eta, else the last DDIM run measured
    settings = result.get("settings", {})
    runs = [(n, eta) for n in sorted(settings.get("ddim_steps", [])) for eta in settings.get("ddim_etas", [0.0])]
    measured = [run for run in runs if diffusion_row_key("DDIM", *run) in rows]
    headline = ([run for run in measured if run[1] == DDIM_ETA] or measured or [None])[-1]
    headline_key = headline and diffusion_row_key("DDIM", *headline)
    for key, row in rows.items():
        if key.startswith("diffusion_") and key != headline_key:
            continue
        name = "diffusion" if key.startswith("diffusion_") else key
        entry = models.setdefault(name, {})
        if name == "diffusion":
            entry["sampler"] = diffusion_sampler_name("DDIM", *headline)
        entry.update(
            {
                "FD": row["fid"],
                "KID": row["kid"],
                "precision": row["precision"],
                "recall": row["recall"],
                "classes covered": row["class_coverage"],
            }
        )
    for name, row in result.get("reconstruction", {}).get("rows", {}).items():
        models.setdefault(name, {}).update({"recon PSNR": row["psnr"], "recon SSIM": row["ssim"]})
    for name, row in result.get("denoising", {}).get("conditions", {}).get("gaussian_0.3", {}).items():
        if name in MODELS and isinstance(row, dict):
            models.setdefault(name, {})["denoise PSNR σ=0.3"] = row["psnr"]
    for name, row in result.get("anomaly", {}).get("scores", {}).items():
        model = {
            "vae_recon": None,
            "classifier": "classifier",
            "dcgan_critic": "dcgan",
            "wgan_gp_critic": "wgan_gp",
        }.get(name, name)
        if model:
            models.setdefault(model, {})["anomaly AUROC"] = row["sets"]["all"]["auroc"]
    guidance = result.get("guidance", {}).get("scales", {})
    if "3" in guidance:
        models.setdefault("diffusion", {})["class accuracy w=3"] = guidance["3"]["accuracy"]
    return models


def protocol(settings: Settings, seed: int, zoo: Zoo) -> dict:
    """How every number was measured: written next to the numbers in the JSON and under each table."""
    s, classifier = settings, zoo.models.get("classifier")
    dim = "?"
    if classifier is not None:
        with torch.inference_mode():
            dim = classifier.eval().features(torch.zeros(1, 1, 28, 28, device=zoo.device)).shape[1]
    return {
        "reference_set": f"{s.n_reference} Fashion-MNIST test images (seeded random subset; all when 10,000)",
        "feature_space": f"penultimate layer ({dim}-d, after ReLU) of the shipped classifier weights/classifier; "
        "distances compare with each other, not with Inception FIDs",
        "fid": "Fréchet distance of Gaussians fitted to the features (FD); biased upwards for small N, so rows "
        "compare at equal N (fid_at_n_ddpm: every diffusion sampler on as many samples as DDPM)",
        "kid": f"unbiased MMD², cubic polynomial kernel, mean ± std over {s.kid_subsets} subsets of "
        f"≤{s.kid_subset_size}, on features divided by the reference set's RMS activation (one scale for both sets)",
        "precision_recall": f"k-NN manifolds (Kynkäänniemi et al. 2019), k={s.pr_k}, on equal-size sets "
        "(the first min(N, reference) of each)",
        "class_coverage": "classes getting ≥1% of the samples from the shipped classifier; class_entropy = "
        "histogram entropy / log 10",
        "floor": f"real_train: {s.n_samples} train images against the test reference",
        "samples": {
            "vae_gan_gmm": s.n_samples,
            "ddim": s.n_diffusion,
            "ddim_steps": list(s.ddim_steps),
            "ddim_etas": list(s.ddim_etas),
            "ddpm": s.n_ddpm,
            "ddpm_steps": s.ddpm_steps,
            "temperature_truncation": 1.0,
        },
        "diffusion_sampling": f"zoo.diffusion_sample, unconditional (class 'any'), DDIM eta {list(s.ddim_etas)} "
        "(DDPM draws its own posterior noise), the pipeline's default precision; the same seeds for every step "
        "count and eta",
        "guidance": f"DDIM-{s.guidance_steps} (eta {s.guidance_eta:g}), {s.n_per_class} samples per class and scale "
        f"{list(s.guidance_scales)}; accuracy = the shipped classifier agrees with the requested class",
        "reconstruction": f"{s.n_reference} test images; MSE in [0,1] pixel units; PSNR and SSIM (Gaussian 11x11, "
        "σ=1.5) per image, averaged",
        "denoising": f"{s.n_denoise} test images; Gaussian noise of std σ in [0,1] pixel units, clipped (the "
        "zoo's denoise), or 10% salt-and-pepper handed over as an already-noisy upload (σ estimated by the "
        "pipeline); diffusion = SDEdit (zoo.denoise, unconditional); non-local means implemented here in torch "
        "(patch 3, window 9, h=0.8σ, σ known or estimated): scikit-image and BM3D are not dependencies",
        "anomaly": f"{s.n_anomaly} test images (normal) vs {s.n_ood} images per OOD set; anomalous = positive; "
        "fpr_at_95_tpr = share of normal images flagged when 95% of anomalies are caught; tpr_at_5_fpr = "
        "share of anomalies caught at the app's threshold (95th percentile of normal scores)",
        "one_class": f"one AE per class, trained {s.one_class_epochs} epochs on ≤{s.one_class_train_per_class} "
        f"train images of that class; AUROC on {s.one_class_test} test images (that class normal, the rest not)",
        "seed": seed,
        "device": str(zoo.device),
    }


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            return next(
                (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), platform.machine()
            )
    except OSError:
        return platform.processor() or platform.machine()


def environment(zoo: Zoo) -> dict:
    return {
        "torch": torch.__version__,
        "python": platform.python_version(),
        "device": str(zoo.device),
        "cpu": cpu_name(),
        "threads": torch.get_num_threads(),
        "diffusion_autocast": str(resolve_autocast_dtype("auto", zoo.device)),
        "date_utc": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"),
    }


def merge_results(old: dict, new: dict) -> dict:
    """--merge: `new` laid over an earlier run's `old`, so one retrained model is re-measured without re-running
    the rest. Only runs of the same protocol (settings, seed, device) merge: their numbers are comparable.
    Sections are merged key by key, down to rows; a section the new run skipped keeps the old content."""
    same = [old.get(key) == new.get(key) for key in ("protocol", "settings", "quick")]
    if not all(same):
        raise ValueError("--merge: the existing metrics used other settings, seed or device; run without --merge")

    def deep(a, b):
        if not isinstance(a, dict) or not isinstance(b, dict):
            return b
        return {**a, **{k: deep(a[k], v) if k in a else v for k, v in b.items()}}

    merged = dict(old)
    for section in (*SECTIONS, "guidance"):
        if section in new and "skipped" not in new[section]:
            # a section measured now is no longer skipped, whatever the earlier run said
            earlier = {k: v for k, v in old.get(section, {}).items() if k != "skipped"}
            merged[section] = deep(earlier, new[section])
    evaluated = set(old.get("evaluated", [])) | set(new["evaluated"])
    skipped = {**old.get("skipped", {}), **new["skipped"]}
    merged["skipped"] = {k: v for k, v in skipped.items() if k not in new["evaluated"]}
    merged["evaluated"] = sorted(evaluated)
    merged["section_seconds"] = {**old.get("section_seconds", {}), **new["section_seconds"]}
    merged["seconds"] = old.get("seconds", 0.0) + new["seconds"]
    commands = f"{old.get('environment', {}).get('command')}{RUN_SEPARATOR}{new['environment']['command']}"
    merged["environment"] = {**new["environment"], "command": commands}
    if new["inception_fid"].get("available") or "inception_fid" not in old:
        merged["inception_fid"] = new["inception_fid"]
    merged["models"] = model_summary(merged)
    return merged


def evaluate(
    zoo: Zoo,
    settings: Settings,
    seed: int = 0,
    models=MODELS,
    sections=SECTIONS,
    out_dir: Path = Path("weights"),
    data_dir=None,
    inception: bool = False,
    progress: bool = True,
    command: str | None = None,
) -> dict:
    """Run the chosen sections -> the metrics.json content (not yet written)."""
    check_settings(settings)
    start = time.perf_counter()
    run = Evaluation(zoo, settings, seed, models, out_dir / "eval_samples", data_dir, progress, inception)
    result = {
        "protocol": protocol(settings, seed, zoo),
        "environment": {**environment(zoo), "command": command},
        "settings": asdict(settings),
    }
    steps = {
        "generation": lambda: result.update(generation=run.generation(), guidance=run.guidance()),
        "reconstruction": lambda: result.update(reconstruction=run.reconstruction()),
        "denoising": lambda: result.update(denoising=run.denoising()),
        "anomaly": lambda: result.update(anomaly=run.anomaly()),
        "one_class": lambda: result.update(one_class=run.one_class()),
    }
    timings = {}
    for name in tqdm([s for s in SECTIONS if s in sections], desc="evaluate", disable=not progress):
        section_start = time.perf_counter()
        steps[name]()
        timings[name] = time.perf_counter() - section_start
    result["inception_fid"] = run.inception  # when available, each generation row has its "inception_fid"
    result["skipped"] = run.skipped
    result["evaluated"] = sorted(set(models) - set(run.skipped))
    result["section_seconds"] = timings
    result["seconds"] = time.perf_counter() - start
    result["models"] = model_summary(result)
    return rounded(result)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("--weights", default="weights", help="the weights folder (default: weights)")
    parser.add_argument(
        "--out", default=None, help="metrics JSON (default: <weights>/metrics.json; the .md goes next to it)"
    )
    parser.add_argument("--readme", default="README.md", help="README whose metrics block is replaced ('' = none)")
    parser.add_argument(
        "--models",
        nargs="+",
        default=list(MODELS),
        choices=MODELS,
        help="models to evaluate (the classifier is always the judge)",
    )
    parser.add_argument("--sections", nargs="+", default=list(SECTIONS), choices=SECTIONS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--quick", action="store_true", help="a few hundred images and few diffusion steps (CI smoke test)"
    )
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda when present)")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument(
        "--inception", action="store_true", help="also try the standard Inception FID via torch-fidelity"
    )
    parser.add_argument("--no-progress", action="store_true")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the existing --out JSON and replace only what this run measures (same settings and seed)",
    )
    for field in fields(Settings):  # every sample count / step setting can be overridden: --n-samples 5000 ...
        kind, flag = type(field.default), "--" + field.name.replace("_", "-")
        shown = " ".join(map(str, field.default)) if kind is tuple else field.default
        quick = QUICK.get(field.name, field.default)
        help_text = f"default {shown}" + (
            f" (--quick: {' '.join(map(str, quick)) if kind is tuple else quick})" if field.name in QUICK else ""
        )
        if kind is tuple:
            parser.add_argument(
                flag, nargs="+", type=type(field.default[0]), default=None, help=help_text
            )
        else:
            parser.add_argument(flag, type=kind, default=None, help=help_text)
    args = parser.parse_args(argv)

    settings = Settings(**QUICK) if args.quick else Settings()
    overrides = {f.name: getattr(args, f.name) for f in fields(Settings) if getattr(args, f.name) is not None}
    settings = replace(settings, **{k: tuple(v) if isinstance(v, list) else v for k, v in overrides.items()})
    try:
        check_settings(settings)
    except ValueError as error:
        parser.error(str(error))  # setting names are the flags' names: n_ood <-> --n-ood
    if not 0 <= args.seed <= 2**31 - 1 - 20_000:
        parser.error(f"--seed must be in [0, {2**31 - 1 - 20_000}], got {args.seed}")
    if args.threads:
        torch.set_num_threads(args.threads)

    out = Path(args.out) if args.out else Path(args.weights) / "metrics.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    if args.merge and out.is_file():  # fail now rather than after the run
        earlier = json.loads(out.read_text())
        same_settings = earlier.get("settings") == rounded(json.loads(json.dumps(asdict(settings))))
        if not same_settings or earlier.get("quick") != args.quick:
            parser.error(f"--merge: {out} was measured with other settings; run without --merge or match them")
    zoo = Zoo(args.weights, device=args.device)
    for name in args.models:
        if name not in zoo.available:
            print(f"skipping {name}: {zoo.missing.get(name, 'not loaded')}", file=sys.stderr)
    command = " ".join(["python -m genmodels.evaluate", *(sys.argv[1:] if argv is None else argv)])
    result = evaluate(
        zoo,
        settings,
        args.seed,
        args.models,
        args.sections,
        out.parent,
        args.data_dir,
        args.inception,
        not args.no_progress,
        command,
    )
    result["quick"] = bool(args.quick)
    if args.merge and out.is_file():
        try:
            result = merge_results(json.loads(out.read_text()), result)
        except ValueError as error:
            parser.error(str(error))

    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    os.replace(tmp, out)  # a running app never reads half a file
    markdown = render_markdown(result)
    out.with_suffix(".md").write_text(markdown)
    print(markdown)
    print(f"wrote {out} and {out.with_suffix('.md')}")
    if args.readme:
        readme = Path(args.readme)
        prefix = os.path.relpath(out.parent.resolve(), readme.resolve().parent).replace(os.sep, "/") + "/"
        if replace_marked_block(readme, render_markdown(result, "" if prefix == "./" else prefix)):
            print(f"updated the metrics block of {readme}")
        else:
            print(f"{readme}: no {MARKERS[0]} ... {MARKERS[1]} block; left unchanged")
    return result


if __name__ == "__main__":
    main()
