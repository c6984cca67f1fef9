"""The sampler race as the app reads it from weights/metrics.json (section "samplers", written by RACE_COMMAND):
the rows, FD against network calls for the Compare tab's plot, and the default sampler it supports.

The default follows the measurement: the fewest network calls per image whose FD lies within TOLERANCE of the
reference sampler's (DDIM-50, η = 1, the app's default before the race); without a race, the tab keeps its own.
"""

from __future__ import annotations

import math

import pandas as pd

from genmodels.measure.quality.samplers import race_section

RACE_COMMAND = "python -m genmodels.measure.evaluate --models diffusion --sections samplers --merge"
REFERENCE = ("DDIM", 50, "leading")  # (sampler, steps, spacing): the app's default before the race
TOLERANCE = 0.10  # FD within 10% of the reference's: a difference of that size is within a rerun's spread


def _finite(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def race_rows(section) -> list[dict]:
    """The race's rows with a finite FD and network-call count ([] without a race)."""
    rows = section.get("rows") if isinstance(section, dict) else None
    if not isinstance(rows, dict):
        return []
    return [r for r in rows.values() if isinstance(r, dict) and _finite(r.get("fid")) and _finite(r.get("nfe"))]


def find_row(section, sampler: str, steps: int, spacing: str) -> dict | None:
    wanted = (sampler, steps, spacing)
    return next((r for r in race_rows(section) if (r.get("sampler"), r.get("steps"), r.get("spacing")) == wanted), None)


def default_choice(section) -> dict | None:
    """The cheapest sampler within TOLERANCE of the reference's FD (the lower FD among equally cheap ones) ->
    sampler, steps, spacing, nfe, fid, ref_fid, n; None without a race or its reference row."""
    reference = find_row(section, *REFERENCE)
    if reference is None:
        return None
    good = [r for r in race_rows(section) if r["fid"] <= (1 + TOLERANCE) * reference["fid"]]
    best = min(good, key=lambda r: (r["nfe"], r["fid"]))  # the reference itself qualifies: never empty
    return {
        "sampler": best["sampler"],
        "steps": int(best["steps"]),
        "spacing": best["spacing"],
        "nfe": int(round(best["nfe"])),
        "fid": best["fid"],
        "ref_fid": reference["fid"],
        "n": int(section.get("n") or best.get("n_samples") or 0),
    }


def app_default(section) -> tuple[str, int, str]:
    """(sampler, steps, spacing) of the Diffusion tab's controls: the race's choice, else REFERENCE."""
    choice = default_choice(section)
    return (choice["sampler"], choice["steps"], choice["spacing"]) if choice else REFERENCE


def series_name(row: dict) -> str:
    """A plot line: the sampler with leading timesteps; "DDIM, trailing" for the other spacing."""
    return row["sampler"] if row["spacing"] == REFERENCE[2] else f"{row['sampler']}, {row['spacing']}"


def fd_nfe_frame(metrics: dict) -> pd.DataFrame:
    """FD against network calls per image, one line per sampler (and spacing); DDPM-1000 from the generation
    section as one more point where it was measured there (on its own, smaller N: see its tooltip)."""
    points = [
        {"nfe": r["nfe"], "fd": r["fid"], "sampler": series_name(r), "N": r.get("n_samples"), "steps": r["steps"]}
        for r in race_rows(race_section(metrics))
    ]
    generation = (metrics.get("generation") or {}).get("rows") or {}
    ddpm = generation.get("diffusion_ddpm1000")
    if points and isinstance(ddpm, dict) and _finite(ddpm.get("fid")):
        n = ddpm.get("n_samples")
        points.append({"nfe": 1000, "fd": ddpm["fid"], "sampler": "DDPM-1000", "N": n, "steps": 1000})
    frame = pd.DataFrame(points, columns=["nfe", "fd", "sampler", "N", "steps"])
    return frame.sort_values(["sampler", "nfe"], ignore_index=True)
