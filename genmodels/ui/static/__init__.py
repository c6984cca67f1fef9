"""The page's CSS and JavaScript, kept as files (app.css, *.js) and read once, at import, by the modules that use
them. A .js file holds one JavaScript function, exactly as Gradio's `js=` arguments take it."""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def read(name: str) -> str:
    """The text of static/<name>, without its final newline."""
    return (FOLDER / name).read_text(encoding="utf-8").strip()
