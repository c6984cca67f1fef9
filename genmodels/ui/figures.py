"""The measured figures the prose quotes, and which comparative sentence they support.

Nothing the visitor reads as a measurement is typed into the text modules: `read_figures` takes the figures
from weights/metrics.json (written by `python -m genmodels.measure.evaluate`) and the sparse AE's config, and
each chooser in CHOOSERS looks at them and names the sentence variant they support ("wgan_worse", ...), with
the values that sentence shows. A retrained model that flips a comparison flips the sentence; a figure that was
never measured leaves its sentence out (the chooser returns None), so the text claims nothing unmeasured.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from . import race

# Model names as the sentences show them (the same in every language).
DISPLAY_NAMES = {
    "vae": "VAE",
    "beta_vae": "β-VAE",
    "vae2d": "2-D VAE",
    "dcgan": "DCGAN",
    "wgan_gp": "WGAN-GP",
    "sn_gan": "SN-GAN",
    "ae_gmm": "AE + GMM",
    "diffusion": "diffusion",
}


def _read_json(path: Path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _number(value):
    """A finite int/float, else None (a missing or non-numeric figure is treated as not measured)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return value
    return None


def _dig(data, *keys):
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def read_figures(weights_dir) -> dict:
    """weights_dir -> the raw measurements the choosers need ({} parts when a file is missing)."""
    weights_dir = Path(weights_dir)
    metrics = _read_json(weights_dir / "metrics.json")
    metrics = metrics if isinstance(metrics, dict) else {}
    return {
        "models": metrics.get("models") if isinstance(metrics.get("models"), dict) else {},
        "generation": _dig(metrics, "generation", "rows") or {},
        "reconstruction": _dig(metrics, "reconstruction", "rows") or {},
        "guidance": metrics.get("guidance") if isinstance(metrics.get("guidance"), dict) else {},
        "anomaly": _dig(metrics, "anomaly", "scores") or {},
        "settings": metrics.get("settings") if isinstance(metrics.get("settings"), dict) else {},
        "samplers": race.race_section(metrics),
        "lab": metrics.get("lab") if isinstance(metrics.get("lab"), dict) else {},
        "sparse_ae_config": _read_json(weights_dir / "sparse_ae" / "config.json") or {},
    }


# Each chooser: figures -> (variant, values for its sentence), or None when a figure it needs is missing.


def ae_size(figures):
    parameters = _number(_dig(figures, "reconstruction", "ae", "parameters"))
    if parameters is None:
        return None
    return "measured", {"millions": parameters / 1e6, "man": round(parameters / 1e4)}  # 만 = 10⁴, for Korean


def sparse_top_k(figures):
    """The shipped sparse AE's k (keeps the k largest units of each code), when it is a k-sparse one."""
    config = figures["sparse_ae_config"]
    top_k, latent_dim = _number(config.get("top_k")), _number(config.get("latent_dim"))
    if not top_k or latent_dim is None:
        return None
    return "k_sparse", {"top_k": int(top_k), "latent_dim": int(latent_dim)}


def sparse_activity(figures):
    """Share of the sparse code's entries that are non-zero on the test set (metrics.json's reconstruction row)."""
    active = _number(_dig(figures, "reconstruction", "sparse_ae", "active_latent_fraction"))
    if active is None:
        return None
    return ("mostly_zero" if active < 0.5 else "mostly_active"), {"active": active}


def beta_blur(figures):
    """Does the stronger KL term (β = 4) cost reconstruction sharpness? Compared by reconstruction PSNR."""
    vae = _number(_dig(figures, "reconstruction", "vae", "psnr"))
    beta = _number(_dig(figures, "reconstruction", "beta_vae", "psnr"))
    if vae is None or beta is None:
        return None
    return ("blurrier" if beta < vae else "not_blurrier"), {"vae_psnr": vae, "beta_psnr": beta}


def gan_stability(figures):
    """WGAN-GP vs DCGAN: FD (lower is closer to real images) and class entropy (1 = every class equally often,
    lower = piling into a few classes, the mark of mode collapse)."""
    rows = figures["generation"]
    values = {
        "wgan_fd": _number(_dig(rows, "wgan_gp", "fid")),
        "dcgan_fd": _number(_dig(rows, "dcgan", "fid")),
        "wgan_entropy": _number(_dig(rows, "wgan_gp", "class_entropy")),
        "dcgan_entropy": _number(_dig(rows, "dcgan", "class_entropy")),
    }
    if None in values.values():
        return None
    closer = values["wgan_fd"] < values["dcgan_fd"]
    more_even = values["wgan_entropy"] > values["dcgan_entropy"]
    variant = "wgan_better" if closer and more_even else "wgan_worse" if not (closer or more_even) else "mixed"
    return variant, values


def diffusion_rank(figures):
    """Is diffusion the closest to real images (lowest FD) and the most varied (highest recall) of the
    generators measured? (Its FD is on fewer samples than the others' and FD is biased upwards for small N,
    so a win here is a conservative one, and a loss says so.)"""
    models = figures["models"]
    own_fd = _number(_dig(models, "diffusion", "FD"))
    own_recall = _number(_dig(models, "diffusion", "recall"))
    others = {
        name: (_number(_dig(models, name, "FD")), _number(_dig(models, name, "recall")))
        for name in DISPLAY_NAMES
        if name != "diffusion"
    }
    others = {name: pair for name, pair in others.items() if None not in pair}
    if own_fd is None or own_recall is None or not others:
        return None
    best_fd = min(others, key=lambda name: others[name][0])
    best_recall = max(others, key=lambda name: others[name][1])
    values = {
        "sampler": _dig(models, "diffusion", "sampler") or "diffusion",
        "fd": own_fd,
        "recall": own_recall,
        "other_fd_name": DISPLAY_NAMES[best_fd],
        "other_fd": others[best_fd][0],
        "other_recall_name": DISPLAY_NAMES[best_recall],
        "other_recall": others[best_recall][1],
        "n": _number(_dig(figures, "settings", "n_diffusion")),
        "other_n": _number(_dig(figures, "settings", "n_samples")),
    }
    most_varied = own_recall > others[best_recall][1]
    if own_fd >= others[best_fd][0]:
        # the sample counts qualify the FD gap; without them the plain sentence
        known_n = values["n"] is not None and values["other_n"] is not None
        return ("most_varied_only" if most_varied and known_n else "not_closest"), values
    return ("best" if most_varied else "closest_only"), values


def guidance_accuracy(figures):
    """Share of guided samples the classifier puts in the requested class, at every measured scale w."""
    guidance = figures["guidance"]
    scales = guidance.get("scales") if isinstance(guidance.get("scales"), dict) else {}
    pairs = sorted(
        (_number(row.get("guidance_scale")), _number(row.get("accuracy")))
        for row in scales.values()
        if isinstance(row, dict)
    )
    pairs = [(w, accuracy) for w, accuracy in pairs if w is not None and accuracy is not None]
    steps, eta, per_class = (_number(guidance.get(key)) for key in ("steps", "eta", "n_per_class"))
    if not pairs or None in (steps, eta, per_class):
        return None
    listing = ", ".join(f"w = {w:g}: {accuracy:.1%}" for w, accuracy in pairs)
    return "measured", {"steps": int(steps), "eta": eta, "per_class": int(per_class), "listing": listing}


def guidance_interval(figures):
    """The timesteps where a guidance scale above 1 acts, as evaluated (the pipeline's setting)."""
    interval = figures["guidance"].get("guidance_interval")
    if not (isinstance(interval, list) and len(interval) == 2 and all(_number(t) is not None for t in interval)):
        return None
    return "measured", {"low": int(interval[0]), "high": int(interval[1])}


def ddim_vs_ddpm(figures):
    """Unguided DDIM at its most evaluated steps, η = 1 vs η = 0 on the same seeds and number of samples; then η = 1
    against DDPM's full run on DDPM's (smaller) number of samples (fid_at_n_ddpm), so every pair of FDs compares."""
    rows, settings = figures["generation"], figures["settings"]
    steps = settings.get("ddim_steps")
    ddpm_steps = _number(settings.get("ddpm_steps"))
    if not (isinstance(steps, list) and steps) or ddpm_steps is None:
        return None
    steps = int(max(steps))
    eta1, eta0 = _dig(rows, f"diffusion_ddim{steps}_eta1") or {}, _dig(rows, f"diffusion_ddim{steps}") or {}
    ddpm = _dig(rows, f"diffusion_ddpm{int(ddpm_steps)}") or {}
    values = {
        "steps": steps,
        "ddpm_steps": int(ddpm_steps),
        "n_ddim": _number(eta1.get("n_samples")),
        "eta1": _number(eta1.get("fid")),
        "eta0": _number(eta0.get("fid")),
        "eta1_n": _number(eta1.get("fid_at_n_ddpm")),
        "ddpm": _number(ddpm.get("fid")),
        "n": _number(ddpm.get("n_samples")),
    }
    if None in values.values() or eta0.get("n_samples") != values["n_ddim"]:
        return None
    values["n"], values["n_ddim"] = int(values["n"]), int(values["n_ddim"])
    ratio = ddpm_steps / steps
    values["calls"] = f"1/{ratio:g}" if ratio == int(ratio) else f"{steps / ddpm_steps:.0%}"
    return ("eta1_closer" if values["eta1"] <= values["eta0"] else "eta0_closer"), values


def any_class(figures):
    """Class "any" (a random class per image, sampled unguided) against the network's no-class token, both at the
    headline sampler (the most DDIM steps, η = 1) on the same seeds and number of samples."""
    rows, steps = figures["generation"], figures["settings"].get("ddim_steps")
    if not (isinstance(steps, list) and steps):
        return None
    steps = int(max(steps))
    values = {
        "steps": steps,
        "any_fd": _number(_dig(rows, f"diffusion_ddim{steps}_eta1", "fid")),
        "token_fd": _number(_dig(rows, "diffusion_null_token", "fid")),
        "n": _number(_dig(rows, "diffusion_null_token", "n_samples")),
    }
    if None in values.values() or values["n"] != _dig(rows, f"diffusion_ddim{steps}_eta1", "n_samples"):
        return None
    values["n"] = int(values["n"])
    return ("label_closer" if values["any_fd"] <= values["token_fd"] else "token_closer"), values


def default_sampler(figures):
    """The Diffusion tab's default sampler and steps, and why: the race's cheapest near DDIM-50's FD (ui/race.py)."""
    choice = race.default_choice(figures["samplers"])
    return None if choice is None else ("measured", {**choice, "tolerance": race.TOLERANCE})


def anomaly_shapes(figures):
    """Do simple drawn shapes fool the density-style scores (AUROC below 0.5: shapes look more normal than
    clothes)? The AE, VAE (negative ELBO) and diffusion scores, as the Anomaly tab offers them."""
    scores = figures["anomaly"]
    values = {name: _number(_dig(scores, name, "sets", "shapes", "auroc")) for name in ("ae", "vae", "diffusion")}
    if None in values.values():
        return None
    return ("fooled" if min(values.values()) < 0.5 else "not_fooled"), values


def lab_sweep(figures):
    """The Lab's sweep on the ring: the standard (non-saturating) GAN against the setting that covered every mode
    most often (then the higher median), and whether that beat it."""
    lab = figures["lab"]
    rows = {key.removeprefix("ring/"): row for key, row in (lab.get("rows") or {}).items() if key.startswith("ring/")}
    base = rows.get("non-saturating")
    if base is None or len(rows) < 2 or _number(lab.get("seeds")) is None:
        return None
    name, best = max(
        ((n, r) for n, r in rows.items() if n != "non-saturating"),
        key=lambda item: (item[1]["all_modes_share"], item[1]["modes_covered_median"]),
    )
    values = {
        "seeds": int(lab["seeds"]),
        "steps": int(lab["steps"]),
        "total": int(base["modes_total"]),
        "base_share": base["all_modes_share"],
        "base_modes": base["modes_covered_median"],
        "best": "non-saturating " + name if name.startswith("+") else name,
        "best_share": best["all_modes_share"],
        "best_modes": best["modes_covered_median"],
    }
    better = (best["all_modes_share"], best["modes_covered_median"]) > (
        base["all_modes_share"],
        base["modes_covered_median"],
    )
    return ("stabiliser_helps" if better else "no_help"), values


CHOOSERS = {
    "ae_size": ae_size,
    "sparse_top_k": sparse_top_k,
    "sparse_activity": sparse_activity,
    "beta_blur": beta_blur,
    "gan_stability": gan_stability,
    "diffusion_rank": diffusion_rank,
    "guidance_accuracy": guidance_accuracy,
    "guidance_interval": guidance_interval,
    "ddim_vs_ddpm": ddim_vs_ddpm,
    "any_class": any_class,
    "default_sampler": default_sampler,
    "anomaly_shapes": anomaly_shapes,
    "lab_sweep": lab_sweep,
}


def choose(figures) -> dict:
    """claim name -> (variant, values), or None where the figures are missing."""
    return {name: chooser(figures) for name, chooser in CHOOSERS.items()}
