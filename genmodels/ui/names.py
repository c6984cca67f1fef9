"""What the visitor reads instead of a metrics.json key: "WGAN-GP" for wgan_gp, "DDIM-50, η = 1" for
diffusion_ddim50_eta1, "real train images (floor)" for real_train, in English or Korean, plus each model's
family and a colour that keeps a family's models in one hue on a plot.

    model_name("diffusion_ddim50_eta1")        # 'DDIM-50, η = 1'
    model_name("real_train", "ko")             # '실제 학습 이미지 (하한)'
    family("wgan_gp")                          # 'GAN'
"""

from __future__ import annotations

import re

from genmodels import registry
from genmodels.ui.i18n import pick

# key -> (English, Korean) of the rows of metrics.json's "generation" and "models" sections that are not models;
# a model's names are its entry in genmodels.registry
NAMES = {
    "real_train": ("real train images (floor)", "실제 학습 이미지 (하한)"),
    "ae_gmm": ("AE + GMM", "AE + GMM"),
    "ae_normal": ("AE + N(0, I)", "AE + N(0, I)"),
    "diffusion_null_token": ("diffusion, no-class token", "디퓨전, 클래스 없음 토큰"),
}

# key -> family, for the key's colour and the latency table, of the rows that are not models (a model's family is in
# genmodels.registry). Diffusion samplers are matched by DIFFUSION_ROW.
FAMILIES = {
    "real_train": "data",
    "ae_gmm": "AE",
    "ae_normal": "AE",
    "diffusion_null_token": "diffusion",
}
FAMILY_NAMES = {  # family -> its name in each language (i18n.pick)
    "data": {"en": "real data", "ko": "실제 데이터"},
    "AE": {"en": "autoencoder", "ko": "오토인코더"},
    "VAE": {"en": "VAE", "ko": "VAE"},
    "GAN": {"en": "GAN", "ko": "GAN"},
    "diffusion": {"en": "diffusion", "ko": "디퓨전"},
    "classifier": {"en": "classifier", "ko": "분류기"},
    "denoiser": {"en": "denoiser", "ko": "디노이저"},
}

# The generation rows of diffusion samplers, as genmodels.measure.quality.generation.diffusion_row_key writes them:
# diffusion_ddim50 (η = 0), diffusion_ddim50_eta1, diffusion_ddpm1000.
DIFFUSION_ROW = re.compile(r"diffusion_(?P<sampler>ddim|ddpm)(?P<steps>\d+)(?:_eta(?P<eta>\d+(?:\.\d+)?))?")

# One hue per family, so a legend of model names still reads by family; every shade dark enough to see a
# small hollow point on white. Diffusion: purple for η = 1, orange for η = 0, brown for DDPM, darker for more steps.
COLORS = {
    "real_train": "#7f7f7f",
    "ae_gmm": "#2ca02c",
    "ae_normal": "#98df8a",
    "vae": "#1f77b4",
    "beta_vae": "#17becf",
    "vae2d": "#08519c",
    "vae_gaussian": "#6baed6",
    "vae_sigma": "#3182bd",
    "vae_logistic": "#4292c6",
    "vae_2stage": "#084594",
    "vae_mixture": "#2171b5",
    "dcgan": "#d62728",
    "wgan_gp": "#e377c2",
    "sn_gan": "#a50f15",
    "diffusion_null_token": "#bcbddc",
}
DIFFUSION_SHADES = {"eta1": ("#9e9ac8", "#6a51a3", "#3f007d"), "eta0": ("#fd8d3c", "#e6550d", "#a63603")}
DDPM_COLOR = "#8c564b"


def language_index(language: str) -> int:
    return 1 if language == "ko" else 0


def diffusion_sampler(key: str) -> dict | None:
    """A diffusion generation row's key -> {"sampler": "DDIM", "steps": 50, "eta": 1.0}; None for other keys.
    DDPM draws its own posterior noise, so its eta is None."""
    match = DIFFUSION_ROW.fullmatch(key)
    if match is None:
        return None
    sampler = match["sampler"].upper()
    eta = None if sampler == "DDPM" else float(match["eta"] or 0)
    return {"sampler": sampler, "steps": int(match["steps"]), "eta": eta}


def has_name(key: str) -> bool:
    """True when `key` has a human name (and is not shown as the raw key)."""
    spec = registry.find(key)
    return key in NAMES or (spec is not None and spec.display is not None) or diffusion_sampler(key) is not None


def model_name(key: str, language: str = "en") -> str:
    """A metrics.json row key -> the name a visitor reads. Unknown keys read as the key, underscores as spaces."""
    sampler = diffusion_sampler(key)
    if sampler is not None:
        name = f"{sampler['sampler']}-{sampler['steps']}"
        return name if sampler["eta"] is None else f"{name}, η = {sampler['eta']:g}"
    if key in NAMES:
        return NAMES[key][language_index(language)]
    spec = registry.find(key)
    return spec.display_name(language) if spec else key.replace("_", " ")


def family(key: str) -> str:
    """A row key -> its family ("AE", "VAE", "GAN", "diffusion", "data", "classifier"); "" when unknown."""
    spec = registry.find(key)
    return "diffusion" if diffusion_sampler(key) else FAMILIES.get(key, spec.family if spec else "")


def family_name(key: str, language: str = "en") -> str:
    """A row key -> its family as the visitor reads it ("autoencoder", "오토인코더", ...)."""
    names = FAMILY_NAMES.get(family(key))
    return pick(names, language) if names else ""


def color(key: str) -> str:
    """A row key -> its plot colour: one hue per family, so a legend of model names still reads by family."""
    sampler = diffusion_sampler(key)
    if sampler is None:
        return COLORS.get(key, "#bcbd22")
    if sampler["eta"] is None:
        return DDPM_COLOR
    shades = DIFFUSION_SHADES["eta1" if sampler["eta"] else "eta0"]
    ranks = {10: 0, 25: 1}  # the evaluated step counts; 50 and more take the darkest shade
    return shades[ranks.get(sampler["steps"], len(shades) - 1)]
