"""Every string the visitor reads: the strings in en.py and ko.py, and in one module per later topic
(TOPICS: each holds `LABELS = {"en": {...}, "ko": {...}}` and `PHRASES` the same way, both languages side by
side), looked up here.

One table per language, reached two ways because Gradio translates only what the page is built with:
- `t(key)`: static text (labels, intros, "How it works") goes through `gr.I18n`; the browser's language
  picks the translation, so one page serves both languages;
- `say(request, key, **values)`: text computed at request time (a PSNR line, a latency table), which
  `gr.I18n` cannot reach, in the language of the request's Accept-Language header.

No measured figure is typed into the prose. A `{name}` in a static string is a measured sentence from
claims.py, which figures.py chooses and fills from weights/metrics.json: `use_measurements(weights_dir)`
renders EN and KO (and so I18N) again for a weights folder; at import they are rendered for the shipped one.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from . import anomaly, compare, en, ko, latent_lessons, memorisation, training, transfer
from .claims import CLAIMS
from .figures import choose, read_figures

SHIPPED_WEIGHTS = Path(__file__).resolve().parents[3] / "weights"
# Topics added after the first tabs keep their strings in their own module, so no language file grows without end.
TOPICS = (compare, latent_lessons, anomaly, transfer, training, memorisation)


def _merged(attribute: str, code: str, base: dict) -> dict:
    """base + every topic's strings for one language; a key defined twice is an error, not a silent override."""
    merged = dict(base)
    for topic in TOPICS:
        strings = getattr(topic, attribute)[code]
        clash = merged.keys() & strings.keys()
        if clash:
            raise KeyError(f"{topic.__name__} redefines {sorted(clash)}")
        merged.update(strings)
    return merged


TEMPLATES = {"en": _merged("LABELS", "en", en.LABELS), "ko": _merged("LABELS", "ko", ko.LABELS)}
PHRASES = {"en": _merged("PHRASES", "en", en.PHRASES), "ko": _merged("PHRASES", "ko", ko.PHRASES)}

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
