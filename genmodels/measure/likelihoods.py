"""The notes' question as a measured table: would a distribution other than the Gaussian fix the VAE's blur?

One row per VAE variant (registry: the 16-d VAE with each decoder likelihood, and the learned priors), from the
generation and reconstruction sections of metrics.json. `python -m genmodels.measure.evaluate` writes it into
every page that has its markers: the README, the variants' model cards, docs/results.md (via the report)."""

from __future__ import annotations

from pathlib import Path

from ..tables import markdown_table, replace_marked_block

VARIANTS = ("vae", "vae_gaussian", "vae_sigma", "vae_logistic", "vae_2stage", "vae_mixture")
MARKERS = ("<!-- vae-likelihoods:start -->", "<!-- vae-likelihoods:end -->")
# relative to the weights' parent
PAGES = ("README.md", "docs/lessons/vae-likelihood-and-prior.md", *(f"weights/{name}/README.md" for name in VARIANTS))


def _g(value, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}g}"


def likelihood_rows(result: dict, names=VARIANTS) -> dict[str, dict]:
    """Each measured model of `names` (in that order): its generation row joined with its reconstruction row."""
    generation = (result.get("generation") or {}).get("rows") or {}
    reconstruction = (result.get("reconstruction") or {}).get("rows") or {}
    return {
        name: {**(reconstruction.get(name) or {}), **generation[name]}
        for name in names
        if isinstance(generation.get(name), dict) and "fid" in generation[name]
    }


def likelihood_markdown(result: dict) -> str:
    """The table, with its protocol in one line; "" when no variant is measured."""
    rows = likelihood_rows(result)
    if not rows:
        return ""
    header = ["model", "FD ↓", "recall ↑", "sharpness", "prior hole", "recon. PSNR dB ↑", "−ELBO bits/px ↓", "active"]
    body = [
        [
            row["label"].removesuffix(" (prior, T=1)"),
            _g(row["fid"]),
            _g(row["recall"], 2),
            _g(row.get("sharpness"), 2),
            "–" if row.get("prior_hole") is None else f"{row['prior_hole']:.1%}",
            _g(row.get("psnr")),
            _g(row.get("bits_per_dim")),
            row.get("active_dims", "–"),
        ]
        for row in rows.values()
    ]
    n = next(iter(rows.values()))["n_samples"]
    return (
        f"{n:,} prior samples each against the test set, in the shipped classifier's feature space "
        "(`python -m genmodels.measure.evaluate`); sharpness = the samples' mean gradient magnitude over the "
        "test images' (1 = as sharp); prior hole = the share of prior draws farther from every test image's code "
        "than 99% of held-out codes are (1% for the codes themselves); bits/pixel = the test −ELBO (none for the "
        "Bernoulli, no probability of 8-bit pixels).\n\n" + markdown_table(header, body)
    )


def write_pages(result: dict, root: Path) -> list[Path]:
    """Replace the table in every page of PAGES that has the markers -> the pages written."""
    table = likelihood_markdown(result)
    written = [root / page for page in PAGES if table and (root / page).is_file()]
    return [page for page in written if replace_marked_block(page, table, MARKERS)]
