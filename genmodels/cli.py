"""The `genmodels` command: one subcommand per tool, each the main(argv) of its module.

    genmodels train ae --threads 1             # genmodels.training.loop (also python -m genmodels.train)
    genmodels evaluate --sections anomaly      # genmodels.measure.evaluate
    genmodels build --threads 1                # the shipped files besides the networks (calibrate, ae-gmm, ...)
    genmodels publish USER                     # every model folder to USER/genmodels-<name> (docs/hub.md)
    genmodels calibrate --help                 # any subcommand's own options

Modules are imported only when their subcommand runs, so `genmodels --help` answers at once.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# subcommand -> (module with main(argv), what it does)
COMMANDS = {
    "train": ("genmodels.training.loop", "train one model; writes the folder the app loads"),
    "transfer": ("genmodels.training.transfer", "the transfer-learning experiment -> metrics.json['transfer']"),
    "evaluate": ("genmodels.measure.evaluate", "measure the shipped models' quality -> weights/metrics.json"),
    "memorisation": ("genmodels.measure.memorisation", "samples against the training set -> metrics.json"),
    "benchmark": ("genmodels.measure.benchmark", "speed and memory -> weights/benchmark.json"),
    "calibrate": ("genmodels.build.calibrate", "the anomaly thresholds -> weights/anomaly.json"),
    "ae-gmm": ("genmodels.build.ae_gmm", "the AE's Gaussian mixture -> weights/ae/gmm.safetensors"),
    "nearest-index": ("genmodels.build.nearest_index", "the training-image index -> weights/nearest/"),
    "cards": ("genmodels.hub.cards", "rewrite the shipped model cards' metadata (results from metrics.json)"),
    "publish": ("genmodels.hub.publish", "upload every model folder to its Hub repo, grouped in a collection"),
}
BUILDERS = ("calibrate", "ae-gmm", "nearest-index")  # what `genmodels build` runs, in this order
BUILD_HELP = "run every builder (calibrate, ae-gmm, nearest-index) with the same --weights, --data-dir, --threads"


def run(command: str, argv: list[str]):
    """The subcommand's module main(argv) -> what it returns."""
    module = importlib.import_module(COMMANDS[command][0])
    return module.main(argv)


def build(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="genmodels build", description=BUILD_HELP)
    parser.add_argument("--weights", default="weights")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    shared = ["--weights", args.weights]
    shared += ["--data-dir", args.data_dir] if args.data_dir else []
    shared += ["--threads", str(args.threads)] if args.threads else []
    for command in BUILDERS:
        print(f"genmodels {command} {' '.join(shared)}", flush=True)
        run(command, shared)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="genmodels", description=__doc__.split("\n")[0])
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (_, about) in COMMANDS.items():
        commands.add_parser(name, help=about, add_help=False)  # its module parses (and answers --help for) the rest
    commands.add_parser("build", help=BUILD_HELP, add_help=False)
    return top


def main(argv: list[str] | None = None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] not in (*COMMANDS, "build"):
        parser().parse_args(argv)  # prints the usage: --help, or an unknown command's error
        return None
    command, rest = argv[0], argv[1:]
    return build(rest) if command == "build" else run(command, rest)


if __name__ == "__main__":
    main()
