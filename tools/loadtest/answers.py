"""Reading and judging an answer: output images back to their 28x28 pixels, a fingerprint to compare
identical requests, whether an error names the problem, and whether a good answer is right."""

from __future__ import annotations

import hashlib
import io
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from genmodels import images
from tests.support.uploads import UploadCase

if TYPE_CHECKING:
    from .planning import Planned


def _open(source) -> Image.Image:
    return Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)


def pixels(source, label: str | None = None) -> np.ndarray:
    """An output image (a file path, or its bytes) -> its 28x28 uint8 pixels. Raises AssertionError unless it
    is an exact integer nearest-neighbour upscale of a 28x28 greyscale picture (API.md's image output)."""
    label = label or (Path(source).name if isinstance(source, (str, Path)) else "image")
    image = np.asarray(_open(source).convert("L"))
    height, width = image.shape
    assert height == width and height % 28 == 0, f"{label}: {width}x{height} is not an integer upscale of 28x28"
    k = height // 28
    blocks = image.reshape(28, k, 28, k)
    assert (blocks == blocks[:, :1, :, :1]).all(), f"{label}: not a nearest-neighbour upscale"
    return np.ascontiguousarray(blocks[:, 0, :, 0])


def sheet_pixels(source, label: str | None = None) -> list[np.ndarray]:
    """A sheet (API.md: n samples in one PNG) -> the 28x28 uint8 pixels of each sample. Raises AssertionError
    unless the picture is exactly the layout its text chunk states: n tiles of 28x28, white gaps between them."""
    label = label or (Path(source).name if isinstance(source, (str, Path)) else "sheet")
    image = _open(source)
    layout = images.sheet_layout(image)
    assert layout is not None, f"{label}: not a sheet (no {images.SHEET_KEY!r} text chunk)"
    n, columns, gap = layout["n"], layout["columns"], layout["gap"]
    assert (layout["height"], layout["width"]) == (28, 28), f"{label}: tiles are not 28x28: {layout}"
    rows = -(-n // columns)
    expected_size = (columns * 28 + (columns - 1) * gap, rows * 28 + (rows - 1) * gap)
    assert image.size == expected_size, f"{label}: {image.size} is not the size of its layout {layout}"
    tiles = images.sheet_tiles(image)
    blank = np.asarray(image.convert("L")).copy()
    for top, left in images.tile_corners(layout):
        blank[top : top + 28, left : left + 28] = images.SHEET_GAP_LEVEL
    assert (blank == images.SHEET_GAP_LEVEL).all(), f"{label}: something is drawn outside the tiles"
    return list(tiles)


def output_pixels(source, label: str | None = None) -> list[np.ndarray]:
    """Any image output -> the 28x28 pixels it holds: one picture, or every sample of a sheet."""
    is_sheet = images.sheet_layout(_open(source)) is not None
    return sheet_pixels(source, label) if is_sheet else [pixels(source, label)]


# Endpoints whose pictures are not 28x28 results but files the training wrote (API.md: a run's preview grids): read
# as they are, any size.
PICTURE_ENDPOINTS = ("/training_curves", "/training_samples", "/overfit_samples", "/lab_gan", "/lab_dirac")


def picture_pixels(source, label: str | None = None) -> list[np.ndarray]:
    """A picture of any size (a preview grid) -> [its grey levels]."""
    return [np.asarray(_open(source).convert("L"))]


def _images(value, fetch, read=output_pixels) -> list[np.ndarray]:
    """One image output: a downloaded file path, or (Client(download_files=False)) a file payload whose URL
    `fetch(url) -> bytes` reads."""
    if isinstance(value, dict) and "image" in value and not value.get("url"):  # a gallery item
        value = value["image"]
    if isinstance(value, dict):
        if fetch is None:
            raise ValueError("a file payload needs a fetch function to read it")
        return read(fetch(value["url"]), label=Path(value.get("path") or "image").name)
    return read(value)


def gallery_pixels(result, fetch=None) -> list[np.ndarray]:
    return [picture for item in result for picture in _images(item, fetch)]


def psnr_db(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2) / 255.0**2
    return 10 * math.log10(1 / max(mse, 1e-12))


def _is_image(part) -> bool:
    if isinstance(part, dict):
        return "url" in part or "path" in part
    return isinstance(part, str) and Path(part).suffix.lower() in (".png", ".webp", ".jpg", ".jpeg")


def read_answer(endpoint: str, result, fetch=None) -> dict:
    """A successful answer -> {"images": [28x28 uint8 ...], "numbers": [...], "text": [...]}, checking every
    image is a valid output image. `fetch(url) -> bytes` reads file payloads when the client did not
    download them."""
    parts = (
        result
        if isinstance(result, tuple)
        or (isinstance(result, list) and endpoint in ("/reconstruct", "/denoise", "/anomaly"))
        else (result,)
    )
    answer = {"images": [], "numbers": [], "text": []}
    read = picture_pixels if endpoint in PICTURE_ENDPOINTS else output_pixels
    for part in parts:
        if isinstance(part, list):  # a gallery
            answer["images"] += gallery_pixels(part, fetch)
        elif isinstance(part, bool):
            answer["text"].append(str(part))
        elif isinstance(part, (int, float)):
            answer["numbers"].append(float(part))
        elif _is_image(part):
            answer["images"] += _images(part, fetch, read)
        else:
            answer["text"].append(str(part))
    return answer


def fingerprint(answer: dict) -> str:
    """A hash of an answer's exact pixels, its numbers (to 6 significant digits) and its text."""
    digest = hashlib.sha256()
    for image in answer["images"]:
        digest.update(image.tobytes())
    digest.update(repr([float(f"{x:.6g}") for x in answer["numbers"]]).encode())
    digest.update(repr(answer["text"]).encode())
    return digest.hexdigest()[:16]


def error_names(message: str, words) -> bool:
    """True when an error message contains at least one of `words` as a whole word (case-insensitive):
    an argument called "n" is named by "n must be in [1, 64]", not by the "n" in "greater than"."""
    return any(
        re.search(rf"(?<![a-z0-9_]){re.escape(word)}(?![a-z0-9_])", message or "", re.IGNORECASE) for word in words
    )


def check_answer(request: Planned, answer: dict, references: dict, real_weights: bool) -> str:
    """'' when a good answer is right, else what is wrong with it."""
    endpoint, args = request.endpoint, request.args
    expected_images = {
        "/reconstruct": 2,
        "/denoise": 2,
        "/forward_noise": 1,
        "/anomaly": 0,
        "/interpolate": args[3] if endpoint == "/interpolate" else 0,
        "/vae_sample": args[0],
        "/gan_sample": args[0],
        "/diffusion_sample": args[5] if endpoint == "/diffusion_sample" else 0,
    }[endpoint]
    if len(answer["images"]) != expected_images:
        return f"{len(answer['images'])} images, expected {expected_images}"
    numbers = answer["numbers"]
    if not all(math.isfinite(x) for x in numbers):
        return f"non-finite number in {numbers}"
    exact_input = isinstance(args[0], UploadCase) and (args[0].same_as or args[0].name) == "png"
    reference = references.get("png")
    if endpoint == "/reconstruct" and not 0 <= numbers[0] <= 1:
        return f"MSE {numbers[0]} outside [0, 1]"
    if endpoint == "/anomaly":
        score, threshold = numbers
        verdict = answer["text"][0].lower() if answer["text"] else ""
        if ("anomal" in verdict) != (score > threshold):
            return f"verdict {verdict!r} disagrees with score {score:.4g} vs threshold {threshold:.4g}"
    if endpoint == "/forward_noise" and args[1] == 0 and exact_input and reference is not None:
        quality = psnr_db(answer["images"][0], reference)
        if quality < 35:
            return f"x_0 at t=0 is {quality:.1f} dB from the upload (expected ~identical)"
    if real_weights and endpoint == "/reconstruct" and exact_input and reference is not None:
        quality = psnr_db(answer["images"][0], reference)
        if quality < 14:
            return f"reconstruction only {quality:.1f} dB from its input (trained weights should give > 14 dB)"
    return ""
