"""The samplers section, the sampler race: every sampler at every step count on the same seeds (class "any",
unguided), its FD and precision / recall, its network evaluations counted (a forward hook on the UNet: Heun makes
two a step) and its milliseconds per image; the guided class accuracy of the cheap ones. docs/samplers.md says
how to read it; genmodels.ui.race chooses the app's default sampler from it.

    python -m genmodels.measure.evaluate --models diffusion --sections samplers --merge
"""

from __future__ import annotations

import re
import time

import torch

from ...checks import ANY_CLASS
from ...data import CLASS_NAMES, NUM_CLASSES
from ...diffusion.limits import DDIM_ETA, SPACINGS
from .guidance import CLASS_SEED_STRIDE
from .run import ZOO_BATCH, EvaluationRun, in_chunks

SPACING_BLIND = ("DPM++ 2M Karras",)  # Karras' rule places its σ whatever the spacing: one run is enough


def race_row_key(sampler: str, steps: int, spacing: str) -> str:
    """ "DPM++ 2M Karras", 10, "leading" -> "dpmpp_2m_karras_10_leading" (a JSON key that reads as the row)."""
    return re.sub(r"[^a-z0-9]+", "_", sampler.lower().replace("+", "p")) + f"_{steps}_{spacing}"


def race_runs(s) -> list[tuple[str, int, str]]:
    """(sampler, steps, spacing) of every row: each sampler at every step count with the default spacing, and
    at the contrast's step counts with the other spacings too."""
    runs = [(sampler, steps, SPACINGS[0]) for sampler in s.race_samplers for steps in s.race_steps]
    for spacing in SPACINGS[1:]:
        runs += [(sampler, steps, spacing) for sampler in s.race_samplers for steps in s.race_spacing_steps]
    return [run for run in runs if run[2] == SPACINGS[0] or run[0] not in SPACING_BLIND]


class CallCounter:
    """Counts the UNet's forward calls while it is attached (`with CallCounter(unet) as calls: ... calls.count`)."""

    def __init__(self, module: torch.nn.Module):
        self.module, self.count = module, 0

    def __enter__(self):
        self.handle = self.module.register_forward_hook(self.hook)
        return self

    def hook(self, module, args, output):
        self.count += 1

    def __exit__(self, *error):
        self.handle.remove()


def samplers(run: EvaluationRun) -> dict:
    if run.classifier is None or not run.wanted("diffusion"):
        return {
            "skipped": run.skipped.get("diffusion", "diffusion not selected") if run.classifier else "no classifier"
        }
    s, rows = run.s, {}
    for sampler, steps, spacing in race_runs(s):

        def sample(count, k, sampler=sampler, steps=steps, spacing=spacing):
            out = run.zoo.diffusion_sample(ANY_CLASS, 1.0, sampler, steps, DDIM_ETA, count, k, spacing)
            return out["images"]

        name = f"{sampler}-{steps} ({spacing})"
        chunks = -(-s.n_race // ZOO_BATCH)  # in_chunks' zoo calls, each of every image in its chunk
        with CallCounter(run.zoo.pipe.unet) as calls:
            start = time.perf_counter()
            x = in_chunks(sample, s.n_race, run.seed, f"race {name}", run.progress)
            seconds = time.perf_counter() - start
        nfe = calls.count / chunks
        key = race_row_key(sampler, steps, spacing)
        rows[key] = {
            "sampler": sampler,
            "steps": steps,
            "spacing": spacing,
            "nfe": nfe,
            "n_samples": len(x),
            **run.distances(x),
            "ms_per_image": 1000 * seconds / len(x),
            "grid": run.grid_path(x[: s.grid_images], f"race_{key}"),
        }
        if nfe <= s.race_guided_max_nfe:
            rows[key]["guided_accuracy"] = guided_accuracy(run, sampler, steps, spacing)
    return {
        "class": ANY_CLASS,
        "n": s.n_race,
        "eta": DDIM_ETA,  # DDIM's; the other samplers have none
        "guidance_scale": s.race_guidance,
        "guided_max_nfe": s.race_guided_max_nfe,
        "n_per_class": s.race_per_class,
        "rows": rows,
    }


def guided_accuracy(run: EvaluationRun, sampler: str, steps: int, spacing: str) -> float:
    """The share of race_per_class samples of each class, guided at race_guidance, that the classifier puts in
    the requested class (the guidance section's seeds)."""
    s, parts = run.s, []
    for c, name in enumerate(CLASS_NAMES):

        def sample(count, k, name=name):
            out = run.zoo.diffusion_sample(name, s.race_guidance, sampler, steps, DDIM_ETA, count, k, spacing)
            return out["images"]

        parts.append(in_chunks(sample, s.race_per_class, run.seed + CLASS_SEED_STRIDE * (c + 1), name, False))
    labels = torch.arange(NUM_CLASSES).repeat_interleave(s.race_per_class)
    return (run.judge.predict(torch.cat(parts)) == labels).float().mean().item()


def race_section(metrics) -> dict:
    """metrics.json's samplers section, with the generation section's DDIM rows at η = 1 where the race has no
    row of its own: the same calls (class "any", w = 1, leading timesteps, the same seeds and N), so the race
    need not sample them again. DDIM makes one network call a step."""
    metrics = metrics if isinstance(metrics, dict) else {}
    race = dict(metrics.get("samplers") or {})
    generation = (metrics.get("generation") or {}).get("rows") or {}
    rows = dict(race.get("rows") or {})
    for key, row in generation.items():
        match = re.fullmatch(r"diffusion_ddim(\d+)_eta1", key)
        steps = int(match[1]) if match else 0
        own = race_row_key("DDIM", steps, "leading")
        if race and match and row.get("n_samples") == race.get("n") and own not in rows:
            rows[own] = {
                **row,
                "sampler": "DDIM",
                "steps": steps,
                "spacing": "leading",
                "nfe": steps,
            }
    return {**race, "rows": rows} if race else {}


def race_lines(result: dict) -> list[str]:
    """The race as a Markdown table for docs/results.md: FD and recall against network calls per image."""
    rows = sorted(race_section(result).get("rows", {}).values(), key=lambda r: (r["nfe"], r["fid"]))
    if not rows:
        return []
    n = race_section(result)["n"]
    lines = [
        "### The sampler race",
        "",
        f'{n:,} samples per row, class "any", unguided; network calls counted per image; guided accuracy at '
        f"w = {result['samplers'].get('guidance_scale')} on {result['samplers'].get('n_per_class')} samples per "
        "class. DDIM's leading rows are the generation section's (the same calls); docs/samplers.md reads it.",
        "",
        "| sampler | steps | timesteps | network calls | FD ↓ | precision ↑ | recall ↑ | guided accuracy |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        accuracy = f"{r['guided_accuracy']:.3f}" if isinstance(r.get("guided_accuracy"), float) else "–"
        lines.append(
            f"| {r['sampler']} | {r['steps']} | {r['spacing']} | {r['nfe']:g} | {r['fid']:.3g} | "
            f"{r['precision']:.3f} | {r['recall']:.3f} | {accuracy} |"
        )
    return [*lines, ""]
