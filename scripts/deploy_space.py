"""Upload this repository to a Hugging Face Space (the README's front matter configures it).

    hf auth login            # or set HF_TOKEN
    python -m scripts.deploy_space USER/SPACE_NAME [--private] [--hardware t4-small | --keep-hardware]

Uploads exactly the files git tracks (`git ls-files`) plus everything under weights/ except training
checkpoints (each weight file is < 10 MB, so no LFS set-up is needed). Nothing git ignores goes up: not
runs/ or weights/*/checkpoint/ (optimiser state), not .gradio/ caches or test artifacts. The Space gets
the README's `suggested_hardware` unless --hardware names another or --keep-hardware leaves it as it is.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from huggingface_hub import CommitOperationAdd, HfApi

ROOT = Path(__file__).resolve().parents[1]


def tracked_files(root: Path) -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, check=True, capture_output=True).stdout
    return [path for path in listed.decode().split("\0") if path and (root / path).is_file()]


def weight_files(root: Path) -> list[str]:
    """weights/, trained here but perhaps not committed yet; checkpoints hold optimiser state and stay behind."""
    return [
        path.relative_to(root).as_posix()
        for path in sorted((root / "weights").rglob("*"))
        if path.is_file() and "checkpoint" not in path.relative_to(root / "weights").parts
    ]


def files_to_upload(root: Path) -> list[str]:
    return sorted(set(tracked_files(root)) | set(weight_files(root)))


def suggested_hardware(root: Path) -> str | None:
    """The `suggested_hardware` of the README's front matter (the Space card), or None."""
    front_matter = (root / "README.md").read_text().split("---")[1]
    for line in front_matter.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "suggested_hardware":
            return value.strip() or None
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("space_id", help="USER/SPACE_NAME")
    parser.add_argument("--private", action="store_true")
    hardware = parser.add_mutually_exclusive_group()
    hardware.add_argument(
        "--hardware", help=f"e.g. cpu-basic, t4-small, zero-a10g (default: the README's, {suggested_hardware(ROOT)})"
    )
    hardware.add_argument("--keep-hardware", action="store_true", help="request no hardware change")
    args = parser.parse_args(argv)

    api = HfApi()
    api.create_repo(args.space_id, repo_type="space", space_sdk="gradio", private=args.private, exist_ok=True)
    paths = files_to_upload(ROOT)
    api.create_commit(
        repo_id=args.space_id,
        repo_type="space",
        operations=[CommitOperationAdd(path_in_repo=path, path_or_fileobj=str(ROOT / path)) for path in paths],
        commit_message="Deploy genmodels",
    )
    print(f"uploaded {len(paths)} files")
    requested = None if args.keep_hardware else (args.hardware or suggested_hardware(ROOT))
    if requested:
        api.request_space_hardware(args.space_id, hardware=requested)
        print(f"requested hardware: {requested}")
    print(f"https://huggingface.co/spaces/{args.space_id}")


if __name__ == "__main__":
    main()
