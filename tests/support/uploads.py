"""The upload corpus: one file of every kind a visitor may upload, and what the app must do with each.

    cases = write_upload_cases(tmp_path)       # {name: UploadCase}, in a fixed order
    cases["png"].path, cases["decompression_bomb"].error

Used by tests/test_bad_inputs.py (every image endpoint gets every case) and by the load generator
(tools/loadtest/), whose bad requests draw from the same files.
"""

from __future__ import annotations

import io
import math
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "assets" / "examples" / "fashion"


@dataclass(frozen=True)
class UploadCase:
    """One file a visitor may upload and what the app must do with it.

    error: None when the upload must give a result; else words of which the error message must contain at
    least one (case-insensitive), so the message names the problem.
    same_as: the name of another case that must give exactly the same result (the same 28x28 model input),
    e.g. a BMP or a palette PNG of the same pixels as the plain PNG.
    """

    name: str
    path: Path | None  # None: no image at all
    error: tuple[str, ...] | None = None
    same_as: str | None = None

    @property
    def bad(self) -> bool:
        return self.error is not None


def garments() -> tuple[np.ndarray, np.ndarray]:
    """Two different 28x28 uint8 Fashion-MNIST test images (dark background): the example files when present
    (a sneaker and a trouser, neither symmetric under rotation), else the dataset, else two drawn shapes."""
    files = sorted(EXAMPLES.glob("*.png")) if EXAMPLES.is_dir() else []
    picked = [path for path in files if "Sneaker" in path.name] + [path for path in files if "Trouser" in path.name]
    if len(picked) == 2:
        return tuple(_box_downscale(np.asarray(Image.open(path).convert("L"))) for path in picked)
    try:
        from genmodels.data import load_arrays

        images, _ = load_arrays("test")
        return images[0].copy(), images[2].copy()
    except Exception:  # noqa: BLE001 - no dataset on this machine: two asymmetric drawn shapes
        a = np.zeros((28, 28), np.uint8)
        a[14:22, 3:25] = 200
        a[8:14, 3:12] = 230
        b = np.zeros((28, 28), np.uint8)
        b[3:25, 8:13] = 180
        b[3:25, 15:20] = 180
        b[3:8, 8:20] = 220
        return a, b


def _box_downscale(image: np.ndarray) -> np.ndarray:
    k = image.shape[0] // 28
    return image.reshape(28, k, 28, k).mean(axis=(1, 3)).round().astype(np.uint8)


def _grey_palette_image(gray: np.ndarray) -> Image.Image:
    """Mode "P" with a grey ramp as its palette: index i is grey level i, so the pixels are exact."""
    image = Image.fromarray(gray, "L").convert("P")
    image.putdata(gray.flatten().tolist())
    image.putpalette([level for i in range(256) for level in (i, i, i)])
    return image


def _png_bomb(path: Path, side: int = 30_000) -> None:
    """A valid 1-bit PNG of side x side pixels (900 megapixels), all black: ~110 MB of zeros that deflate
    to ~110 kB. Written chunk by chunk so building it never holds the picture in memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = side.to_bytes(4, "big") * 2 + bytes([1, 0, 0, 0, 0])  # bit depth 1, greyscale
    row = bytes(1 + math.ceil(side / 8))  # filter byte 0 + the packed row
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row * 1000) for _ in range(side // 1000)) + compressor.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def write_upload_cases(folder: str | Path) -> dict[str, UploadCase]:
    """Write one file per case of the bad-input matrix into `folder` -> {name: UploadCase}, in a fixed order.

    Good: PNG, JPEG, WebP, BMP, animated GIF (the first frame counts), RGBA (opaque, and a cut-out on a
    transparent background), palette, 16-bit, 1-bit, EXIF-rotated, 1x1, a 6000x4000 photo.
    Bad: a decompression bomb, a truncated JPEG, an HTML page and a ZIP archive renamed .png, an empty file,
    no image at all."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    base, other = garments()
    big = np.kron(base, np.ones((8, 8), np.uint8))  # the 224 px display version
    cases: list[UploadCase] = []

    def add(name, filename, save, error=None, same_as=None):
        path = folder / filename
        save(path)
        cases.append(UploadCase(name, path, tuple(error) if error else None, same_as))

    gray = Image.fromarray(base, "L")
    add("png", "garment.png", lambda p: gray.save(p))
    add("jpeg", "garment.jpg", lambda p: Image.fromarray(big).convert("RGB").save(p, quality=92))
    add("webp", "garment.webp", lambda p: gray.save(p, lossless=True), same_as="png")
    add("bmp", "garment.bmp", lambda p: gray.save(p), same_as="png")
    frames = [_grey_palette_image(base), _grey_palette_image(other)]
    add(
        "gif_animated",
        "animated.gif",
        lambda p: frames[0].save(p, save_all=True, append_images=frames[1:], duration=200, loop=0),
        same_as="png",
    )
    add("rgba", "rgba.png", lambda p: gray.convert("RGBA").save(p), same_as="png")
    cutout = np.dstack([255 - big] * 3 + [np.where(big > 0, 255, 0).astype(np.uint8)])  # dark garment, no background
    # composited onto white, then inverted like any light background: exactly the original pixels again
    add("rgba_cutout", "cutout.png", lambda p: Image.fromarray(cutout, "RGBA").save(p), same_as="png")
    add("palette", "palette.png", lambda p: _grey_palette_image(base).save(p), same_as="png")
    add("gray16", "gray16.png", lambda p: Image.fromarray(base.astype(np.uint16) * 257).save(p), same_as="png")
    add("bit1", "bit1.png", lambda p: gray.point(lambda v: 255 if v > 80 else 0).convert("1").save(p))

    def exif_rotated(path):
        # The pixels are stored turned 90 degrees clockwise; Orientation 8 tells viewers to turn them back.
        exif = Image.Exif()
        exif[0x0112] = 8
        Image.fromarray(np.rot90(base, k=-1).copy(), "L").save(path, exif=exif)

    add("exif_rotated", "exif_rotated.png", exif_rotated, same_as="png")
    add("tiny_1x1", "one_pixel.png", lambda p: Image.new("L", (1, 1), 200).save(p))

    def photo(path):
        # A 6000x4000 phone-sized photo: the garment, dark on a light, slightly graded background.
        canvas = Image.linear_gradient("L").resize((6000, 4000)).point(lambda v: 235 + v // 16)
        garment = Image.fromarray(255 - big).resize((2400, 2400), Image.Resampling.BICUBIC)
        canvas.paste(garment, (1800, 800))
        canvas.convert("RGB").save(path, quality=85)

    add("photo_6000x4000", "photo.jpg", photo)
    add("decompression_bomb", "bomb.png", _png_bomb, error=("decompression bomb", "megapixels"))
    # Under PIL's own bomb limit (179 MP) but over the app's 40 MP: refused from the header, before decoding.
    add("oversized_64mp", "oversized.png", lambda p: _png_bomb(p, side=8_000), error=("megapixels", "too large"))

    def truncated(path):
        data = io.BytesIO()
        Image.fromarray(big).convert("RGB").save(data, "JPEG", quality=92)
        path.write_bytes(data.getvalue()[: len(data.getvalue()) // 2])

    add("truncated_jpeg", "truncated.jpg", truncated, error=("truncated", "corrupt"))
    add(
        "html_as_png",
        "page.png",
        lambda p: p.write_text("<!DOCTYPE html><html><body><h1>Not an image</h1></body></html>"),
        error=("html",),
    )

    def zip_file(path):
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("garment.png", (folder / "garment.png").read_bytes())

    add("zip_as_png", "archive.png", zip_file, error=("zip",))
    add("empty_file", "empty.png", lambda p: p.write_bytes(b""), error=("empty",))
    cases.append(UploadCase("no_image", None, ("no image",)))
    return {case.name: case for case in cases}
