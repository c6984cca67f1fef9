"""Transfer learning: a Fashion-MNIST classifier from few labels, built three ways, measured on the test set.

    genmodels transfer --threads 1            # the whole experiment: 5 ways x 3 label counts
    genmodels transfer --labels 100 --ways frozen_ae frozen_vae --no-save   # a part, nothing written
    (or python -m genmodels.training.transfer ...)

The ways (every one is models.EncoderClassifier: the AE's encoder shape + one linear layer over the 10 classes):
    scratch        random weights, the whole network trained
    frozen_ae      the shipped AE's encoder (weights/ae), frozen: only a new linear head on its 32-d code learns
    frozen_vae     the shipped VAE's encoder (weights/vae), frozen: a head on its posterior mean μ (16-d)
    finetuned_ae   the AE's encoder and a new head, the whole network trained
    finetuned_vae  the same from the VAE's encoder

Protocol (Settings): for each number of labels, a class-balanced subset of the 60,000 training images (n/10 per
class, drawn from the seed; all of them at 60,000); every run takes the same number of Adam updates on
mini-batches drawn with replacement from its subset, so a run's cost does not grow with its labels (the
measured time is in docs/results.md). A fine-tuned encoder learns at a tenth of the head's rate, so that the
first updates, driven by a random head, do not wreck what it learnt. A frozen encoder's features are computed
once for every image, then its heads train on them (milliseconds). Accuracy: all 10,000 test images.

Writes weights/metrics.json["transfer"] (the other keys kept), the block between TRANSFER_MARKERS of DOC, and
weights/transfer/<way>/ (the 1,000-label networks, the Transfer tab's, each with a model card).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .. import data
from ..models import VAE, AutoEncoder, EncoderClassifier
from ..models.encoder_classifier import TRANSFER_FOLDER
from ..models.encoder_classifier import TRANSFER_WAYS as WAYS
from ..tables import markdown_table, replace_marked_block

PRETRAINED = {"ae": ("ae", AutoEncoder), "vae": ("vae", VAE)}  # encoder -> weights/<folder>, its class
LABEL_COUNTS = (100, 1000, 60000)
SHIPPED_LABELS = 1000  # the variants weights/transfer/ ships (the Transfer tab's predictions)
TRANSFER_MARKERS = ("<!-- transfer:start -->", "<!-- transfer:end -->")
DOC = "docs/results.md"  # the page that holds the block between TRANSFER_MARKERS
EVAL_BATCH = 1000


@dataclass(frozen=True)
class Settings:
    updates: int = 1000  # Adam steps per run, whatever its number of labels
    batch_size: int = 64
    lr: float = 1e-3  # the head's (and a scratch network's) learning rate
    encoder_lr_factor: float = 0.1  # a fine-tuned encoder learns at lr x this
    seed: int = 0  # the labelled subsets, the initial heads / networks and the batches


def way_parts(way: str) -> tuple[str, str | None]:
    """'frozen_ae' -> ('frozen', 'ae'); 'scratch' -> ('scratch', None)."""
    kind, _, encoder = way.partition("_")
    return kind, encoder or None


def balanced_subset(labels: np.ndarray, count: int, seed: int) -> np.ndarray:
    """`count` indices, count / 10 of each class, drawn without replacement from the seed (sorted); all at 60,000."""
    classes = np.unique(labels)
    if count % len(classes):
        raise ValueError(f"labels must be a multiple of {len(classes)} (balanced per class), got {count}")
    rng = np.random.default_rng(seed)
    per_class = count // len(classes)
    return np.sort(np.concatenate([rng.choice(np.flatnonzero(labels == c), per_class, replace=False) for c in classes]))


def build(way: str, weights_dir: Path, seed: int) -> EncoderClassifier:
    """The network a way starts from: random (seeded), or a pretrained encoder with a new seeded head."""
    torch.manual_seed(seed)  # the random layers (the scratch network, every new head) from the seed
    kind, encoder = way_parts(way)
    if kind == "scratch":
        return EncoderClassifier()
    folder, cls = PRETRAINED[encoder]
    return EncoderClassifier.on_encoder_of(cls.from_pretrained(Path(weights_dir) / folder).eval())


def fit(module: torch.nn.Module, groups: list[dict], inputs, labels, settings: Settings) -> None:
    """settings.updates Adam steps of cross-entropy on batches drawn with replacement from (inputs, labels)."""
    generator = torch.Generator().manual_seed(settings.seed)
    optimizer = torch.optim.Adam(groups)
    module.train()
    for _ in range(settings.updates):
        batch = torch.randint(len(inputs), (settings.batch_size,), generator=generator)
        loss = F.cross_entropy(module(inputs[batch]), labels[batch])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    module.eval()


@torch.inference_mode()
def in_batches(fn, inputs: torch.Tensor) -> torch.Tensor:
    return torch.cat([fn(inputs[i : i + EVAL_BATCH]) for i in range(0, len(inputs), EVAL_BATCH)])


def accuracy(module, inputs: torch.Tensor, labels: torch.Tensor) -> float:
    return (in_batches(module, inputs).argmax(1) == labels).float().mean().item()


def trainable_parameters(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def run(way: str, subset: np.ndarray, train, test, settings: Settings, weights_dir: Path, features=None) -> tuple:
    """One way on one labelled subset -> (the trained network, its row: accuracy, trainable parameters, seconds).
    train / test: (images, labels); features: a frozen way's precomputed (train, test) features, else computed."""
    start, cpu_start = time.perf_counter(), time.process_time()
    model = build(way, weights_dir, settings.seed)
    kind, _ = way_parts(way)
    subset = torch.from_numpy(subset)
    if kind == "frozen":
        model.encoder.requires_grad_(False)
        if features is None:
            features = (in_batches(model.features, train[0][subset]), in_batches(model.features, test[0]))
            train_features = features[0]
        else:
            train_features = features[0][subset]
        head_group = [{"params": model.head.parameters(), "lr": settings.lr}]
        fit(model.head, head_group, train_features, train[1][subset], settings)
        correct = accuracy(model.head, features[1], test[1])
    else:
        groups = [{"params": model.head.parameters(), "lr": settings.lr}]
        encoder_lr = settings.lr * (settings.encoder_lr_factor if kind == "finetuned" else 1.0)
        groups.append({"params": model.encoder.parameters(), "lr": encoder_lr})
        fit(model, groups, train[0][subset], train[1][subset], settings)
        correct = accuracy(model, test[0], test[1])
    row = {
        "accuracy": correct,
        "trainable_parameters": trainable_parameters(model),
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu_start,  # what the run cost even on a machine shared with others
    }
    return model.requires_grad_(False), row


def frozen_features(encoder: str, train, test, weights_dir: Path) -> tuple[tuple, float]:
    """A pretrained encoder's features of every train and test image, once -> ((train, test), seconds)."""
    start = time.perf_counter()
    model = build(f"frozen_{encoder}", weights_dir, 0)
    return (in_batches(model.features, train[0]), in_batches(model.features, test[0])), time.perf_counter() - start


def experiment(
    ways=WAYS,
    label_counts=LABEL_COUNTS,
    settings: Settings = Settings(),
    weights_dir="weights",
    data_dir=None,
    keep=SHIPPED_LABELS,
    log=print,
) -> tuple[dict, dict]:
    """Every way on every label count -> (the result for metrics.json["transfer"], {way: the network at `keep`
    labels})."""
    weights_dir = Path(weights_dir)
    start, cpu_start = time.perf_counter(), time.process_time()
    train, test = data.load("train", data_dir).tensors, data.load("test", data_dir).tensors
    subsets = {count: balanced_subset(train[1].numpy(), count, settings.seed) for count in label_counts}
    rows, kept, feature_seconds, features = {}, {}, {}, {}
    for way in ways:
        kind, encoder = way_parts(way)
        if kind == "frozen" and encoder not in features:
            features[encoder], feature_seconds[encoder] = frozen_features(encoder, train, test, weights_dir)
            log(f"{encoder} features of {len(train[0]) + len(test[0])} images: {feature_seconds[encoder]:.1f} s")
        for count in label_counts:
            model, row = run(way, subsets[count], train, test, settings, weights_dir, features.get(encoder))
            rows.setdefault(way, {})[str(count)] = row
            log(f"{way:14s} {count:6d} labels: accuracy {row['accuracy']:.4f}, {row['seconds']:.1f} s")
            if count == keep:
                kept[way] = model
    result = {
        "settings": asdict(settings),
        "label_counts": list(label_counts),
        "test_images": len(test[0]),
        "rows": rows,
        "feature_seconds": feature_seconds,
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu_start,
    }
    return result, kept


# -- what a run writes -----------------------------------------------------------------------------------------

WAY_NAMES = {
    "scratch": "from scratch",
    "frozen_ae": "frozen AE encoder + linear head",
    "frozen_vae": "frozen VAE encoder (μ) + linear head",
    "finetuned_ae": "AE encoder fine-tuned",
    "finetuned_vae": "VAE encoder fine-tuned",
}


def markdown(result: dict) -> str:
    """DOC's table: one row per way, accuracy (%) per label count, parameters, seconds."""
    counts = result["label_counts"]
    header = [
        "way",
        "trainable parameters",
        *(f"accuracy, {c:,} labels (%)" for c in counts),
        "wall time (s)",
        "CPU time (s)",
    ]
    lines = []
    for way, by_count in result["rows"].items():
        first = next(iter(by_count.values()))
        accuracies = [f"{100 * by_count[str(c)]['accuracy']:.1f}" if str(c) in by_count else "–" for c in counts]
        seconds = sum(row["seconds"] for row in by_count.values())
        cpu_seconds = sum(row.get("cpu_seconds", float("nan")) for row in by_count.values())
        lines.append(
            [
                WAY_NAMES.get(way, way),
                f"{first['trainable_parameters']:,}",
                *accuracies,
                f"{seconds:.0f}",
                f"{cpu_seconds:.0f}",
            ]
        )
    s, env = result["settings"], result.get("environment", {})
    return (
        f"Measured by `{env.get('command', 'python -m genmodels.training.transfer')}` on {env.get('device', '?')} "
        f"({env.get('threads', '?')} thread(s), torch {env.get('torch', '?')}), {env.get('date_utc', '?')} UTC, "
        f"in {result['seconds'] / 60:.1f} min ({result['cpu_seconds'] / 60:.1f} min of CPU time). "
        f"Every run: {s['updates']} Adam updates of {s['batch_size']} images "
        f"(lr {s['lr']:g}; a fine-tuned encoder at {s['encoder_lr_factor']:g}×), seed {s['seed']}; test accuracy on "
        f"all {result['test_images']:,} test images; wall and CPU time = the way's runs together (a frozen way's "
        "includes "
        "neither the features, computed once: "
        + ", ".join(f"{k} {v:.0f} s" for k, v in result["feature_seconds"].items())
        + ", nor the encoder's own training).\n\n"
        + markdown_table(header, lines)
    )


def model_card(way: str, result: dict, count: int = SHIPPED_LABELS) -> str:
    row, s, env = result["rows"][way][str(count)], result["settings"], result.get("environment", {})
    return f"""# transfer / {way}: {WAY_NAMES[way]}

A Fashion-MNIST classifier (genmodels.models.EncoderClassifier) trained on {count:,} labels (class-balanced,
seed {s["seed"]}), the network the Transfer tab predicts with. Written by the experiment that measured it:

- command: `{env.get("command", "python -m genmodels.training.transfer")}`
- updates: {s["updates"]} Adam updates of {s["batch_size"]} images, lr {s["lr"]:g}
  (a fine-tuned encoder at {s["encoder_lr_factor"]:g}× that)
- wall time of this run: {row["seconds"]:.1f} s ({row.get("cpu_seconds", float("nan")):.1f} s of CPU time; a frozen
  way's excludes its encoder's features, computed once for every way on that encoder); device: {env.get("device", "?")},
  {env.get("threads", "?")} thread(s)
- trainable parameters: {row["trainable_parameters"]:,}
- test accuracy (all {result["test_images"]:,} test images): {100 * row["accuracy"]:.2f}%

Every way and label count: weights/metrics.json["transfer"] and the Transfer learning section of docs/results.md.
"""


def save(result: dict, kept: dict, weights_dir: Path, doc: Path | None) -> None:
    from ..measure.results import rounded, write_json_atomically

    metrics_path = weights_dir / "metrics.json"
    metrics = json.loads(metrics_path.read_text()) if metrics_path.is_file() else {}
    metrics["transfer"] = rounded(result)
    write_json_atomically(metrics_path, metrics)
    for way, model in kept.items():
        folder = weights_dir / TRANSFER_FOLDER / way
        model.save_pretrained(folder)
        (folder / "README.md").write_text(model_card(way, result))
    print(f"wrote {metrics_path} (transfer) and {', '.join(str(weights_dir / TRANSFER_FOLDER / w) for w in kept)}")
    if doc is not None and replace_marked_block(doc, markdown(result), TRANSFER_MARKERS):
        print(f"updated the transfer block of {doc}")


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ways", nargs="+", choices=WAYS, default=list(WAYS))
    parser.add_argument("--labels", nargs="+", type=int, default=list(LABEL_COUNTS))
    for field, default in asdict(Settings()).items():
        parser.add_argument(f"--{field.replace('_', '-')}", type=type(default), default=default)
    parser.add_argument("--weights", default="weights")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument(
        "--doc", "--readme", default=DOC, help=f"page whose transfer block is replaced (default {DOC}; '' = none)"
    )
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--no-save", action="store_true", help="print the table, write nothing")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    settings = Settings(**{field: getattr(args, field) for field in asdict(Settings())})
    result, kept = experiment(args.ways, args.labels, settings, args.weights, args.data_dir)

    from ..measure.results import environment

    command = " ".join(["python -m genmodels.training.transfer", *(sys.argv[1:] if argv is None else argv)])
    result["environment"] = {**environment(torch.device("cpu")), "command": command}
    print(markdown(result))
    if not args.no_save:
        save(result, kept, Path(args.weights), Path(args.doc) if args.doc else None)
    return result


if __name__ == "__main__":
    main()
