"""Timestep arithmetic of a diffusion schedule, shared by the pipeline and the benchmark's plain loop: the SNR
of a timestep, the timestep whose noise matches a pixel noise level, the guidance scale in force at a timestep,
the network's x_0 at a timestep, and standard normal noise drawn where a seed gives the same numbers on every
device."""

from __future__ import annotations

import torch


def randn(shape, generator: torch.Generator | None, device) -> torch.Tensor:
    """Standard normal noise drawn on the generator's device (CPU by default), then moved to `device`."""
    return torch.randn(shape, generator=generator, device=generator.device if generator else "cpu").to(device)


def guidance_at(t, guidance_scale: float, guidance_interval) -> float:
    """The guidance scale in force at timestep t: a w above 1 only inside `guidance_interval` (None: always),
    else 1 (the conditional prediction alone); a w of at most 1 everywhere."""
    if guidance_scale > 1.0 and guidance_interval is not None:
        low, high = guidance_interval
        return guidance_scale if low <= int(t) <= high else 1.0
    return guidance_scale


def predicted_original(scheduler, x_t, model_output, t) -> torch.Tensor:
    """The network's x_0 from its output at timestep t on x_t (what it saw, VP units), for the samplers whose
    step returns none: ε, v or the sample itself, as the trained config's prediction_type says."""
    alpha_bar = scheduler.alphas_cumprod[int(round(float(t)))].to(x_t.device)
    signal, noise = alpha_bar.sqrt(), (1 - alpha_bar).sqrt()
    kind = scheduler.config.prediction_type
    if kind == "epsilon":
        return (x_t - noise * model_output) / signal
    if kind == "v_prediction":
        return signal * x_t - noise * model_output
    return model_output


def signal_to_noise(alphas_cumprod: torch.Tensor, t) -> torch.Tensor:
    """SNR_t = ᾱ_t / (1 - ᾱ_t), in float64 so that t = 999 (ᾱ ≈ 2e-9 for the cosine schedule) stays exact."""
    alpha_bar = alphas_cumprod.double().cpu()[torch.as_tensor(t, dtype=torch.long).cpu()]
    return alpha_bar / (1 - alpha_bar)


def sigma_to_timestep(alphas_cumprod: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """The training timestep whose noise matches pixel noise σ ([0, 1] units) -> (N,) long.

    In model units ([-1, 1]) the noise has std 2σ; scaling the image by √ᾱ_t turns y = x0 + 2σε into
    √ᾱ_t x0 + 2σ√ᾱ_t ε, which is q(x_t | x0) when 2σ√ᾱ_t = √(1-ᾱ_t), i.e. SNR_t = 1 / (4σ²).
    The nearest t in log-SNR is returned (σ must be > 0)."""
    log_snr = signal_to_noise(alphas_cumprod, torch.arange(len(alphas_cumprod))).log()  # decreasing in t
    target = -torch.log(4 * sigma.double().cpu() ** 2)
    return (log_snr[None, :] - target[:, None]).abs().argmin(1)
