"""A full-covariance Gaussian mixture fitted by EM, in float64 torch: "the AE as a generator" baseline of the
evaluation fits one on the AE's latent codes and decodes samples from it."""

from __future__ import annotations

import math

import numpy as np
import torch


def _log_gaussian(z: torch.Tensor, mean: torch.Tensor, cov: torch.Tensor) -> torch.Tensor:
    """log N(z | mean, cov) for every row of z (N, D)."""
    chol = torch.linalg.cholesky(cov)
    solved = torch.linalg.solve_triangular(chol, (z - mean).T, upper=False)  # (D, N)
    return -0.5 * (len(mean) * math.log(2 * math.pi) + solved.pow(2).sum(0)) - chol.diagonal().log().sum()


def fit_gaussian_mixture(
    z, components: int, iterations: int = 100, seed: int = 0, reg: float = 1e-3, tol: float = 1e-5
) -> dict:
    """EM for a full-covariance Gaussian mixture on codes z (N, D), initialised at random data points with the
    data covariance; `reg`·(mean variance) is added to every covariance's diagonal (keeps them invertible).
    float64 torch (it follows torch.set_num_threads) -> numpy weights (K,), means (K, D), covariances (K, D, D)."""
    z = torch.as_tensor(np.asarray(z), dtype=torch.float64)
    n, dim = z.shape
    if not 1 <= components <= n:
        raise ValueError(f"components must be in [1, {n}] for {n} codes, got {components}")
    rng = np.random.default_rng(seed)
    ridge = reg * z.var(0).mean() * torch.eye(dim, dtype=torch.float64)
    weights = torch.full((components,), 1 / components, dtype=torch.float64)
    means = z[torch.from_numpy(rng.choice(n, components, replace=False))]
    covs = (torch.cov(z.T).reshape(dim, dim) + ridge).expand(components, dim, dim).clone()
    previous, log_likelihood = -math.inf, -math.inf
    for iteration in range(1, iterations + 1):
        # E step: responsibilities; M step: weighted means and covariances
        log_joint = torch.stack([weights[k].log() + _log_gaussian(z, means[k], covs[k]) for k in range(components)], 1)
        log_norm = torch.logsumexp(log_joint, 1)
        resp = (log_joint - log_norm[:, None]).exp()
        counts = resp.sum(0) + 1e-10
        weights = counts / n
        means = (resp.T @ z) / counts[:, None]
        for k in range(components):
            centred = z - means[k]
            covs[k] = (resp[:, k, None] * centred).T @ centred / counts[k] + ridge
        log_likelihood = log_norm.mean().item()
        if abs(log_likelihood - previous) < tol * max(1.0, abs(log_likelihood)):
            break
        previous = log_likelihood
    return {
        "weights": weights.numpy(),
        "means": means.numpy(),
        "covariances": covs.numpy(),
        "log_likelihood": log_likelihood,
        "iterations": iteration,
    }


def sample_gaussian_mixture(gmm: dict, n: int, seed: int) -> np.ndarray:
    """n codes from the mixture (numpy's generator from `seed`) -> (n, D) float64."""
    rng = np.random.default_rng(seed)
    weights = np.asarray(gmm["weights"], np.float64)
    component = rng.choice(len(weights), size=n, p=weights / weights.sum())
    chol = torch.linalg.cholesky(torch.as_tensor(gmm["covariances"], dtype=torch.float64)).numpy()  # (K, D, D)
    eps = rng.standard_normal((n, gmm["means"].shape[1]))
    return gmm["means"][component] + np.einsum("nij,nj->ni", chol[component], eps)
