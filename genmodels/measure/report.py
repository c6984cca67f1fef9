"""metrics.json as Markdown (weights/metrics.md, docs/results.md's block between MARKERS, the Compare tab's page).

python -m scripts.render_metrics_table      # re-render from the saved JSON, without measuring again
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from ..data import CLASS_NAMES
from ..tables import markdown_table
from .quality.samplers import race_lines
from .results import RUN_SEPARATOR

MARKERS = ("<!-- metrics:start -->", "<!-- metrics:end -->")
DOC = "docs/results.md"  # the page that holds the block between MARKERS


def _f(value, digits: int = 3) -> str:
    """A table cell: fixed `digits` decimals; "–" for missing or non-finite."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, float):
        return f"{value + 0.0:.{digits}f}"  # + 0.0: no "-0.000"
    return str(value)


def _g(value) -> str:
    """Three significant digits (distances whose scale depends on the feature space)."""
    return _f(value) if value is None or not math.isfinite(value) else f"{value + 0.0:.3g}"


def _table(header: list[str], rows: list[list]) -> list[str]:
    """A table and the blank line after it, as lines of the page."""
    return [markdown_table(header, rows), ""]


def measured_by(result: dict, module: str) -> str:
    """`python -m <module>[ --quick]`: the command that re-measures `result` today (the JSON keeps the exact
    commands of every run, some under the module names they had before genmodels.measure existed)."""
    return f"python -m {module}" + (" --quick" if result.get("quick") else "")


def render_markdown(result: dict, link_prefix: str = "") -> str:
    """The tables of metrics.json as Markdown; image links get `link_prefix` (the JSON's folder seen from the
    Markdown file's folder)."""
    p, env = result["protocol"], result["environment"]
    threads = f"{env['threads']} thread{'' if env['threads'] == 1 else 's'}"
    runs = env.get("command", "").count(RUN_SEPARATOR) + 1
    when = f"{env['date_utc']} UTC" if runs == 1 else f"{runs} runs (with --merge), the last {env['date_utc']} UTC"
    command = measured_by(result, "genmodels.measure.evaluate")
    lines = [
        f"Measured by `{command}` (seed {p['seed']}) on "
        f"{env['device']} ({env['cpu']}, {threads}, torch {env['torch']}), {when}, "
        f"in {result['seconds'] / 60:.1f} min.",
        "",
    ]
    if result.get("quick"):
        lines += [
            "**Quick mode: small sample counts, few diffusion steps; a smoke test, not the model's quality.**",
            "",
        ]

    generation = result.get("generation", {})
    if generation.get("rows"):
        lines += [
            "### Generation",
            "",
            f"Against the reference set: {p['reference_set']}. Feature space: {p['feature_space']}. "
            f"FD = {p['fid']}. KID ×10³: {p['kid']}. Precision / recall: {p['precision_recall']}. "
            f"Coverage: {p['class_coverage']}.",
            "",
        ]
        rows = []
        for row in generation["rows"].values():
            fd = _g(row["fid"]) + (
                f" ({_g(row['fid_at_n_ddpm'])} at N={row['n_ddpm']})" if "fid_at_n_ddpm" in row else ""
            )
            rows.append(
                [
                    row["label"],
                    row["n_samples"],
                    fd,
                    f"{row['kid'] * 1e3:.2f} ± {row['kid_std'] * 1e3:.2f}",
                    _f(row["precision"]),
                    _f(row["recall"]),
                    row["class_coverage"],
                    _f(row["class_entropy"]),
                    _f(row["seconds_per_image"] * 1e3, 2) if row.get("seconds_per_image") is not None else "–",
                ]
            )
        lines += _table(
            ["model", "N", "FD ↓", "KID×10³ ↓", "precision ↑", "recall ↑", "classes", "class entropy", "ms / image"],
            rows,
        )
        grids = [(row["label"], row["grid"]) for row in generation["rows"].values() if "grid" in row]
        if grids:
            lines += ["Samples (the same seeds for every model):", ""]
            lines += _table(
                ["model", "samples"], [[label, f"![{label}]({link_prefix}{path})"] for label, path in grids]
            )

    guidance = result.get("guidance", {})
    if guidance.get("scales"):
        lines += [
            "### Class-conditional diffusion: guidance",
            "",
            f"DDIM-{guidance['steps']} (η = {guidance.get('eta', 0.0):g}), {guidance['n_per_class']} samples per "
            "class; accuracy = the shipped classifier agrees with the requested class."
            + (
                " Guidance w > 1 acts at timesteps t in [{}, {}] only (the pipeline's default `guidance_interval`; "
                "w = 1 elsewhere).".format(*guidance["guidance_interval"])
                if guidance.get("guidance_interval")
                else ""
            ),
            "",
        ]
        rows = [
            [
                _f(g["guidance_scale"], 0),
                _f(g["accuracy"]),
                _f(g["min_class_accuracy"]),
                _g(g["fid"]),
                f"{g['kid'] * 1e3:.2f}",
                _f(g["precision"]),
                _f(g["recall"]),
                *(_f(v, 2) for v in g["per_class_accuracy"].values()),
            ]
            for g in guidance["scales"].values()
        ]
        lines += _table(["w", "accuracy", "worst class", "FD", "KID×10³", "precision", "recall", *CLASS_NAMES], rows)

    lines += race_lines(result)

    reconstruction = result.get("reconstruction", {})
    if reconstruction.get("rows"):
        lines += ["### Reconstruction", "", p["reconstruction"] + ".", ""]
        rows = [
            [
                name,
                f"{r['parameters']:,}" if "parameters" in r else "–",
                r["latent_dim"],
                r.get("active_dims", "–"),
                _f(r["mse"], 4),
                _f(r["psnr"], 2),
                _f(r["ssim"]),
            ]  # fmt: skip
            for name, r in reconstruction["rows"].items()
        ]
        lines += _table(["model", "parameters", "latent dim", "active dims", "MSE ↓", "PSNR dB ↑", "SSIM ↑"], rows)
        thresholds = [r["active_kl_nats"] for r in reconstruction["rows"].values() if "active_kl_nats" in r]
        if thresholds:
            lines += [
                f"Active dims (VAEs): latent dimensions whose mean KL(q(z_d|x) ‖ N(0, 1)) over these test images "
                f"exceeds {thresholds[0]:g} nats; the others are collapsed onto the prior (the decoder ignores them).",
                "",
            ]

    denoising = result.get("denoising", {})
    if denoising.get("conditions"):
        conditions = denoising["conditions"]
        lines += ["### Denoising (PSNR dB / SSIM)", "", p["denoising"] + ".", ""]
        methods = [m for m in next(iter(conditions.values())) if isinstance(next(iter(conditions.values()))[m], dict)]
        header = [
            "method",
            *(
                c.replace("gaussian_", "Gaussian σ=").replace("salt_pepper_0.1", "salt & pepper 10%")
                for c in conditions
            ),
        ]
        rows = [
            [m, *(f"{_f(conditions[c][m]['psnr'], 2)} / {_f(conditions[c][m]['ssim'])}" for c in conditions)]
            for m in methods
        ]
        lines += _table(header, rows)
    if result.get("degradations", {}).get("results"):
        lines += suite_lines(result["degradations"])

    anomaly = result.get("anomaly", {})
    if anomaly.get("scores"):
        sets = [*anomaly["ood_sets"], "all"]
        lines += [
            "### Anomaly detection: AUROC ↑ (FPR at 95% TPR ↓)",
            "",
            p["anomaly"] + ". OOD sets: " + "; ".join(f"{k}: {v}" for k, v in anomaly["ood_sets"].items()) + ".",
            "",
        ]
        rows = [
            [s["label"], *(f"{_f(s['sets'][k]['auroc'])} ({_f(s['sets'][k]['fpr_at_95_tpr'], 2)})" for k in sets)]
            for s in anomaly["scores"].values()
        ]
        lines += _table(["score", *sets], rows)
        if anomaly.get("grid"):
            lines += [f"OOD sets, 8 images each, in the order above: ![OOD sets]({link_prefix}{anomaly['grid']})", ""]

    one_class = result.get("one_class", {})
    if one_class.get("per_class"):
        lines += [
            "### One-class protocol (AE)",
            "",
            p["one_class"] + ". The shipped AE (trained on all classes) for contrast.",
            "",
        ]
        rows = [[name, _f(e["auroc"]), _f(e.get("shipped_ae_auroc"))] for name, e in one_class["per_class"].items()]
        rows.append(["**mean**", _f(one_class["mean_auroc"]), _f(one_class.get("mean_shipped_ae_auroc"))])
        lines += _table(["normal class", "one-class AE AUROC", "shipped AE AUROC"], rows)

    inception = result.get("inception_fid", {})
    where = "in metrics.json, generation rows" if inception.get("available") else inception.get("reason", "not run")
    lines += [f"Inception FID: {where}.", ""]
    if result.get("skipped"):
        lines += ["Skipped: " + "; ".join(f"{k} ({v})" for k, v in result["skipped"].items()) + ".", ""]
    return "\n".join(lines)


def doc_markdown(result: dict, json_path: Path, doc: Path) -> str:
    """render_markdown for a page elsewhere than the JSON (docs/results.md): sample links relative to that page."""
    prefix = os.path.relpath(Path(json_path).parent.resolve(), Path(doc).resolve().parent).replace(os.sep, "/") + "/"
    return render_markdown(result, "" if prefix == "./" else prefix)


def suite_lines(suite: dict) -> list[str]:
    """The degradation suite: gain over the degraded input (dB) per degradation and method at each strength, then
    each method's mean PSNR over the whole suite (and over BM3D's images, which BM3D restores alone)."""
    methods = [m for m in next(iter(next(iter(suite["results"].values())).values())) if m != "degraded input"]
    lines = [
        "### Degradation suite: gain over the degraded input (dB)",
        "",
        f"{suite['n_images']:,} test images; each degradation at mild / medium / strong; the learned methods get the "
        "damaged image as an upload (no σ), non-local means and BM3D the true σ where there is one "
        f"(BM3D on the first {suite['n_bm3d']:,} images). Cells: mild / medium / strong.",
        "",
    ]
    rows = [
        [name, *(" / ".join(_f(by_level[level][m]["gain_db"], 2) for level in by_level) for m in methods)]
        for name, by_level in suite["results"].items()
    ]
    lines += _table(["degradation", *methods], rows)
    means = suite["mean_psnr"]
    subset = suite.get("bm3d_subset_mean_psnr") or {}
    lines += _table(
        ["mean PSNR over the suite (dB)", *means],
        [["all images", *(_f(means[m], 2) for m in means)]]
        + ([[f"BM3D's {suite['n_bm3d']:,} images", *(_f(subset.get(m), 2) for m in means)]] if subset else []),
    )
    return lines
