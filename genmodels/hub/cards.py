"""Every model card's metadata, from one function: license, dataset, pipeline tag, links and the measured results
(`model-index`, from weights/metrics.json). Training writes it into the cards it makes; this command rewrites the
front matter of the shipped cards and keeps their prose:

    python -m genmodels.hub.cards [--weights weights]      # also: genmodels cards
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Mapping
from pathlib import Path

from huggingface_hub import EvalResult, ModelCard, ModelCardData

from .. import registry
from ..models.base import DOCS_URL, REPO_URL, HubModule

DATASET = "zalando-datasets/fashion_mnist"  # the Hub id `fashion_mnist` redirects to
DATASET_NAME = "Fashion-MNIST"
# the Hub task each family serves; a GAN's discriminator tells real images from generated ones
PIPELINE_TAGS = {
    "classifier": "image-classification",
    "transfer": "image-classification",
    "AE": "image-to-image",
    "denoiser": "image-to-image",
    "VAE": "unconditional-image-generation",
    "GAN": "unconditional-image-generation",
    "diffusion": "unconditional-image-generation",
}
PART_TAGS = {"discriminator": "image-classification"}
UNMEASURED_PARTS = ("discriminator",)  # metrics.json measures the generator's samples, not its critic


def repo_name(spec: registry.ModelSpec) -> str:
    """The model's repo name on the Hub ('wgan_gp' -> 'genmodels-wgan-gp'), also its card's model name."""
    return "genmodels-" + spec.name.replace("_", "-")


def load_metrics(weights_dir) -> dict:
    """weights/metrics.json's headline row per model name ({} where there is no such file)."""
    path = Path(weights_dir) / "metrics.json"
    return json.loads(path.read_text()).get("models", {}) if path.is_file() else {}


def eval_results(metrics: Mapping, task: str) -> list[EvalResult]:
    """One EvalResult per numeric metric of a model's metrics.json row, on the Fashion-MNIST test set."""
    return [
        EvalResult(
            task_type=task,
            dataset_type=DATASET,
            dataset_name=DATASET_NAME,
            dataset_split="test",
            metric_type=re.sub(r"[^0-9a-z]+", "-", name.lower().replace("σ", "sigma")).strip("-"),
            metric_name=name,
            metric_value=value,
        )
        for name, value in metrics.items()
        if isinstance(value, (int, float)) and not isinstance(value, bool)
    ]


def card_data(spec: registry.ModelSpec, metrics: Mapping | None = None, part: str = "") -> ModelCardData:
    """The front matter of a model's card (`part`: a subfolder's own card, "generator" or "discriminator").
    `metrics`: load_metrics(weights_dir); the model's row becomes model-index results."""
    task = PART_TAGS.get(part, PIPELINE_TAGS[spec.family])
    row = {} if part in UNMEASURED_PARTS else (metrics or {}).get(spec.name, {})
    name = repo_name(spec) + (f"-{part}" if part else "")
    return ModelCardData(
        model_name=name,
        library_name="genmodels" if spec.network is not None else "diffusers",
        license="mit",
        datasets=[DATASET],
        pipeline_tag=task,
        tags=["fashion-mnist", "genmodels", spec.family.lower(), spec.name] + ([part] if part else []),
        eval_results=eval_results(row, task) or None,
    )


def write_card(path: Path, data: ModelCardData) -> None:
    """Set the front matter of the card at `path`, keeping its text (a new card: a title only)."""
    card = ModelCard.load(path) if path.is_file() else ModelCard(f"---\n---\n# {data.model_name}\n")
    card.data = data
    card.save(path)


def write_network_card(path: Path, data: ModelCardData) -> None:
    """A network's own card (a GAN's generator/README.md): the Hub mixin's text, with its links, under `data`."""
    card = ModelCard.from_template(
        data, template_str=HubModule._hub_mixin_info.model_card_template, repo_url=REPO_URL, docs_url=DOCS_URL
    )
    card.save(path)


def write_cards(folder, spec: registry.ModelSpec, metrics: Mapping | None = None) -> list[Path]:
    """The cards of a model's folder: its README.md and, for a folder holding several networks, each one's."""
    folder = Path(folder)
    parts = [""] + sorted(p.name for p in folder.iterdir() if (p / "config.json").is_file() and p.name != "checkpoint")
    written = []
    for part in parts:
        if part:
            write_network_card(folder / part / "README.md", card_data(spec, metrics, part))
        else:
            write_card(folder / "README.md", card_data(spec, metrics))
        written.append(folder / part / "README.md")
    return written


def main(argv=None) -> list[Path]:
    parser = argparse.ArgumentParser(prog="genmodels cards", description=__doc__.split("\n")[0])
    parser.add_argument("--weights", default="weights", help="the weights folder whose cards to rewrite")
    args = parser.parse_args(argv)
    weights, metrics = Path(args.weights), load_metrics(args.weights)
    written = []
    for spec in registry.specs():
        if (weights / spec.folder).is_dir():
            written += write_cards(weights / spec.folder, spec, metrics)
    print(f"wrote the front matter of {len(written)} cards under {weights}")
    return written


if __name__ == "__main__":
    main()
