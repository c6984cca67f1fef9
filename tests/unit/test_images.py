"""genmodels.images: tensor <-> picture conversions and the error heat map (uploads: tests/test_uploads.py)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from genmodels.images import DISPLAY_SCALE, HEAT_COLORMAP, error_map_to_pil, from_uint8, to_pil, to_uint8

# --- tensor conversions --------------------------------------------------------------------------


def test_uint8_round_trip_and_display_scale(fashion_test):
    images = fashion_test.images[:16]
    tensor = from_uint8(images)
    assert tensor.shape == (16, 1, 28, 28) and tensor.dtype == torch.float32
    assert tensor.min() == -1 and tensor.max() == 1  # these images use the full 0..255 range
    np.testing.assert_array_equal(to_uint8(tensor), images)
    display = to_pil(tensor[0])
    assert display.size == (28 * DISPLAY_SCALE, 28 * DISPLAY_SCALE) and display.mode == "L"
    np.testing.assert_array_equal(np.asarray(display)[::DISPLAY_SCALE, ::DISPLAY_SCALE], images[0])


# --- error maps ------------------------------------------------------------------------------------


def test_error_map_to_pil():
    error = torch.linspace(0, 1, 28 * 28).reshape(1, 1, 28, 28)
    error[0, 0, 0, 0], error[0, 0, -1, -1] = -0.5, 3.0  # out of range: clipped
    heat = error_map_to_pil(error)
    assert heat.mode == "RGB" and heat.size == (28 * DISPLAY_SCALE, 28 * DISPLAY_SCALE)
    array = np.asarray(heat)
    small = array[::DISPLAY_SCALE, ::DISPLAY_SCALE]
    # an exact nearest-neighbour upscale: every 8x8 block is one colour
    np.testing.assert_array_equal(np.repeat(np.repeat(small, 8, 0), 8, 1), array)
    np.testing.assert_array_equal(small[0, 0], HEAT_COLORMAP[0])
    np.testing.assert_array_equal(small[-1, -1], HEAT_COLORMAP[255])
    assert tuple(HEAT_COLORMAP[0]) == (0, 0, 4) and tuple(HEAT_COLORMAP[255]) == (252, 255, 164)
    luma = HEAT_COLORMAP.astype(float) @ [0.299, 0.587, 0.114]
    assert np.all(np.diff(luma) > 0)  # brighter means more error, everywhere on the scale
    assert error_map_to_pil(error[0, 0], scale=1).size == (28, 28)
    with pytest.raises(ValueError, match=r"got \(2, 1, 28, 28\)"):
        error_map_to_pil(torch.zeros(2, 1, 28, 28))
