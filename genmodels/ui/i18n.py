"""The one translation scheme: every string a visitor reads, English and Korean side by side, next to the code that
shows it, looked up here.

Each text module (SOURCES: ui/text.py for the page, components/text.py for the shared pieces, tabs/<tab>/text.py)
holds two tables of the same shape, each string with both its languages:

    LABELS = {"seed": {"en": "Seed", "ko": "시드"}, ...}      # static: labels, intros, "How it works"
    PHRASES = {"point": {"en": "z = ({z1:.2f}, {z2:.2f})", "ko": ...}, ...}  # built at request time

and `pick(pair, language)` reads any other such pair. A key lives in one module only (a clash is an error).

Gradio translates only what the page is built with, so the two tables are reached two ways:
- `t(key)`: a LABELS string, through `gr.I18n`; the browser's language picks the translation, so one page
  serves both languages;
- `say(request, key, **values)`: a PHRASES string, filled at request time (a PSNR line, a latency table), which
  `gr.I18n` cannot reach, in the language of the request's Accept-Language header.

No measured figure is typed into the prose. A `{name}` in a static string is a measured sentence from
claims.py, which figures.py chooses and fills from weights/metrics.json: `use_measurements(weights_dir)`
renders EN and KO (and so I18N) again for a weights folder; at import they are rendered for the shipped one.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from genmodels.ui import text as page
from genmodels.ui.claims import CLAIMS
from genmodels.ui.components import text as components
from genmodels.ui.figures import choose, read_figures
from genmodels.ui.tabs.anomaly import text as anomaly
from genmodels.ui.tabs.autoencoder import text as autoencoder
from genmodels.ui.tabs.compare import text as compare
from genmodels.ui.tabs.denoise import text as denoise
from genmodels.ui.tabs.diffusion import text as diffusion
from genmodels.ui.tabs.gan import text as gan
from genmodels.ui.tabs.lab import text as lab
from genmodels.ui.tabs.training import text as training
from genmodels.ui.tabs.transfer import text as transfer
from genmodels.ui.tabs.vae import text as vae

LANGUAGES = ("en", "ko")
SOURCES = (page, components, autoencoder, vae, gan, diffusion, denoise, anomaly, training, transfer, compare, lab)
SHIPPED_WEIGHTS = Path(__file__).resolve().parents[2] / "weights"


def pick(pair: dict[str, str], language: str) -> str:
    """One string of an {"en": ..., "ko": ...} pair in `language` (English for any language without its own)."""
    return pair.get(language, pair["en"])


def collect(table: str) -> dict[str, dict[str, str]]:
    """language -> key -> string, over every source's `table` ("LABELS" or "PHRASES"); a key defined twice is an
    error, not a silent override."""
    merged: dict[str, dict[str, str]] = {code: {} for code in LANGUAGES}
    owner: dict[str, str] = {}
    for source in SOURCES:
        for key, pair in getattr(source, table, {}).items():
            if key in owner:
                raise KeyError(f"{source.__name__} redefines {key!r} of {owner[key]}")
            owner[key] = source.__name__
            for code in LANGUAGES:
                merged[code][key] = pair[code]
    return merged


TEMPLATES = collect("LABELS")
PHRASES = collect("PHRASES")

# The rendered static strings. Updated in place by use_measurements, so every importer (and I18N, which holds
# these very dicts) sees the current figures.
EN: dict[str, str] = {}
KO: dict[str, str] = {}
RENDERED = {"en": EN, "ko": KO}
I18N = gr.I18n(en=EN, ko=KO)


def claim_sentences(choices: dict, language_code: str) -> dict[str, str]:
    """claim name -> its chosen sentence in one language ("" for a claim whose figures are missing)."""
    sentences = {}
    for name, choice in choices.items():
        if choice is None:
            sentences[name] = ""
        else:
            variant, values = choice
            sentences[name] = CLAIMS[name][variant][language_code].format(**values)
    return sentences


def render(choices: dict) -> dict[str, dict[str, str]]:
    """language -> key -> static string with its measured sentences filled in."""
    rendered = {}
    for code, templates in TEMPLATES.items():
        sentences = claim_sentences(choices, code)
        rendered[code] = {key: template.format_map(sentences) for key, template in templates.items()}
    return rendered


def use_measurements(weights_dir) -> dict:
    """Fill the static strings from `weights_dir`'s measurements; -> the choices made (claim -> variant, values).
    Call it before the app is launched: the browser receives the translations at launch."""
    choices = choose(read_figures(weights_dir))
    for code, strings in render(choices).items():
        RENDERED[code].clear()
        RENDERED[code].update(strings)
    return choices


def t(key: str):
    """A static string for a component or Markdown, translated in the browser."""
    if key not in EN:
        raise KeyError(f"no text for {key!r}")
    return I18N(key)


def language(request: gr.Request | None) -> str:
    """'ko' when the browser asks for Korean first, else 'en'."""
    header = ""
    if request is not None:
        header = (getattr(request, "headers", None) or {}).get("accept-language", "") or ""
    return "ko" if header.strip().lower().startswith("ko") else "en"


def say(request: gr.Request | None, key: str, **values) -> str:
    """Text built at request time, in the request's language."""
    return PHRASES[language(request)][key].format(**values)


use_measurements(SHIPPED_WEIGHTS)
