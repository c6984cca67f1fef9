"""genmodels.filters.non_local_means against scikit-image's, which it does not replace (README "Dependencies")."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from skimage.restoration import denoise_nl_means

from genmodels import images
from genmodels.filters import non_local_means
from genmodels.metrics import psnr

# σ -> PSNR (dB) on the first 200 fixture images: this module's filter, skimage's fast mode, skimage's exact mode
MEASURED = {0.1: (25.0734, 24.1827, 24.6420), 0.3: (15.9522, 15.2042, 16.0793), 0.5: (11.9748, 12.0255, 12.6183)}


@pytest.mark.parametrize("sigma", sorted(MEASURED))
def test_non_local_means_figures_and_why_skimage_is_not_used(fashion_test, sigma):
    clean = fashion_test.tensors()[0][:200]
    noise = sigma * torch.randn(clean.shape, generator=torch.Generator().manual_seed(0))
    noisy = images.from_unit((images.to_unit(clean) + noise).clamp(0, 1))
    ours = psnr(non_local_means(noisy, torch.full((len(noisy),), sigma)).clamp(-1, 1), clean).mean().item()

    def skimage_psnr(fast_mode: bool) -> float:
        pixels = images.to_unit(noisy).double().numpy()
        denoised = np.stack(
            [denoise_nl_means(p[0], 3, 4, h=0.8 * sigma, sigma=sigma, fast_mode=fast_mode) for p in pixels]
        )
        return psnr(images.from_unit(torch.from_numpy(denoised[:, None]).float()).clamp(-1, 1), clean).mean().item()

    expected_ours, expected_fast, expected_exact = MEASURED[sigma]
    assert ours == pytest.approx(expected_ours, abs=1e-3)
    # skimage computes other estimators (0.05-0.9 dB away): if they ever read like ours, switch to it
    assert skimage_psnr(True) == pytest.approx(expected_fast, abs=1e-3)
    assert skimage_psnr(False) == pytest.approx(expected_exact, abs=1e-3)
