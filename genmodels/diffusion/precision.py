"""Which float precision the diffusion UNet runs in: bf16 autocast where the CPU computes bf16 natively.

    dtype = resolve_autocast_dtype("auto", device)     # torch.bfloat16 on an AVX512-BF16 / AMX CPU, else None
    with autocast(device, dtype):
        model_output = unet(x, t).sample

On a CPU without native bf16 instructions torch emulates bf16 and autocast is slower than fp32, so "auto"
keeps fp32 there and on GPUs (the measured speed-ups are in weights/diffusion/README.md).
"""

from __future__ import annotations

import contextlib
from functools import lru_cache

import torch

AUTOCAST_DTYPES = (torch.bfloat16, torch.float16)


@lru_cache(maxsize=1)
def cpu_has_native_bf16() -> bool:
    """AVX512-BF16 or AMX: where bf16 autocast was measured to pay off. Elsewhere bf16 is emulated."""
    try:
        with open("/proc/cpuinfo") as f:
            flags = f.read()
    except OSError:  # not Linux: assume no native bf16, the safe (fp32) choice
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def resolve_autocast_dtype(autocast_dtype, device: torch.device) -> torch.dtype | None:
    """ "auto" -> bf16 on a CPU with native bf16, else None (fp32); None or a float dtype pass through."""
    if autocast_dtype == "auto":
        return torch.bfloat16 if device.type == "cpu" and cpu_has_native_bf16() else None
    if autocast_dtype is None or autocast_dtype in AUTOCAST_DTYPES:
        return autocast_dtype
    raise ValueError(f"autocast_dtype must be 'auto', None, torch.bfloat16 or torch.float16, got {autocast_dtype!r}")


def autocast(device: torch.device, dtype: torch.dtype | None):
    """torch.autocast in `dtype` on `device`'s type, or nothing at all for None (exact fp32)."""
    return torch.autocast(device.type, dtype=dtype) if dtype is not None else contextlib.nullcontext()
