"""genmodels.uploads: real-world uploads -> model tensors.

Every upload here is generated in the test with PIL, the way browsers and phones produce them, and
the result is checked by value: exact pixels where the contract promises a round trip, which side
is dark and where the object sits otherwise.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib

import numpy as np
import pytest
import torch
from PIL import Image, ImageChops, ImageDraw, features

from genmodels.images import from_uint8, to_pil, to_uint8
from genmodels.uploads import MAX_UPLOAD_PIXELS, load_upload


def encode(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def pixels(tensor: torch.Tensor) -> np.ndarray:
    """Model tensor (1, 1, 28, 28) -> uint8 (28, 28), after checking the tensor contract."""
    assert tensor.shape == (1, 1, 28, 28) and tensor.dtype == torch.float32
    assert tensor.min() >= -1 and tensor.max() <= 1
    return to_uint8(tensor)[0]


def bounding_box(array: np.ndarray, above: int = 0) -> tuple[int, int, int, int]:
    """(top, bottom, left, right), inclusive, of the pixels brighter than `above`."""
    rows, cols = np.flatnonzero((array > above).any(1)), np.flatnonzero((array > above).any(0))
    return rows[0], rows[-1], cols[0], cols[-1]


# --- exact round trips ---------------------------------------------------------------------------


def test_dataset_png_round_trips_exactly(fashion_test):
    """All 1,000 fixture images: a 28x28 grayscale PNG on a dark background is used as is.

    This includes images whose object covers most of the border (the background estimate must
    not mistake those for a light background).
    """
    for image in fashion_test.images:
        assert torch.equal(load_upload(encode(Image.fromarray(image))), from_uint8(image))


def test_object_covering_most_of_the_border_is_not_mistaken_for_background():
    """Some Fashion-MNIST bags and coats cover over half the border (2 of the 70,000 images have a
    border median above 127); the background is the border's most common level, not its median."""
    rows, cols = np.mgrid[0:28, 0:28]
    image = (130 + (7 * rows + 11 * cols) % 120).astype(np.uint8)  # a textured object, 130..249
    image[:, 21:] = 0  # the black background shows only on the right
    border = np.concatenate([image[0], image[-1], image[1:-1, 0], image[1:-1, -1]])
    assert np.median(border) > 127
    assert torch.equal(load_upload(encode(Image.fromarray(image))), from_uint8(image))
    assert torch.equal(load_upload(encode(Image.fromarray(255 - image))), from_uint8(image))


def test_display_upscale_round_trips_exactly(fashion_test):
    for image in fashion_test.images[:50]:
        tensor = from_uint8(image)
        display = to_pil(tensor)  # 224x224 nearest-neighbour upscale, what the app shows
        assert torch.equal(load_upload(encode(display)), tensor)
        assert torch.equal(load_upload(to_pil(tensor, scale=3)), tensor)  # any integer factor


def test_gradio_inputs_round_trip_exactly(fashion_test):
    """Gradio hands over RGB numpy arrays, PIL images or file paths; all give the same pixels."""
    for image in fashion_test.images[50:70]:
        expected = from_uint8(image)
        rgb_display = np.asarray(to_pil(expected).convert("RGB"))
        assert torch.equal(load_upload(rgb_display), expected)
        assert torch.equal(load_upload(np.stack([image] * 3, axis=-1)), expected)
        assert torch.equal(load_upload(image.astype(np.float32) / 255), expected)
        assert torch.equal(load_upload(Image.fromarray(image).convert("RGBA")), expected)  # opaque alpha


def test_inverted_dataset_image_is_inverted_back_exactly(fashion_test):
    for image in fashion_test.images[:50]:
        assert torch.equal(load_upload(encode(Image.fromarray(255 - image))), from_uint8(image))


def test_paths_and_file_objects(tmp_path, fashion_test):
    image = fashion_test.images[3]
    path = tmp_path / "shirt.png"
    Image.fromarray(image).save(path)
    expected = from_uint8(image)
    assert torch.equal(load_upload(path), expected)
    assert torch.equal(load_upload(str(path)), expected)
    with open(path, "rb") as file:
        assert torch.equal(load_upload(file), expected)
    assert torch.equal(load_upload(io.BytesIO(path.read_bytes())), expected)


def test_result_is_a_fixed_point(fashion_test):
    """Showing a result and uploading the display image again changes nothing."""
    photo = Image.new("RGB", (300, 200), "white")
    ImageDraw.Draw(photo).ellipse([40, 30, 250, 170], fill=(90, 30, 30))
    first = load_upload(encode(photo, "JPEG", quality=85))
    assert torch.equal(load_upload(encode(to_pil(first))), first)


# --- real-world uploads ---------------------------------------------------------------------------


def test_rgba_png_with_transparent_background():
    """A cut-out (transparent background, garbage colour under it) goes onto white, then negated."""
    image = Image.new("RGBA", (300, 400), (255, 0, 0, 0))  # transparent red: the colour must not leak
    ImageDraw.Draw(image).rectangle([75, 50, 224, 349], fill=(40, 40, 40, 255))
    result = pixels(load_upload(encode(image)))
    # 150x300 object -> 14x28, centred; background black, object 255 - 40 = 215
    assert bounding_box(result) == (0, 27, 7, 20)
    assert np.all(result[:, :7] == 0) and np.all(result[:, 21:] == 0)
    assert np.all(np.abs(result[2:-2, 9:19].astype(int) - 215) <= 1)


def test_rgba_transparent_hole_takes_the_opaque_background_colour():
    """Transparent pixels inside an opaque black frame become black, not white."""
    image = Image.new("RGBA", (100, 100), (0, 0, 0, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 20, 79, 79], fill=(255, 255, 255, 0))  # a transparent (white-coloured) hole
    draw.rectangle([40, 40, 59, 59], fill=(255, 255, 255, 255))  # the object: an opaque white square
    result = pixels(load_upload(encode(image)))
    assert np.all(result >= 254)  # the white square alone, filling the frame


@pytest.fixture(scope="module")
def rotated_phone_photo() -> tuple[bytes, Image.Image]:
    """A 4000x3000 JPEG as a phone stores it, with EXIF orientation 6, and the upright picture.

    Upright it is portrait (3000x4000): a dark "L" (a tall bar with a foot to the right) on an
    off-white, slightly noisy, unevenly lit background.
    """
    width, height = 3000, 4000
    lighting = Image.linear_gradient("L").resize((width, height)).point(lambda v: 236 + v // 20)
    grain = Image.effect_noise((width, height), 3)  # Gaussian around 128
    background = ImageChops.add(lighting, grain, offset=-128)
    upright = Image.merge("RGB", [background, background, background])
    draw = ImageDraw.Draw(upright)
    draw.rectangle([800, 800, 1299, 3199], fill=(30, 25, 60))  # the tall bar
    draw.rectangle([800, 2700, 2199, 3199], fill=(30, 25, 60))  # the foot, to the right
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # the sensor's landscape frame
    assert stored.size == (4000, 3000)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display
    return encode(stored, "JPEG", quality=90, exif=exif.tobytes()), upright


def test_big_jpeg_photo_with_exif_rotation(rotated_phone_photo):
    data, upright = rotated_phone_photo
    result = pixels(load_upload(data))
    # Upright, the L is 1400 wide and 2400 tall: 16x28 after fitting, centred horizontally.
    top, bottom, left, right = bounding_box(result, above=64)
    assert (top, bottom) == (0, 27) and (left, right) == (6, 21)
    bar_width = round(500 * 28 / 2400)  # the bar is 500 px wide, the foot 500 px tall
    bar = result[:, left : left + bar_width - 1]
    foot = result[28 - bar_width + 1 :, left:right]
    empty_corner = result[: 28 - bar_width - 1, left + bar_width + 1 : right + 1]
    assert bar.min() > 180 and foot.min() > 180  # the dark object became bright
    assert empty_corner.max() < 30  # top right of the L is background
    # Same as the upright picture uploaded without EXIF (up to JPEG noise), unlike any other rotation.
    reference = pixels(load_upload(encode(upright.resize((300, 400)))))
    assert np.abs(result.astype(int) - reference).mean() < 4
    for turned in (np.rot90(reference, 1), np.rot90(reference, 2), np.rot90(reference, 3)):
        assert np.abs(result.astype(int) - turned).mean() > 40


def test_big_jpeg_is_fast():
    """A 6000x4000 photo decodes at reduced scale: well under a second."""
    photo = Image.new("RGB", (6000, 4000), (240, 238, 235))
    ImageDraw.Draw(photo).ellipse([2000, 1000, 4000, 3000], fill=(20, 30, 90))
    data = encode(photo, "JPEG", quality=90)
    load_upload(data)  # warm up imports and caches
    start = time.perf_counter()
    result = pixels(load_upload(data))
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"took {elapsed:.2f} s"
    assert bounding_box(result, above=64) == (0, 27, 0, 27)  # the disc fills the frame
    assert result[0, 0] == 0 and result[14, 14] > 200


def test_white_background_product_photo():
    """A navy T-shirt on white, with a soft grey shadow: negated, cropped, fitted, centred."""
    photo = Image.new("RGB", (1200, 900), (255, 255, 255))
    draw = ImageDraw.Draw(photo)
    draw.ellipse([420, 700, 880, 760], fill=(238, 238, 238))  # shadow: below the object threshold
    shirt = [(400, 150), (800, 150), (950, 300), (850, 380), (800, 330), (800, 700), (400, 700),
             (400, 330), (350, 380), (250, 300)]  # fmt: skip
    draw.polygon(shirt, fill=(20, 30, 80))
    result = pixels(load_upload(encode(photo, "JPEG", quality=92)))
    # 701 wide, 551 tall -> 28x22, centred vertically with 3 background rows above and below.
    assert bounding_box(result, above=64) == (3, 24, 0, 27)
    tensor = from_uint8(result)
    assert torch.all(tensor[..., :2, :] < -0.95) and torch.all(tensor[..., -2:, :] < -0.95)  # background ~ -1
    assert result[14, 14] > 200  # the navy body became bright
    assert result[8, 1] > 200 and result[8, 26] > 200  # sleeve tips reach both sides near the top
    assert result[20, :5].max() < 30 and result[20, 23:].max() < 30  # ... not lower down


def test_small_off_centre_object_is_cropped_and_centred():
    image = np.zeros((500, 500), np.uint8)
    image[40:140, 300:350] = 255  # a bright 50x100 bar near the top right
    result = pixels(load_upload(image))
    assert bounding_box(result) == (0, 27, 7, 20)  # 14x28, centred
    assert result[:, 7:21].min() >= 250 and result[:, :7].max() == 0 and result[:, 21:].max() == 0


def test_animated_palette_gif_uses_the_first_frame(fashion_test):
    gray_palette = [level for i in range(256) for level in (i, i, i)]
    frames = []
    for image in fashion_test.images[:2]:
        frame = Image.frombytes("P", (28, 28), image.tobytes())
        frame.putpalette(gray_palette)
        frames.append(frame)
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert Image.open(io.BytesIO(data)).n_frames == 2
    assert torch.equal(load_upload(data), from_uint8(fashion_test.images[0]))


@pytest.mark.skipif(not features.check("webp"), reason="Pillow built without WebP")
def test_animated_webp_uses_the_first_frame(fashion_test):
    frames = [Image.fromarray(image).convert("RGB") for image in fashion_test.images[4:6]]
    data = encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True, duration=100)
    assert Image.open(io.BytesIO(data)).n_frames == 2
    assert torch.equal(load_upload(data), from_uint8(fashion_test.images[4]))


def test_palette_image_with_transparent_background():
    image = Image.new("P", (60, 40), 0)
    image.putpalette([0, 255, 0] + [200, 30, 30] + [0, 0, 0] * 254)  # index 0: green, but transparent
    ImageDraw.Draw(image).rectangle([10, 5, 49, 34], fill=1)  # a red 40x30 object
    result = pixels(load_upload(encode(image, "GIF", transparency=0)))
    red_luma = round(200 * 0.299 + 30 * 0.587 + 30 * 0.114)
    assert bounding_box(result) == (3, 23, 0, 27)  # 40x30 -> 28x21, centred
    assert abs(int(result[14, 14]) - (255 - red_luma)) <= 1 and result[0, 14] == 0


def test_16_bit_png_uses_the_full_range(fashion_test):
    image = fashion_test.images[7]
    data = encode(Image.fromarray(image.astype(np.uint16) * 257))  # 0..255 -> 0..65535
    assert Image.open(io.BytesIO(data)).mode.startswith("I")
    assert torch.equal(load_upload(data), from_uint8(image))  # clipping at 255 would make it all white
    # A mid-level 16-bit object on a white 16-bit background keeps its level (10000 / 65535).
    big = np.full((80, 100), 65535, np.uint16)
    big[20:60, 10:90] = 10000
    result = pixels(load_upload(encode(Image.fromarray(big))))
    assert abs(int(result[14, 14]) - round(255 - 10000 * 255 / 65535)) <= 1 and result[0, 14] == 0


def test_1_bit_png(fashion_test):
    bits = fashion_test.images[9] > 127
    data = encode(Image.fromarray(bits))
    assert Image.open(io.BytesIO(data)).mode == "1"
    assert torch.equal(load_upload(data), from_uint8(bits.astype(np.uint8) * 255))


def test_one_pixel_and_blank_images_give_a_black_canvas():
    for value in (0, 100, 255):
        assert torch.equal(load_upload(Image.new("L", (1, 1), value)), torch.full((1, 1, 28, 28), -1.0))
    assert torch.equal(load_upload(Image.new("RGB", (640, 480), "white")), torch.full((1, 1, 28, 28), -1.0))


# --- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, looks_like",
    [
        (b"shopping list:\n- a coat\n- two shirts\n", "text"),
        (b"<!DOCTYPE html>\n<html><head><title>404</title></head><body>Not found</body></html>", "HTML"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n", "PDF"),
    ],
)
def test_not_an_image_names_what_it_looks_like(tmp_path, content, looks_like):
    path = tmp_path / "upload.png"  # a renamed file: the extension lies
    path.write_bytes(content)
    with pytest.raises(ValueError, match=f"upload.png is not an image.*looks like.*{looks_like}"):
        load_upload(path)


def test_zip_file_is_rejected(tmp_path):
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("coat.png", encode(Image.new("L", (28, 28))))
    with pytest.raises(ValueError, match="photos.zip is not an image.*ZIP"):
        load_upload(archive)


def test_empty_and_missing_inputs(tmp_path):
    for nothing in (None, ""):
        with pytest.raises(ValueError, match="no image given"):
            load_upload(nothing)
    with pytest.raises(ValueError, match="empty"):
        load_upload(b"")
    (tmp_path / "empty.jpg").write_bytes(b"")
    with pytest.raises(ValueError, match="empty.jpg is empty"):
        load_upload(tmp_path / "empty.jpg")
    with pytest.raises(ValueError, match="no such image file"):
        load_upload(tmp_path / "missing.png")
    with pytest.raises(ValueError, match="1x0"):
        load_upload(Image.new("L", (1, 0)))
    with pytest.raises(ValueError, match=r"\(0, 5\)"):
        load_upload(np.zeros((0, 5), np.uint8))
    with pytest.raises(ValueError, match="cannot read an image from a int"):
        load_upload(42)


def test_bad_arrays_name_the_accepted_range():
    with pytest.raises(ValueError, match=r"\[0, 1\], got \[0.0, 2.5\]"):
        load_upload(np.linspace(0, 2.5, 28 * 28).reshape(28, 28))
    with pytest.raises(ValueError, match="nan"):
        load_upload(np.full((28, 28), np.nan))
    with pytest.raises(ValueError, match=r"\(H, W\) or \(H, W, 1\|2\|3\|4\), got \(28, 28, 5\)"):
        load_upload(np.zeros((28, 28, 5), np.uint8))
    with pytest.raises(ValueError, match=r"\[0, 255\], got \[0, 300\]"):
        load_upload(np.array([[0, 300]], dtype=np.int32))


def test_truncated_files_are_rejected():
    photo = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(photo).ellipse([50, 50, 350, 250], fill=(10, 60, 10))
    for fmt in ("JPEG", "PNG"):
        data = encode(photo, fmt)
        with pytest.raises(ValueError, match=f"\\({fmt}\\) is truncated or corrupt"):
            load_upload(data[: len(data) // 2])


def png_header_only(width: int, height: int, rows: bool = True) -> bytes:
    """A valid 1-bit grayscale PNG of any size, built by hand: huge images stay tiny on disk."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits, all black
    body = b"".join(compressor.compress(row * 1000) for _ in range(height // 1000)) if rows else b""
    body += compressor.compress(row * (height % 1000 if rows else 1)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [10_000, 20_000])  # above PIL's warning limit (89 MP) and its error limit
def test_decompression_bomb_is_refused_before_decoding(side):
    bomb = png_header_only(side, side)  # 100 or 400 megapixels of 1-bit data, a few kB to 50 kB on disk
    assert len(bomb) < 100_000
    start = time.perf_counter()
    with pytest.raises(ValueError, match="too large|megapixels"):
        load_upload(bomb)
    assert time.perf_counter() - start < 0.5  # refused from the header, nothing decoded


def test_over_40_megapixels_is_refused_from_the_header():
    assert MAX_UPLOAD_PIXELS == 40_000_000
    too_big = png_header_only(8000, 6000, rows=False)  # 48 MP: under PIL's own limit, over ours
    start = time.perf_counter()
    with pytest.raises(ValueError, match="8000x6000 = 48.0 megapixels; the limit is 40 megapixels"):
        load_upload(too_big)
    assert time.perf_counter() - start < 0.5
