"""genmodels.checks: the one argument vocabulary (its messages are what a visitor reads) and seed -> generator."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from genmodels.checks import (
    ANY_CLASS,
    MAX_SEED,
    MAX_TORCH_SEED,
    check_callback,
    check_choice,
    check_class_name,
    check_float,
    check_images,
    check_int,
    check_one_image,
    check_seed,
    cpu_generator,
    make_generator,
)


def test_check_int_accepts_integers_and_integral_floats():
    assert check_int(4, "n", 1, 64) == 4 and check_int(4.0, "n", 1, 64) == 4 and check_int(np.int64(4), "n", 1, 64) == 4
    assert type(check_int(np.float32(4.0), "n", 1, 64)) is int


@pytest.mark.parametrize(
    "value,message",
    [
        (0, r"^n must be an integer in \[1, 64\], got 0$"),
        (65.0, r"^n must be an integer in \[1, 64\], got 65$"),
        (4.5, r"^n must be an integer in \[1, 64\], got 4.5$"),
        (float("nan"), r"^n must be an integer in \[1, 64\], got nan$"),
        (True, r"^n must be an integer in \[1, 64\], got True \(bool\)$"),
        ("4", r"^n must be an integer in \[1, 64\], got '4' \(str\)$"),
        (None, r"^n must be an integer in \[1, 64\], got None \(NoneType\)$"),
    ],
)
def test_check_int_names_the_argument_the_range_and_the_value(value, message):
    with pytest.raises(ValueError, match=message):
        check_int(value, "n", 1, 64)


def test_check_float():
    assert check_float(1, "eta", 0.0, 1.0) == 1.0 and type(check_float(np.float32(0.5), "eta", 0.0, 1.0)) is float
    for bad in (-0.1, 1.5, float("nan"), float("inf")):
        with pytest.raises(ValueError, match=rf"^eta must be a finite number in \[0.0, 1.0\], got {bad!r}$"):
            check_float(bad, "eta", 0.0, 1.0)
    with pytest.raises(ValueError, match=r"got False \(bool\)"):
        check_float(False, "eta", 0.0, 1.0)


def test_check_choice_class_name_and_callback():
    assert check_choice("DDIM", "sampler", ("DDPM", "DDIM")) == "DDIM"
    with pytest.raises(ValueError, match=r"^sampler must be one of 'DDPM', 'DDIM'; got 'ddim'$"):
        check_choice("ddim", "sampler", ("DDPM", "DDIM"))
    assert check_class_name("Ankle boot") == "Ankle boot" and check_class_name(ANY_CLASS) == "any"
    with pytest.raises(ValueError, match=r"class_name must be one of 'T-shirt/top', .*'Ankle boot', 'any'; got 'cat'"):
        check_class_name("cat")
    assert check_callback(None) is None and check_callback(print) is print
    with pytest.raises(ValueError, match=r"^callback must be callable or None, got 3 \(int\)$"):
        check_callback(3)


def test_check_seed_uses_the_api_range_unless_told():
    assert check_seed(MAX_SEED) == MAX_SEED
    with pytest.raises(ValueError, match=rf"^seed_a must be an integer in \[0, {MAX_SEED}\], got {MAX_SEED + 1}$"):
        check_seed(MAX_SEED + 1, "seed_a")
    assert check_seed(MAX_SEED + 1, high=MAX_TORCH_SEED) == MAX_SEED + 1


def test_check_images():
    x = torch.zeros(3, 1, 28, 28, dtype=torch.float64)
    out = check_images(x)
    assert out.dtype == torch.float32 and out.shape == (3, 1, 28, 28)
    assert check_images(torch.zeros(1, 28, 28)).shape == (1, 1, 28, 28)  # one image without its batch axis
    assert check_images(torch.full((1, 1, 28, 28), 1.0005)).max() == 1  # rounding error: clamped
    cases = [
        (np.zeros((1, 1, 28, 28)), r"image must be a torch.Tensor \(N, 1, 28, 28\) in \[-1, 1\], got ndarray"),
        (torch.zeros(1, 3, 28, 28), r"must have shape \(N, 1, 28, 28\) with N in \[1, 4096\], got \(1, 3, 28, 28\)"),
        (torch.zeros(1, 1, 28, 28, dtype=torch.uint8), r"must be a float tensor in \[-1, 1\], got dtype torch.uint8"),
        (torch.full((1, 1, 28, 28), float("nan")), r"contains NaN or infinite values"),
        (torch.full((1, 1, 28, 28), 2.0), r"values must be in \[-1, 1\], got \[2, 2\]"),
    ]
    for value, message in cases:
        with pytest.raises(ValueError, match=message):
            check_images(value)
    with pytest.raises(ValueError, match=r"image_b must have shape \(1, 1, 28, 28\), got \(2, 1, 28, 28\)"):
        check_one_image(torch.zeros(2, 1, 28, 28), "image_b")


def test_one_seed_gives_one_noise_on_a_fresh_cpu_generator():
    a = torch.randn(4, generator=cpu_generator(7))
    assert torch.equal(a, torch.randn(4, generator=torch.Generator("cpu").manual_seed(7)))
    assert cpu_generator(7).device.type == "cpu" and cpu_generator(7) is not cpu_generator(7)
    assert torch.equal(torch.randn(4, generator=make_generator(seed=7)), a)
    generator = torch.Generator().manual_seed(1)
    assert make_generator(generator) is generator and make_generator() is None
    with pytest.raises(ValueError, match="pass either generator or seed, not both"):
        make_generator(generator, seed=1)
    with pytest.raises(ValueError, match=r"seed must be an integer in \[0, 9223372036854775807\], got -3"):
        make_generator(seed=-3)
