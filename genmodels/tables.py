"""Markdown output shared by the measuring tools, the training cards and the UI: one table writer, and the
replacement of a block between two markers (the measured blocks of docs/results.md and docs/performance.md, a model
card's summary).

Plain strings in, plain strings out, no third-party imports: the UI can use it without importing the tools."""

from __future__ import annotations

from pathlib import Path


def markdown_table(header, rows) -> str:
    """A Markdown table: one header row, a rule, one line per row; every cell goes through str()."""
    header = [str(cell) for cell in header]
    return "\n".join(
        [
            "| " + " | ".join(header) + " |",
            "|" + "|".join("---" for _ in header) + "|",
            *("| " + " | ".join(map(str, row)) + " |" for row in rows),
        ]
    )


def replace_marked_block(path: Path, markdown: str, markers: tuple[str, str]) -> bool:
    """Replace what lies between the two markers in `path` (kept themselves); False if they are not both there."""
    path = Path(path)
    if not path.is_file():
        return False
    text = path.read_text()
    start = text.find(markers[0])
    end = text.find(markers[1], start + len(markers[0])) if start >= 0 else -1
    if start < 0 or end < 0:
        return False
    path.write_text(text[: start + len(markers[0])] + "\n" + markdown.strip() + "\n" + text[end:])
    return True
