"""Every conversion between model tensors and pictures lives here.

Model tensors are float32, shape (N, 1, 28, 28), values in [-1, 1] (-1 = black background).
Pictures are PIL images or numpy arrays in [0, 1]; display images are integer nearest-neighbour
upscales of the 28x28 result, so a client recovers the exact pixels by box-downscaling.
Error maps become heat maps with a built-in colormap (no matplotlib).

Uploads (anything a browser can send) become model tensors in genmodels.uploads.
"""

from __future__ import annotations

import json

import numpy as np
import torch
from PIL import Image

DISPLAY_SCALE = 8  # 28 px -> 224 px, crisp pixels in a browser


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


# ----------------------------------------------------------------------------------------------
# Sheets: a set of samples as ONE picture
# ----------------------------------------------------------------------------------------------

# A set of samples travels as one PNG, not one file per sample: every output file is written by the server and
# fetched by each client on its own (gradio_client: ~35 ms a file on loopback), so 64 samples as a gallery cost
# 64 fetches and as a sheet one. Tiles are the 28x28 results at native size (the browser enlarges them crisply),
# row-major, separated by a white gap; the PNG's text chunk SHEET_KEY says how to cut it (sheet_tiles).
SHEET_COLUMNS = 8
SHEET_GAP = 2
SHEET_GAP_LEVEL = 255  # white: on the dark samples the gap reads as the space between gallery thumbnails
SHEET_KEY = "genmodels-sheet"


def to_sheet(batch: torch.Tensor, columns: int = SHEET_COLUMNS) -> Image.Image:
    """A batch (N, 1, H, W) -> one greyscale PIL image: N tiles at native size, `columns` per row (fewer when N is
    smaller), SHEET_GAP white pixels between them; empty cells of the last row are white. The layout is in
    image.info[SHEET_KEY] (JSON), which PNG keeps as a text chunk."""
    tiles = to_uint8(batch)
    count, height, width = tiles.shape
    if count == 0:
        raise ValueError("a sheet needs at least one image")
    columns = min(count, columns)
    rows = -(-count // columns)
    canvas = np.full(
        (rows * height + (rows - 1) * SHEET_GAP, columns * width + (columns - 1) * SHEET_GAP), SHEET_GAP_LEVEL, np.uint8
    )
    layout = {"n": count, "columns": columns, "height": height, "width": width, "gap": SHEET_GAP}
    for (top, left), tile in zip(tile_corners(layout), tiles):
        canvas[top : top + height, left : left + width] = tile
    sheet = Image.fromarray(canvas, mode="L")
    sheet.info[SHEET_KEY] = json.dumps(layout)
    return sheet


def tile_corners(layout: dict) -> list[tuple[int, int]]:
    """(top, left) of each tile of a sheet with this layout, in sample order."""
    step_y, step_x = layout["height"] + layout["gap"], layout["width"] + layout["gap"]
    return [
        (row * step_y, column * step_x)
        for row, column in (divmod(index, layout["columns"]) for index in range(layout["n"]))
    ]


def sheet_layout(image: Image.Image) -> dict | None:
    """The layout to_sheet stored in a sheet (n, columns, height, width, gap), or None for any other picture."""
    text = image.info.get(SHEET_KEY)
    return json.loads(text) if text else None


def sheet_tiles(image: Image.Image) -> np.ndarray:
    """A sheet (as to_sheet made it, or the PNG file a client downloaded and opened) -> its tiles, uint8
    (N, H, W): the exact pixels of each sample."""
    layout = sheet_layout(image)
    if layout is None:
        raise ValueError(f"not a sheet: the picture has no {SHEET_KEY!r} text chunk")
    pixels = np.asarray(image.convert("L"))
    height, width = layout["height"], layout["width"]
    return np.stack([pixels[top : top + height, left : left + width] for top, left in tile_corners(layout)])


def make_grid(batch: torch.Tensor, nrow: int = 8, scale: int = 2, padding: int = 2) -> Image.Image:
    """A batch (N, 1, H, W) -> one PIL grid image (for training previews and model cards)."""
    from torchvision.utils import make_grid as tv_make_grid

    grid = tv_make_grid(to_unit(batch.detach().float().cpu().clamp(-1, 1)), nrow=nrow, padding=padding)
    return to_pil(from_unit(grid[:1]), scale)


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
HEAT_COLORMAP = (
    np.stack(
        [
            np.interp(np.linspace(0, 1, 256), np.linspace(0, 1, len(_HEAT_ANCHORS)), _HEAT_ANCHORS[:, c])
            for c in range(3)
        ],
        axis=1,
    )
    .round()
    .astype(np.uint8)
)  # (256, 3): colour of error level i / 255


def error_map_to_pil(error, scale: int = DISPLAY_SCALE) -> Image.Image:
    """Per-pixel error (1, 1, H, W), (1, H, W) or (H, W) in [0, 1] -> RGB heat map, upscaled like to_pil.

    0 is black, 1 pale yellow; values outside [0, 1] are clipped (an error map is a display aid).
    """
    values = torch.as_tensor(error).detach().float().cpu()
    while values.ndim > 2 and values.shape[0] == 1:
        values = values[0]
    if values.ndim != 2:
        raise ValueError(
            f"error map must have shape (1, 1, H, W), (1, H, W) or (H, W), got {tuple(torch.as_tensor(error).shape)}"
        )
    if not isinstance(scale, int) or scale < 1:
        raise ValueError(f"scale must be a positive integer, got {scale!r}")
    levels = (values.nan_to_num(0.0).clamp(0, 1) * 255).round().to(torch.uint8).numpy()
    image = Image.fromarray(HEAT_COLORMAP[levels], mode="RGB")
    if scale != 1:
        image = image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)
    return image
