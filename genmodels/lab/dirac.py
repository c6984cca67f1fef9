"""Dirac-GAN (Mescheder, Geiger and Nowozin 2018, "Which training methods for GANs do actually converge?"): the
smallest GAN there is, and the clearest picture of why plain GAN training circles instead of converging.

The data is one point, x = 0. The generator is one point too, x = θ; the discriminator is the line D(x) = ψ·x.
The game's only equilibrium is θ = ψ = 0. With the standard loss L(θ, ψ) = f(ψθ) + f(0), f(t) = −log(1 + e^−t),
the discriminator ascends L and the generator descends it: the vector field (−ψ f′(ψθ), θ f′(ψθ)) turns around the
equilibrium without pulling in, so gradient steps circle it (alternating) or spiral out (simultaneous). A
penalty on the discriminator's gradient on real data (R1: γ/2·ψ²) adds −γψ to ψ's update and the orbit closes
in. WGAN (f(t) = t, ψ clipped) circles too, and WGAN-GP's penalty pulls ψ to ±1, not to 0.

    path = dirac_path(loss="standard", regulariser="r1", gamma=1.0, lr=0.1, steps=500)
    path[-1]  # (θ, ψ) at the end: near (0, 0) with R1, far from it without
"""

from __future__ import annotations

import math

import numpy as np

from genmodels.checks import check_choice, check_float, check_int

LOSSES = ("standard", "wgan")
REGULARISERS = ("none", "r1", "wgan-gp")
UPDATES = ("simultaneous", "alternating")
MAX_STEPS = 5000
START = (1.0, 1.0)  # (θ, ψ)


def sigmoid(t: float) -> float:
    return 1 / (1 + math.exp(-t)) if t >= 0 else math.exp(t) / (1 + math.exp(t))


def f_prime(loss: str, t: float) -> float:
    """f′(t): e^−t / (1 + e^−t) = σ(−t) for the standard loss, 1 for the Wasserstein one."""
    return sigmoid(-t) if loss == "standard" else 1.0


def field(loss: str, regulariser: str, gamma: float, theta: float, psi: float) -> tuple[float, float]:
    """The direction each player moves: (−∂L/∂θ for the generator, ∂L/∂ψ − penalty′ for the discriminator)."""
    slope = f_prime(loss, psi * theta)
    d_theta, d_psi = -psi * slope, theta * slope
    if regulariser == "r1":  # γ/2 ‖∇ₓD‖² on real data, and ∇ₓD = ψ everywhere
        d_psi -= gamma * psi
    elif regulariser == "wgan-gp":  # γ (‖∇ₓD‖ − 1)² on interpolates: the same ψ everywhere on a line
        d_psi -= 2 * gamma * (abs(psi) - 1) * math.copysign(1.0, psi)
    return d_theta, d_psi


def dirac_path(loss="standard", regulariser="none", gamma=1.0, lr=0.1, steps=500, updates="simultaneous",
               start=START) -> np.ndarray:  # fmt: skip
    """Gradient steps of the game from `start` -> the path (steps + 1, 2) of (θ, ψ)."""
    check_choice(loss, "loss", LOSSES)
    check_choice(regulariser, "regulariser", REGULARISERS)
    check_choice(updates, "updates", UPDATES)
    gamma, lr = check_float(gamma, "gamma", 0.0, 10.0), check_float(lr, "lr", 1e-4, 1.0)
    steps = check_int(steps, "steps", 1, MAX_STEPS)
    theta, psi = float(start[0]), float(start[1])
    path = [(theta, psi)]
    for _ in range(steps):
        d_theta, d_psi = field(loss, regulariser, gamma, theta, psi)
        if updates == "alternating":  # the discriminator first, then the generator against the new ψ
            psi += lr * d_psi
            theta += lr * field(loss, regulariser, gamma, theta, psi)[0]
        else:
            theta, psi = theta + lr * d_theta, psi + lr * d_psi
        if loss == "wgan" and regulariser == "none":  # WGAN's weight clipping
            psi = min(max(psi, -1.0), 1.0)
        path.append((theta, psi))
    return np.array(path)


def vector_field(loss: str, regulariser: str, gamma: float, extent: float = 2.0, points: int = 15) -> np.ndarray:
    """The field on a points x points grid of [−extent, extent]² -> (points, points, 4): θ, ψ, dθ, dψ."""
    axis = np.linspace(-extent, extent, points)
    return np.array([[(t, p, *field(loss, regulariser, gamma, t, p)) for t in axis] for p in axis[::-1]])
