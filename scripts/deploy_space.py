"""Upload this repository to a Hugging Face Space (the README's front matter configures it).

    huggingface-cli login            # or set HF_TOKEN
    python scripts/deploy_space.py USER/SPACE_NAME [--private] [--hardware t4-small]

Uploads the code, weights/ (each file < 10 MB, so no LFS set-up is needed) and assets/; training
checkpoints, tests' artifacts and caches stay behind.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from huggingface_hub import HfApi

ROOT = Path(__file__).resolve().parents[1]
IGNORE = ["weights/*/checkpoint/*", "**/__pycache__/*", "test-artifacts/*", ".pytest_cache/*", ".git/*", ".ci/*"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("space_id", help="USER/SPACE_NAME")
    parser.add_argument("--private", action="store_true")
    parser.add_argument("--hardware", help="e.g. cpu-basic, t4-small, zero-a10g (default: the README's suggested_hardware)")
    args = parser.parse_args(argv)

    api = HfApi()
    api.create_repo(args.space_id, repo_type="space", space_sdk="gradio", private=args.private, exist_ok=True)
    api.upload_folder(
        repo_id=args.space_id, repo_type="space", folder_path=ROOT, ignore_patterns=IGNORE,
        commit_message="Deploy genmodels",
    )
    if args.hardware:
        api.request_space_hardware(args.space_id, hardware=args.hardware)
    print(f"https://huggingface.co/spaces/{args.space_id}")


if __name__ == "__main__":
    main()
