"""Decoding an upload: a path, bytes, a file object, a PIL image or a numpy array -> one loaded PIL image.

Sizes are checked from the header, before any pixel is decoded; what is not an image is named (HTML, ZIP, ...).
"""

from __future__ import annotations

import io
import math
import os
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_PIXELS = 40_000_000  # a phone photo is 12-50 MP; more is almost surely a mistake or an attack
WORKING_SIDE = 1024  # big photos are shrunk to about this before any float work (speed, memory)
SHRINK_ABOVE = 2048  # ... but only above this, so display upscales up to 28 * 73 px stay exact


def open_upload(source) -> Image.Image:
    """Any accepted source -> a loaded PIL image (first frame, upright, size checked)."""
    if source is None or (isinstance(source, str) and not source.strip()):
        raise ValueError("no image given")
    if isinstance(source, Image.Image):
        _check_size(source.size, "the image")
        return _upright_first_frame(source, "the image")
    if isinstance(source, np.ndarray):
        return _image_from_array(source)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise ValueError(f"no such image file: {str(path)!r}")
        return _decode(path.read_bytes(), path.name)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _decode(bytes(source), "the upload")
    if hasattr(source, "read"):
        name = Path(str(getattr(source, "name", "") or "the upload")).name
        data = source.read()
        if isinstance(data, str):
            raise ValueError(f"{name} was opened in text mode; open it with 'rb'")
        return _decode(bytes(data), name)
    raise ValueError(
        f"cannot read an image from a {type(source).__name__}; expected a file path, bytes, a binary "
        "file object, a PIL image or a numpy array"
    )


def _decode(data: bytes, name: str) -> Image.Image:
    """Encoded bytes -> loaded PIL image. The header size is checked before any pixel is decoded."""
    if not data:
        raise ValueError(f"{name} is empty (0 bytes)")
    try:
        # PIL warns above ~89 MP and refuses above ~179 MP; turn both into our error. Our own, lower
        # limit is checked right below, from the header alone.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValueError(f"{name} is too large to decode safely (decompression bomb?): {error}") from None
    except UnidentifiedImageError:
        raise ValueError(f"{name} is not an image PIL can read{_looks_like(data)}") from None
    except Exception as error:  # PIL raises many types for mangled headers
        raise ValueError(f"{name} could not be read as an image ({error}){_looks_like(data)}") from None
    kind = f"{name} ({image.format})" if image.format else name
    _check_size(image.size, kind)
    if image.format == "JPEG" and max(image.size) > SHRINK_ABOVE:
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: a 6000x4000 photo loads ~10x faster.
        scale = WORKING_SIDE / max(image.size)
        wanted = (max(1, math.ceil(image.width * scale)), max(1, math.ceil(image.height * scale)))
        image.draft("L" if image.mode == "RGB" else image.mode, wanted)
    return _upright_first_frame(image, kind)


def _upright_first_frame(image: Image.Image, kind: str) -> Image.Image:
    try:
        if getattr(image, "n_frames", 1) > 1:
            image.seek(0)  # animated GIF / WebP / APNG: the first frame
        image.load()
    except Exception as error:
        raise ValueError(f"{kind} is truncated or corrupt ({error})") from None
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # a broken EXIF block should not lose an otherwise fine picture
        return image


def _check_size(size: tuple[int, int], kind: str) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise ValueError(f"{kind} has size {width}x{height}; it needs at least 1x1 pixels")
    if width * height > MAX_UPLOAD_PIXELS:
        raise ValueError(
            f"{kind} is {width}x{height} = {width * height / 1e6:.1f} megapixels; "
            f"the limit is {MAX_UPLOAD_PIXELS / 1e6:.0f} megapixels"
        )


def _looks_like(data: bytes) -> str:
    """A hint for the error message: what a non-image file most likely is."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    signatures = [
        (head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head, "HTML"),
        (head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head), "an SVG (vector) image"),
        (head.startswith(b"<?xml"), "XML"),
        (data.startswith((b"PK\x03\x04", b"PK\x05\x06")), "a ZIP archive"),
        (data.startswith(b"%PDF"), "a PDF document"),
        (data.startswith(b"\x1f\x8b"), "gzip data"),
        (head.startswith((b"{", b"[")), "JSON"),
    ]
    for matches, what in signatures:
        if matches:
            return f"; it looks like {what}"
    try:
        text = data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return ""
    if "\x00" not in text:
        return "; it looks like text"
    return ""


def _image_from_array(array: np.ndarray) -> Image.Image:
    """A numpy picture (what Gradio hands over) -> PIL image, validating dtype, shape and range."""
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (2, 3, 4)):
        raise ValueError(f"an image array must have shape (H, W) or (H, W, 1|2|3|4), got {array.shape}")
    _check_size((array.shape[1], array.shape[0]), f"the {array.shape} array")
    if array.dtype == bool:
        array = array.astype(np.uint8) * 255
    elif array.dtype == np.uint16:
        if array.ndim == 2:
            return Image.fromarray(np.ascontiguousarray(array))  # mode I;16, scaled in grayscale.py
        array = np.round(array / 257.0).astype(np.uint8)
    elif np.issubdtype(array.dtype, np.floating):
        low, high = float(np.min(array)), float(np.max(array))
        if not (np.isfinite(low) and np.isfinite(high)) or low < 0.0 or high > 1.0:
            raise ValueError(f"a float image array must hold values in [0, 1], got [{low}, {high}]")
        array = np.round(array * 255.0).astype(np.uint8)  # uploads are 8-bit anyway; exact for k/255
    elif np.issubdtype(array.dtype, np.integer):
        low, high = int(np.min(array)), int(np.max(array))
        if low < 0 or high > 255:
            raise ValueError(f"an integer image array must hold values in [0, 255], got [{low}, {high}]")
        array = array.astype(np.uint8)
    else:
        raise ValueError(f"unsupported image array dtype {array.dtype}; expected uint8, uint16, bool or float")
    mode = {2: "L", 3: "RGB", 4: "RGBA"}.get(array.shape[2] if array.ndim == 3 else 0, "L")
    if array.ndim == 3 and array.shape[2] == 2:
        mode = "LA"
    return Image.fromarray(np.ascontiguousarray(array), mode=mode)
