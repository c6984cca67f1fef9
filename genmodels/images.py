"""Every conversion between model tensors and pictures lives here.

Model tensors are float32, shape (N, 1, 28, 28), values in [-1, 1] (-1 = black background).
Pictures are PIL images or numpy arrays in [0, 1]; display images are integer nearest-neighbour
upscales of the 28x28 result, so a client recovers the exact pixels by box-downscaling.

User uploads go through :func:`load_upload`, which turns anything a browser can send into one
model tensor the way Fashion-MNIST itself was made: grayscale, object bright on a black
background, its bounding box fitted into 28x28 and centred. Dataset images (28x28 grayscale on a
dark background) and the app's own display images pass through pixel for pixel.
"""

from __future__ import annotations

import io
import math
import os
import warnings
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageOps, UnidentifiedImageError

DISPLAY_SCALE = 8  # 28 px -> 224 px, crisp pixels in a browser
IMAGE_SIZE = 28
MAX_UPLOAD_PIXELS = 40_000_000  # a phone photo is 12-50 MP; more is almost surely a mistake or an attack


def from_uint8(images) -> torch.Tensor:
    """uint8 images (N, 28, 28) or (28, 28) -> model tensor (N, 1, 28, 28) in [-1, 1]."""
    array = np.asarray(images, dtype=np.uint8)
    if array.ndim == 2:
        array = array[None]
    return torch.from_numpy(array.astype(np.float32)).unsqueeze(1).div_(127.5).sub_(1.0)


def to_uint8(tensor: torch.Tensor) -> np.ndarray:
    """Model tensor (N, 1, H, W) or (1, H, W) -> uint8 array (N, H, W), rounding to nearest."""
    tensor = tensor.detach().float().cpu()
    if tensor.ndim == 3:
        tensor = tensor.unsqueeze(0)
    return ((tensor[:, 0].clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).numpy()


def to_unit(tensor: torch.Tensor) -> torch.Tensor:
    """[-1, 1] -> [0, 1] (pixel units used for noise levels and PSNR)."""
    return (tensor + 1) / 2


def from_unit(tensor: torch.Tensor) -> torch.Tensor:
    """[0, 1] -> [-1, 1]."""
    return tensor * 2 - 1


def to_pil(tensor: torch.Tensor, scale: int = DISPLAY_SCALE) -> Image.Image:
    """One image (1, 1, H, W) or (1, H, W) -> grayscale PIL image, upscaled by an integer factor."""
    image = Image.fromarray(to_uint8(tensor)[0], mode="L")
    if scale != 1:
        image = image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)
    return image


def to_pil_list(batch: torch.Tensor, scale: int = DISPLAY_SCALE) -> list[Image.Image]:
    """A batch (N, 1, H, W) -> N display images (a gallery)."""
    return [to_pil(image, scale) for image in batch]


def make_grid(batch: torch.Tensor, nrow: int = 8, scale: int = 2, padding: int = 2) -> Image.Image:
    """A batch (N, 1, H, W) -> one PIL grid image (for training previews and model cards)."""
    from torchvision.utils import make_grid as tv_make_grid

    grid = tv_make_grid(to_unit(batch.detach().float().cpu().clamp(-1, 1)), nrow=nrow, padding=padding)
    return to_pil(from_unit(grid[:1]), scale)


# ----------------------------------------------------------------------------------------------
# Uploads -> model tensor
# ----------------------------------------------------------------------------------------------

_WORKING_SIDE = 1024  # big photos are shrunk to about this before any float work (speed, memory)
_SHRINK_ABOVE = 2048  # ... but only above this, so display upscales up to 28 * 73 px stay exact
_BIN_WIDTH = 16  # border histogram bins for the background estimate
_MIN_THRESHOLD, _MAX_THRESHOLD = 24.0, 96.0  # object/background separation, in 0..255 units


def load_upload(source) -> torch.Tensor:
    """Any user upload -> model tensor (1, 1, 28, 28) in [-1, 1], preprocessed like Fashion-MNIST.

    ``source`` is a file path (str or Path), bytes, a binary file object, a PIL image, or a numpy
    array (H, W), (H, W, 1|2|3|4) of uint8 / uint16 / bool, or float in [0, 1] (what Gradio hands
    over). The steps:

    1. Decode: any format PIL reads; the first frame of an animation; EXIF orientation applied;
       JPEGs decoded at a reduced scale when big (fast even for 6000x4000 photos).
    2. Grayscale: palette, 1-bit and 16-bit images converted by their full range; transparent
       pixels composited onto the image's own background colour (the median of its opaque
       border), or onto white when the border is transparent (product cut-outs).
    3. An exact integer nearest-neighbour upscale of a 28x28 image (a display image from
       :func:`to_pil`) is box-downscaled back to 28x28.
    4. Background = the dominant level of the border pixels; a light background is inverted to the
       dataset's black one.
    5. A 28x28 image is used as is from here on, so dataset images round-trip pixel for pixel.
       Anything else is cropped to the object's bounding box, its background mapped to black, its
       longer side resized to 28 px (Lanczos) and centred on a black 28x28 canvas.

    Raises ValueError with a readable reason for: None, empty input, something that is not an
    image (naming what it looks like: HTML, ZIP, text, ...), a truncated or corrupt file, a 0-size
    image, or more than 40 megapixels (checked from the header, before decoding).
    """
    image = _open_upload(source)
    gray = _grayscale(image)
    return from_uint8(_frame_like_dataset(gray))


def _open_upload(source) -> Image.Image:
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
    if image.format == "JPEG" and max(image.size) > _SHRINK_ABOVE:
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: a 6000x4000 photo loads ~10x faster.
        scale = _WORKING_SIDE / max(image.size)
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
            return Image.fromarray(np.ascontiguousarray(array))  # mode I;16, scaled in _grayscale
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


def _grayscale(image: Image.Image) -> np.ndarray:
    """PIL image of any mode -> float32 (H, W) in [0, 255], transparency composited away.

    8-bit sources give whole numbers, so exact round trips survive the float detour.
    """
    gray, alpha = _gray_and_alpha(image)
    if alpha is None:
        return gray
    opacity = alpha / 255.0
    border_gray, border_opacity = _border(gray), _border(opacity)
    opaque = border_opacity >= 0.5
    # Transparent holes take the colour of the picture's own (opaque) surroundings; a cut-out with
    # a transparent border goes onto white, like the product photos Fashion-MNIST was made from.
    background = float(np.median(border_gray[opaque])) if opaque.mean() >= 0.5 else 255.0
    return gray * opacity + background * (1.0 - opacity)


def _gray_and_alpha(image: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    """PIL image -> (luma float32 in [0, 255], alpha float32 in [0, 255] or None if opaque)."""
    mode, bands = image.mode, image.getbands()
    if mode.startswith("I") or mode == "F":  # 16/32-bit integer or float grayscale
        return _shrink_float(_to_8bit_range(np.asarray(image, dtype=np.float32), mode)), None
    if mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "L")
    elif mode in ("LA", "La"):
        image = image.convert("LA")
    elif "A" in bands or "a" in bands:  # RGBA, RGBa, PA
        image = image.convert("RGBA")
    elif mode not in ("L", "RGB"):  # 1, CMYK, YCbCr, LAB, HSV, RGBX
        image = image.convert("RGB" if len(bands) >= 3 else "L")
    if max(image.size) > _SHRINK_ABOVE:
        image = image.reduce(math.ceil(max(image.size) / _WORKING_SIDE))
    alpha = None
    if image.mode in ("LA", "RGBA"):
        alpha = np.asarray(image.getchannel("A"), dtype=np.float32)
        if alpha.min() == 255:
            alpha = None  # fully opaque: keep the exact 8-bit path
    gray = np.asarray(image.convert("L"), dtype=np.float32)  # ITU-R 601 luma; exact when R = G = B
    return gray, alpha


def _to_8bit_range(values: np.ndarray, mode: str) -> np.ndarray:
    """16-bit, 32-bit integer or float pixels -> float32 in [0, 255], scaled, never clipped."""
    if mode.startswith("I;16"):
        return values * np.float32(255.0 / 65535.0)  # the full 16-bit range
    low, high = float(values.min()), float(values.max())
    if mode == "F" and low >= 0 and high <= 1:
        values = values * 255.0  # float images in [0, 1]
    elif low < 0 or high > 65535:
        values = (values - low) * (255.0 / max(high - low, 1e-12))  # unknown convention: its own range
    elif high > 255:
        values = values * (255.0 / 65535.0)  # 16-bit data in a 32-bit container
    return values.astype(np.float32)


def _shrink_float(values: np.ndarray) -> np.ndarray:
    """Box-reduce a big float image, like PIL's reduce() does for 8-bit ones."""
    if max(values.shape) <= _SHRINK_ABOVE:
        return values
    factor = math.ceil(max(values.shape) / _WORKING_SIDE)
    return np.asarray(Image.fromarray(values, mode="F").reduce(factor), dtype=np.float32)


def _border(array: np.ndarray) -> np.ndarray:
    """The outermost ring of pixels, flattened."""
    if min(array.shape) <= 2:
        return array.ravel()
    return np.concatenate([array[0], array[-1], array[1:-1, 0], array[1:-1, -1]])


def _undo_display_upscale(gray: np.ndarray) -> np.ndarray:
    """A square nearest-neighbour upscale of a 28x28 image (every kxk block constant) -> 28x28."""
    height, width = gray.shape
    if height != width or height % IMAGE_SIZE or height == IMAGE_SIZE:
        return gray
    # Row i may differ from row i-1 only at block starts; the same for columns.
    row_starts = np.flatnonzero(np.any(gray[1:] != gray[:-1], axis=1)) + 1
    col_starts = np.flatnonzero(np.any(gray[:, 1:] != gray[:, :-1], axis=0)) + 1
    factor = height // IMAGE_SIZE
    if np.any(row_starts % factor) or np.any(col_starts % factor):
        return gray
    return gray[::factor, ::factor]


def _background(gray: np.ndarray) -> tuple[float, float]:
    """(level, noise) of the background, both in 0..255, from the border pixels.

    The level is the median of the border's dominant 16-level band (and its neighbours), not the
    plain median: Fashion-MNIST coats and bags cover more than half of some borders, yet their
    background band is still the most common one (checked on all 70,000 images).
    """
    border = _border(gray)
    bins = np.clip(border // _BIN_WIDTH, 0, 255 // _BIN_WIDTH).astype(np.int64)
    mode = int(np.bincount(bins).argmax())
    near = border[np.abs(bins - mode) <= 1]
    level = float(np.median(near))
    noise = float(np.median(np.abs(near - level))) * 1.4826  # robust standard deviation
    return level, noise


def _frame_like_dataset(gray: np.ndarray) -> np.ndarray:
    """float (H, W) in [0, 255] -> uint8 (28, 28): dark background, object fitted and centred."""
    gray = _undo_display_upscale(gray)
    level, noise = _background(gray)
    if level > 127.5:  # light background: negate, as Fashion-MNIST did with its product photos
        gray, level = 255.0 - gray, 255.0 - level
    if gray.shape == (IMAGE_SIZE, IMAGE_SIZE):
        return np.clip(np.round(gray), 0, 255).astype(np.uint8)  # already dataset-shaped: as is
    return _fit_object(gray, level, noise)


def _fit_object(gray: np.ndarray, level: float, noise: float) -> np.ndarray:
    threshold = float(np.clip(6.0 * noise, _MIN_THRESHOLD, _MAX_THRESHOLD))
    mask = np.abs(gray - level) > threshold
    if min(mask.shape) >= 4 * IMAGE_SIZE:
        eroded = _erode(mask)  # drop dust, JPEG speckle and 1-px noise before taking the bounding box
        mask = eroded if eroded.any() else mask  # ... unless the object itself is that thin
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size:
        gray = gray[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    # Background to black, full scale kept: the dataset's background is exactly 0.
    gray = np.clip((gray - level) * (255.0 / max(255.0 - level, 1.0)), 0.0, 255.0).astype(np.float32)
    height, width = gray.shape
    scale = IMAGE_SIZE / max(height, width)
    size = (max(1, min(IMAGE_SIZE, round(width * scale))), max(1, min(IMAGE_SIZE, round(height * scale))))
    resized = Image.fromarray(gray, mode="F").resize(
        size, Image.Resampling.LANCZOS, reducing_gap=3.0 if max(height, width) > 3 * IMAGE_SIZE else None
    )
    canvas = np.zeros((IMAGE_SIZE, IMAGE_SIZE), dtype=np.uint8)
    top, left = (IMAGE_SIZE - size[1]) // 2, (IMAGE_SIZE - size[0]) // 2
    canvas[top : top + size[1], left : left + size[0]] = np.clip(np.round(np.asarray(resized)), 0, 255)
    return canvas


def _erode(mask: np.ndarray) -> np.ndarray:
    """3x3 binary erosion (a pixel survives only if its whole neighbourhood is set)."""
    padded = np.pad(mask, 1, constant_values=False)
    height, width = mask.shape
    out = mask.copy()
    for dy in range(3):
        for dx in range(3):
            out &= padded[dy : dy + height, dx : dx + width]
    return out


# ----------------------------------------------------------------------------------------------
# Error maps
# ----------------------------------------------------------------------------------------------

# A perceptually ordered dark-to-bright ramp (black -> purple -> red -> orange -> pale yellow),
# close to matplotlib's "inferno" at 9 points, linearly interpolated; no matplotlib needed.
_HEAT_ANCHORS = np.array(
    [
        [0, 0, 4],
        [31, 12, 72],
        [85, 15, 109],
        [136, 34, 106],
        [186, 54, 85],
        [227, 89, 51],
        [249, 140, 10],
        [249, 201, 50],
        [252, 255, 164],
    ],
    dtype=np.float64,
)
HEAT_COLORMAP = np.stack(
    [np.interp(np.linspace(0, 1, 256), np.linspace(0, 1, len(_HEAT_ANCHORS)), _HEAT_ANCHORS[:, c]) for c in range(3)],
    axis=1,
).round().astype(np.uint8)  # (256, 3): colour of error level i / 255


def error_map_to_pil(error, scale: int = DISPLAY_SCALE) -> Image.Image:
    """Per-pixel error (1, 1, H, W), (1, H, W) or (H, W) in [0, 1] -> RGB heat map, upscaled like to_pil.

    0 is black, 1 pale yellow; values outside [0, 1] are clipped (an error map is a display aid).
    """
    values = torch.as_tensor(error).detach().float().cpu()
    while values.ndim > 2 and values.shape[0] == 1:
        values = values[0]
    if values.ndim != 2:
        raise ValueError(f"error map must have shape (1, 1, H, W), (1, H, W) or (H, W), got {tuple(torch.as_tensor(error).shape)}")
    if not isinstance(scale, int) or scale < 1:
        raise ValueError(f"scale must be a positive integer, got {scale!r}")
    levels = (values.nan_to_num(0.0).clamp(0, 1) * 255).round().to(torch.uint8).numpy()
    image = Image.fromarray(HEAT_COLORMAP[levels], mode="RGB")
    if scale != 1:
        image = image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)
    return image
