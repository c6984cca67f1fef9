"""The README and docs/ hold together: every relative link and image resolves to a file of the repository (and a
link to a heading, to a heading of that page), the README stays short, and each measured block sits, markers and
all, in the page its command writes."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from genmodels.measure import benchmark, memorisation, report
from genmodels.training import transfer

REPO = Path(__file__).resolve().parents[2]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
README_LINES = 200


def links(markdown: str) -> list[str]:
    """The targets of every Markdown link and image outside code blocks."""
    return LINK.findall(FENCE.sub("", markdown))


def heading_anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation and symbols dropped, each space a hyphen."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*$", FENCE.sub("", markdown), re.M)
    return {heading_anchor(heading) for heading in headings}


def test_the_link_reader_skips_code_and_keeps_images_and_anchors():
    markdown = "[a](b.md) ![c](img/d.png) [e](f.md#g-h)\n```\n[x](not-a-link.md)\n```\n[web](https://example.org)"
    assert links(markdown) == ["b.md", "img/d.png", "f.md#g-h", "https://example.org"]
    assert heading_anchor("Memorisation: are the samples copies?") == "memorisation-are-the-samples-copies"
    assert heading_anchor("Anomaly detection: AUROC ↑ (FPR at 95% TPR ↓)") == "anomaly-detection-auroc--fpr-at-95-tpr-"


@pytest.mark.parametrize("page", PAGES, ids=lambda path: str(path.relative_to(REPO)))
def test_every_relative_link_resolves(page):
    broken = []
    for target in links(page.read_text()):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:: not ours to check
            continue
        path, _, anchor = unquote(target).partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists() or not file.resolve().is_relative_to(REPO):
            broken.append(target)
        elif anchor and file.suffix == ".md" and anchor not in anchors(file.read_text()):
            broken.append(f"{target} (no such heading)")
    assert not broken, f"{page.relative_to(REPO)}: broken links {broken}"


def test_nothing_links_outside_the_repository():
    outside = [(page.name, target) for page in PAGES for target in links(page.read_text()) if "shared/API.md" in target]
    assert not outside, f"the contract is docs/API.md, not a file outside the repository: {outside}"


def test_the_readme_is_short_and_keeps_the_space_card_on_top():
    text = (REPO / "README.md").read_text()
    assert len(text.splitlines()) <= README_LINES
    assert text.startswith("---\ntitle: genmodels\n") and "\nsdk: gradio\n" in text.split("---")[1]


@pytest.mark.parametrize(
    "markers, doc",
    [
        (report.MARKERS, report.DOC),
        (transfer.TRANSFER_MARKERS, transfer.DOC),
        (memorisation.MARKERS, memorisation.DOC),
        (benchmark.MARKERS, benchmark.DOC),
    ],
    ids=["metrics", "transfer", "memorisation", "benchmark"],
)
def test_each_measured_block_is_in_the_page_its_command_writes(markers, doc):
    start, end = markers
    text = (REPO / doc).read_text()
    assert text.count(start) == 1 and text.count(end) == 1 and text.index(start) < text.index(end)
    assert len(text[text.index(start) : text.index(end)].splitlines()) > 3, f"the block of {doc} is empty"
    for page in PAGES:
        if page != REPO / doc:
            assert start not in page.read_text(), f"{page.name} still holds {start}"
