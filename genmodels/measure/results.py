"""What a results JSON holds besides the numbers, and how it is written: the machine it ran on, the protocol
under each table, the per-model summary the Compare tab shows, --merge of two runs, rounding, and the one atomic
JSON writer (weights/metrics.json, benchmark.json and anomaly.json are all read by a running app)."""

from __future__ import annotations

import json
import math
import os
import platform
from datetime import datetime, timezone
from pathlib import Path

import torch

from ..diffusion.pipeline import DDIM_ETA
from ..hardware import cpu_name
from ..tables import replace_marked_block
from ..zoo import Zoo
from .quality.generation import diffusion_row_key, diffusion_sampler_name
from .quality.settings import SECTIONS, Settings, measured_models

RUN_SEPARATOR = "; then "  # evaluate --merge joins the commands of the runs it merges with this


def write_json_atomically(path: Path, content: dict):
    """Write to a temporary file, then rename: a running app never reads half a file."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(content, indent=1, ensure_ascii=False))
    os.replace(tmp, path)


def publish(out: Path, result: dict, markdown: str, doc: str, doc_block: str, markers, kind: str):
    """Write a run's JSON (atomically) and its Markdown next to it, print both, and replace the block of the page
    `doc` (docs/results.md, docs/performance.md) between `markers` with `doc_block` when `doc` is given and has them."""
    write_json_atomically(out, result)
    out.with_suffix(".md").write_text(markdown)
    print(markdown)
    print(f"wrote {out} and {out.with_suffix('.md')}")
    if doc:
        if replace_marked_block(Path(doc), doc_block, markers):
            print(f"updated the {kind} block of {doc}")
        else:
            print(f"{doc}: no {markers[0]} ... {markers[1]} block; left unchanged")


def rounded(value, digits: int = 6):
    """Every float in a JSON tree to `digits` significant digits (KIDs are ~1e-4, FDs ~10: decimals would not do)."""
    if isinstance(value, float):
        return float(f"{value:.{digits}g}") if math.isfinite(value) else value
    if isinstance(value, dict):
        return {key: rounded(item, digits) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(item, digits) for item in value]
    return value


def environment(device: torch.device) -> dict:
    """Where a measurement ran: the software, the device, the CPU and its threads, the time (UTC)."""
    return {
        "torch": torch.__version__,
        "python": platform.python_version(),
        "device": str(device),
        "cpu": cpu_name(),
        "threads": torch.get_num_threads(),
        "date_utc": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"),
    }


def protocol(settings: Settings, seed: int, zoo: Zoo) -> dict:
    """How every number was measured: written next to the numbers in the JSON and under each table."""
    s = settings
    classifier = zoo.model("classifier") if "classifier" in zoo.available else None
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
        "diffusion_sampling": f"zoo.diffusion_sample, class 'any' (each image's class drawn at random, sampled "
        f"unguided), DDIM eta {list(s.ddim_etas)} (DDPM draws its own posterior noise), the pipeline's default "
        "precision; the same seeds for every step count and eta; diffusion_null_token: the headline sampler on the "
        "same seeds through the network's no-class token (w = 0)",
        "guidance": f"DDIM-{s.guidance_steps} (eta {s.guidance_eta:g}), {s.n_per_class} samples per class and scale "
        f"{list(s.guidance_scales)}; accuracy = the shipped classifier agrees with the requested class",
        "reconstruction": f"{s.n_reference} test images; MSE in [0,1] pixel units; PSNR and SSIM (Gaussian 11x11, "
        "σ=1.5) per image, averaged",
        "denoising": f"{s.n_denoise} test images; Gaussian noise of std σ in [0,1] pixel units, clipped (the "
        "zoo's denoise), or 10% salt-and-pepper handed over as an already-noisy upload (σ estimated by the "
        "pipeline); diffusion = SDEdit (zoo.denoise, unconditional); non-local means implemented here in torch "
        "(patch 3, window 9, h=0.8σ, σ known or estimated); BM3D (the bm3d package) is measured in the degradation "
        "suite only",
        "anomaly": f"{s.n_anomaly} test images (normal) vs {s.n_ood} images per OOD set; anomalous = positive; "
        "fpr_at_95_tpr = share of normal images flagged when 95% of anomalies are caught; tpr_at_5_fpr = "
        "share of anomalies caught at the app's threshold (95th percentile of normal scores)",
        "one_class": f"one AE per class, trained {s.one_class_epochs} epochs on ≤{s.one_class_train_per_class} "
        f"train images of that class; AUROC on {s.one_class_test} test images (that class normal, the rest not)",
        "seed": seed,
        "device": str(zoo.device),
    }


# the anomaly score -> the model whose summary row gets its AUROC (None: no row of its own)
SCORE_MODELS = {
    "vae_recon": None,
    "vae_bits": None,
    "vae_complexity": None,
    "complexity": None,
    "dcgan_critic": "dcgan",
    "wgan_gp_critic": "wgan_gp",
}


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
        if name in measured_models() and isinstance(row, dict):
            models.setdefault(name, {})["denoise PSNR σ=0.3"] = row["psnr"]
    for name, row in result.get("anomaly", {}).get("scores", {}).items():
        model = SCORE_MODELS.get(name, name)
        if model:
            models.setdefault(model, {})["anomaly AUROC"] = row["sets"]["all"]["auroc"]
    guidance = result.get("guidance", {}).get("scales", {})
    if "3" in guidance:
        models.setdefault("diffusion", {})["class accuracy w=3"] = guidance["3"]["accuracy"]
    return models


# protocol entries that describe how one model is sampled and nothing else: a run that re-measures that model's
# generation rows may bring a new description (every row it describes is then re-measured under it)
MODEL_PROTOCOL = {"diffusion_sampling": "diffusion"}


# settings that only choose which rows of a section are measured: runs with different choices still merge
ROW_SELECTORS = ("race_samplers", "race_steps", "race_spacing_steps")


def merge_conflicts(old: dict, new: dict, models=None, sections=None) -> list[str]:
    """What keeps `new` (a run of `models` x `sections`, by default the ones it records) from merging into `old`:
    the names of the settings / protocol entries that differ; [] when the numbers compare."""
    models = set(new.get("evaluated", []) if models is None else models)
    if sections is None:  # the sections the run measured (one it skipped records why, and keeps the old content)
        sections = [key for key in SECTIONS if isinstance(new.get(key), dict) and "skipped" not in new[key]]
    sections = set(sections)
    conflicts = ["quick"] if old.get("quick") != new.get("quick") else []
    # a setting the old run did not have yet (a new section's knob) measured nothing there, so it cannot differ; nor
    # can one that only picks which rows are measured (each row's key names its sampler and steps)
    old_settings, new_settings = old.get("settings") or {}, new.get("settings") or {}
    if any(old_settings.get(key) != new_settings.get(key) for key in set(old_settings) - set(ROW_SELECTORS)):
        conflicts.insert(0, "settings")
    old_protocol, new_protocol = old.get("protocol"), new.get("protocol")
    if not (isinstance(old_protocol, dict) and isinstance(new_protocol, dict)):
        return conflicts + (["protocol"] if old_protocol != new_protocol else [])
    for key in sorted(set(old_protocol) | set(new_protocol)):
        remeasured = MODEL_PROTOCOL.get(key) in models and "generation" in sections
        if old_protocol.get(key) != new_protocol.get(key) and not remeasured:
            conflicts.append(f"protocol.{key}")
    return conflicts


def merge_results(old: dict, new: dict) -> dict:
    """--merge: `new` laid over an earlier run's `old`, so one retrained model is re-measured without re-running
    the rest. Only runs of the same protocol (settings, seed, device) merge: their numbers are comparable.
    Sections are merged key by key, down to rows; a section the new run skipped keeps the old content."""
    conflicts = merge_conflicts(old, new)
    if conflicts:
        raise ValueError(
            f"--merge: the existing metrics were measured differently ({', '.join(conflicts)}); run without --merge"
        )

    def deep(a, b):
        if not isinstance(a, dict) or not isinstance(b, dict):
            return b
        return {**a, **{k: deep(a[k], v) if k in a else v for k, v in b.items()}}

    merged = dict(old)
    settings = {**old.get("settings", {}), **new.get("settings", {})}
    for key in ROW_SELECTORS:  # the rows of both runs are there: the settings list the choices of the runs that raced
        chosen = [
            value
            for run in (old, new)
            if isinstance(run.get("samplers"), dict) and run["samplers"].get("rows")
            for value in run.get("settings", {}).get(key, [])
        ]
        settings[key] = sorted(set(chosen), key=chosen.index)
    merged["settings"] = settings
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
