"""Write the app's example images to assets/examples/ (run once; the PNGs are committed).

    python -m scripts.make_examples

- fashion/:   the first test image of every class, exactly (dataset pixels, 8x nearest-neighbour upscale,
              which genmodels.uploads.load_upload undoes, so the models see the original 28x28 pixels);
- noisy/:     five of them with Gaussian noise σ = 0.3 (seed 0), for the Denoise tab (use σ = 0 there);
- degraded/:  five more as a visitor's upload may be: compressed, sensor noise, specked, blurred, compressed and
              noisy (genmodels.degradations, seed 0), for the Denoise tab's blind denoiser;
- anomalies/: pictures that are not clothes (noise, a checkerboard, a digit, a ring, an upside-down shoe),
              for the Anomaly tab.
Test images come from tests/fixtures/fashion_test_1000.npz when present, else from the dataset itself.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw

from genmodels import degradations, images
from genmodels.corruptions import add_pixel_noise
from genmodels.data import CLASS_NAMES, load_arrays

ROOT = Path(__file__).resolve().parents[1]

OUT = ROOT / "assets" / "examples"
FIXTURE = ROOT / "tests" / "fixtures" / "fashion_test_1000.npz"
NOISE_SIGMA = 0.3
# class label -> (what the file is called, the suite entry, its strength) of the degraded examples
DEGRADED = {
    0: ("compressed", "jpeg", "strong"),
    2: ("sensor_noise", "poisson", "strong"),
    5: ("specked", "salt_pepper", "mild"),
    7: ("blurred", "blur", "medium"),
    9: ("compressed_and_noisy", "noise+jpeg", "mild"),
}


def test_images() -> tuple[np.ndarray, np.ndarray]:
    if FIXTURE.is_file():
        data = np.load(FIXTURE)
        return data["images"], data["labels"]
    return load_arrays("test")


def file_name(index: int, name: str) -> str:
    return f"{index}_{name.replace('/', '-').replace(' ', '_')}.png"


def save(pixels: np.ndarray, path: Path):
    """uint8 (28, 28) -> the display-size PNG the app itself would show."""
    path.parent.mkdir(parents=True, exist_ok=True)
    images.to_pil(images.from_uint8(pixels)).save(path)


def not_clothes() -> dict[str, np.ndarray]:
    """Small 28x28 pictures on the dataset's black background that no Fashion-MNIST class looks like."""
    rng = np.random.default_rng(0)
    pictures = {"noise": rng.integers(0, 256, (28, 28), dtype=np.uint8)}
    yy, xx = np.mgrid[:28, :28]
    pictures["checkerboard"] = (((yy // 4) + (xx // 4)) % 2 * 255).astype(np.uint8)
    digit = Image.new("L", (28, 28), 0)
    ImageDraw.Draw(digit).line([(7, 6), (21, 6), (12, 23)], fill=255, width=3)  # a handwritten-style 7
    pictures["digit_7"] = np.asarray(digit)
    ring = Image.new("L", (28, 28), 0)
    ImageDraw.Draw(ring).ellipse([5, 5, 22, 22], outline=255, width=2)
    pictures["ring"] = np.asarray(ring)
    return pictures


def main():
    pixels, labels = test_images()
    firsts = {label: int(np.flatnonzero(labels == label)[0]) for label in range(len(CLASS_NAMES))}
    for label, index in firsts.items():
        save(pixels[index], OUT / "fashion" / file_name(label, CLASS_NAMES[label]))

    generator = torch.Generator().manual_seed(0)
    for label in (0, 1, 3, 7, 9):
        noisy = add_pixel_noise(images.from_uint8(pixels[firsts[label]]), NOISE_SIGMA, generator)
        save(images.to_uint8(noisy)[0], OUT / "noisy" / file_name(label, CLASS_NAMES[label]))

    generator = torch.Generator().manual_seed(0)
    for label, (what, name, level) in DEGRADED.items():
        degraded = degradations.degrade(name, images.from_uint8(pixels[firsts[label]]), level, generator)
        save(images.to_uint8(degraded)[0], OUT / "degraded" / file_name(label, f"{what} {CLASS_NAMES[label]}"))

    anomalies = not_clothes()
    anomalies["upside-down_sneaker"] = pixels[firsts[7]][::-1].copy()
    for index, (name, picture) in enumerate(anomalies.items()):
        save(picture, OUT / "anomalies" / file_name(index, name))
    print(f"wrote {sum(1 for _ in OUT.rglob('*.png'))} PNGs under {OUT}")


if __name__ == "__main__":
    main()
