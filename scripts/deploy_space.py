"""Upload this repository to a Hugging Face Space (the README's front matter configures it).

    hf auth login            # or set HF_TOKEN
    python -m scripts.deploy_space USER/SPACE_NAME [--private] [--hardware cpu-basic | zero-a10g | t4-small]

Uploads exactly the files git tracks (`git ls-files`) plus everything under weights/ except training
checkpoints (each weight file is < 10 MB, so no LFS set-up is needed), and deletes every other file of the
Space, so the Space matches the repository. Nothing git ignores goes up: not runs/ or weights/*/checkpoint/
(optimiser state), not .gradio/ caches or test artifacts. The Space keeps the hardware it has (a new Space
gets free CPU basic) unless --hardware requests another; what each choice costs and what was measured on
it: docs/deploy.md.
"""

from __future__ import annotations

import argparse
import glob
import subprocess
from pathlib import Path

from huggingface_hub import HfApi

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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("space_id", help="USER/SPACE_NAME")
    parser.add_argument("--private", action="store_true")
    parser.add_argument(
        "--hardware", help="request this hardware: cpu-basic (free), zero-a10g (ZeroGPU), t4-small (paid by the hour)"
    )
    args = parser.parse_args(argv)

    api = HfApi()
    api.create_repo(args.space_id, repo_type="space", space_sdk="gradio", private=args.private, exist_ok=True)
    paths = files_to_upload(ROOT)
    api.upload_folder(
        repo_id=args.space_id,
        repo_type="space",
        folder_path=ROOT,
        # each path a pattern that matches only itself; every Space file not uploaded here is deleted
        allow_patterns=[glob.escape(path) for path in paths],
        delete_patterns="*",
        commit_message="Deploy genmodels",
    )
    print(f"uploaded {len(paths)} files")
    if args.hardware:
        api.request_space_hardware(args.space_id, hardware=args.hardware)
        print(f"requested hardware: {args.hardware}")
    print(f"https://huggingface.co/spaces/{args.space_id}")


if __name__ == "__main__":
    main()
