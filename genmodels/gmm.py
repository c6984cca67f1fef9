"""A full-covariance Gaussian mixture (scikit-learn's `GaussianMixture`): "the AE as a generator" baseline of the
evaluation fits one on the AE's latent codes and decodes samples from it. The shipped fit is saved beside the AE
(weights/ae/gmm.safetensors, by `python -m genmodels.build.ae_gmm`), so the app samples the very mixture the
evaluation measured without reading the dataset."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import torch
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

GMM_FILE = "gmm.safetensors"  # beside the AE it was fitted on: weights/ae/gmm.safetensors
PARAMETERS = ("weights", "means", "covariances")


def fit_gaussian_mixture(
    z, components: int, iterations: int = 100, seed: int = 0, reg: float = 1e-3, tol: float = 1e-5
) -> dict:
    """EM for a full-covariance Gaussian mixture on codes z (N, D), initialised at random data points with the
    data covariance; `reg`·(mean variance) is added to every covariance's diagonal (keeps them invertible).
    EM stops when the mean log-likelihood changes by less than `tol`·max(1, |log-likelihood|)
    -> numpy weights (K,), means (K, D), covariances (K, D, D), the last E step's mean log-likelihood."""
    # imported here: scikit-learn takes seconds to import, and the app only samples a saved mixture
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.mixture import GaussianMixture
    from threadpoolctl import threadpool_limits

    z = np.asarray(z, dtype=np.float64)
    n, dim = z.shape
    if not 1 <= components <= n:
        raise ValueError(f"components must be in [1, {n}] for {n} codes, got {components}")
    rng = np.random.default_rng(seed)
    ridge = reg * z.var(0, ddof=1).mean()
    start_cov = np.atleast_2d(np.cov(z, rowvar=False)) + ridge * np.eye(dim)
    mixture = GaussianMixture(
        components,
        covariance_type="full",
        reg_covar=ridge,
        weights_init=np.full(components, 1 / components),
        means_init=z[rng.choice(n, components, replace=False)],
        precisions_init=np.repeat(np.linalg.inv(start_cov)[None], components, 0),
        init_params="random_from_data",  # cheap; every parameter it would set is given above
        # one EM step per fit(): scikit-learn's tol is absolute, and the stopping rule here is relative (the
        # shipped fit stops at 62 iterations; an absolute tol of 5e-4 would stop at 59 and change the samples)
        max_iter=1,
        warm_start=True,
        tol=0.0,
    )
    previous, log_likelihood = -math.inf, -math.inf
    # BLAS threads as many as torch's: OpenBLAS would start one per core and crawl when the cores are busy
    with threadpool_limits(torch.get_num_threads()), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # tol=0: every one-step fit() "did not converge"
        for iteration in range(1, iterations + 1):  # noqa: B007 (the count it stops at is returned)
            mixture.fit(z)
            log_likelihood = float(mixture.lower_bound_)
            if abs(log_likelihood - previous) < tol * max(1.0, abs(log_likelihood)):
                break
            previous = log_likelihood
    return {
        "weights": mixture.weights_,
        "means": mixture.means_,
        "covariances": mixture.covariances_,
        "log_likelihood": log_likelihood,
        "iterations": iteration,
    }


def sample_gaussian_mixture(gmm: dict, n: int, seed: int, temperature: float = 1.0) -> np.ndarray:
    """n codes from the mixture (numpy's generator from `seed`) -> (n, D) float64. temperature scales each
    component's spread around its mean (1: the fitted mixture; 0: the component means)."""
    rng = np.random.default_rng(seed)
    weights = np.asarray(gmm["weights"], np.float64)
    component = rng.choice(len(weights), size=n, p=weights / weights.sum())
    chol = torch.linalg.cholesky(torch.as_tensor(gmm["covariances"], dtype=torch.float64)).numpy()  # (K, D, D)
    eps = rng.standard_normal((n, gmm["means"].shape[1]))
    if temperature != 1.0:  # at 1 the codes are bit for bit the evaluation's
        eps = eps * temperature
    return gmm["means"][component] + np.einsum("nij,nj->ni", chol[component], eps)


def save_gaussian_mixture(gmm: dict, path, about: dict) -> Path:
    """A fitted mixture -> safetensors (float64 weights, means, covariances); `about` (how it was fitted, its
    log-likelihood) goes in the file's metadata as JSON."""
    path = Path(path)
    tensors = {name: np.ascontiguousarray(gmm[name], np.float64) for name in PARAMETERS}
    save_file(tensors, str(path), metadata={"about": json.dumps(about)})
    return path


def load_gaussian_mixture(path) -> dict:
    """safetensors written by save_gaussian_mixture -> weights, means, covariances (numpy) and `about`."""
    with safe_open(str(path), "np") as handle:
        about = json.loads((handle.metadata() or {}).get("about", "{}"))
    return {**load_file(str(path)), "about": about}
