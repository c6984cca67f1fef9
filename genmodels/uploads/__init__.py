"""Any upload -> one model tensor, preprocessed the way Fashion-MNIST itself was made.

    from genmodels.uploads import load_upload
    x = load_upload("photo.jpg")        # (1, 1, 28, 28) in [-1, 1]; also bytes, file objects, PIL, numpy

Grayscale, object bright on a black background, its bounding box fitted into 28x28 and centred. Dataset
images (28x28 grayscale on a dark background) and the app's own display images (genmodels.images.to_pil)
pass through pixel for pixel. Anything that is not a readable image raises ValueError saying what it is.

The three stages, one module each:
    decode.py     any accepted source -> a loaded PIL image (format, size limit, first frame, EXIF orientation)
    grayscale.py  a PIL image of any mode -> float gray levels in [0, 255], transparency composited away
    framing.py    gray levels -> uint8 28x28: display upscale undone, background to black, object fitted
"""

from __future__ import annotations

import torch

from ..images import from_uint8
from .decode import MAX_UPLOAD_PIXELS, open_upload
from .framing import frame_like_dataset
from .grayscale import grayscale

__all__ = ["MAX_UPLOAD_PIXELS", "load_upload"]


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
       `genmodels.images.to_pil`) is box-downscaled back to 28x28.
    4. Background = the dominant level of the border pixels; a light background is inverted to the
       dataset's black one.
    5. A 28x28 image is used as is from here on, so dataset images round-trip pixel for pixel.
       Anything else is cropped to the object's bounding box, its background mapped to black, its
       longer side resized to 28 px (Lanczos) and centred on a black 28x28 canvas.

    Raises ValueError with a readable reason for: None, empty input, something that is not an
    image (naming what it looks like: HTML, ZIP, text, ...), a truncated or corrupt file, a 0-size
    image, or more than 40 megapixels (checked from the header, before decoding).
    """
    image = open_upload(source)
    gray = grayscale(image)
    return from_uint8(frame_like_dataset(gray))
