"""The diffusion model's network: a stock diffusers UNet2DModel with a class embedding.

    unet = build_unet()                          # UNET_CONFIG: 2.7 M parameters, 28 -> 14 -> 7, attention at 7x7
    eps = unet(x_t, t, class_labels=labels).sample

The class embedding has NUM_CLASSES + 1 entries: the last, NULL_CLASS, is the "no class" token used for
unconditional predictions (training drops the label to it ~10% of the time), which is what classifier-free
guidance needs from one network.
"""

from __future__ import annotations

from ..data import NUM_CLASSES

NULL_CLASS = NUM_CLASSES  # the label that means "no class" (unconditional)

UNET_CONFIG = dict(
    sample_size=28,
    in_channels=1,
    out_channels=1,
    layers_per_block=1,
    block_out_channels=(32, 64, 128),
    down_block_types=("DownBlock2D", "DownBlock2D", "AttnDownBlock2D"),  # 28 -> 14 -> 7, attention at 7x7
    up_block_types=("AttnUpBlock2D", "UpBlock2D", "UpBlock2D"),
    norm_num_groups=8,
    attention_head_dim=32,
    num_class_embeds=NULL_CLASS + 1,
)


def build_unet(**overrides):
    """A fresh diffusers UNet2DModel with UNET_CONFIG, any key overridden (tests build tiny ones)."""
    from diffusers import UNet2DModel  # here, not at the top: importing the models must not import diffusers

    return UNet2DModel(**{**UNET_CONFIG, **overrides})
