"""Quality measures shared by training, evaluation and tests.

Pure functions, no files: per-image PSNR / SSIM; distances between feature sets (Fréchet distance, KID,
k-NN precision and recall) in the shipped classifier's feature space; anomaly-detection summaries (AUROC,
FPR at 95% TPR). Images are model tensors in [-1, 1]; PSNR and SSIM measure them in [0, 1] pixel units.

SSIM, FD and KID are torchmetrics', AUROC scikit-learn's; they are imported where used, because the app imports
this module for `psnr` and importing torchmetrics takes seconds.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from . import images
from .data import NUM_CLASSES


def psnr(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Per-image PSNR in dB of two [-1, 1] batches, measured in [0, 1] pixel units (at most 100 dB).

    Written out rather than torchmetrics' (the same figures, tested): the app calls it on every reconstruction,
    and importing torchmetrics (it imports torchvision) would add seconds to the app's start."""
    mse = (images.to_unit(a) - images.to_unit(b)).pow(2).flatten(1).mean(1)
    return 10 * torch.log10(1 / mse.clamp_min(1e-10))


class ClassifierJudge:
    """Judges generated images with the shipped classifier: class histogram, coverage, accuracy."""

    def __init__(self, classifier: torch.nn.Module):
        self.classifier = classifier.eval()

    @torch.no_grad()
    def predict(self, x: torch.Tensor) -> torch.Tensor:
        device = next(self.classifier.parameters()).device
        return torch.cat([self.classifier(chunk.to(device)).argmax(1).cpu() for chunk in x.split(500)])

    def coverage(self, samples: torch.Tensor, min_share: float = 0.01) -> dict:
        """How generated samples spread over the 10 classes.

        class_coverage: classes receiving at least `min_share` of the samples (10 = no class missing);
        class_entropy: entropy of the histogram divided by log(10) (1 = perfectly even, 0 = one class).
        """
        counts = torch.bincount(self.predict(samples), minlength=NUM_CLASSES).float()
        share = counts / counts.sum()
        entropy = -(share[share > 0] * share[share > 0].log()).sum().item() / math.log(NUM_CLASSES)
        return {
            "class_coverage": int((share >= min_share).sum()),
            "class_entropy": round(entropy, 4),
            "class_histogram": counts.int().tolist(),
        }

    def accuracy(self, samples: torch.Tensor, labels: torch.Tensor) -> float:
        return (self.predict(samples) == labels.cpu()).float().mean().item()


# ---------------------------------------------------------------------------------------------------------
# Feature-space distances between two sets of images (FID / KID / precision-recall in the classifier's space).
# Inputs are feature arrays (N, D); `classifier_features` makes them from images.


def mean_gradient_magnitude(x: torch.Tensor) -> float:
    """How much edge a set of images has: the mean |∇x| of its pixels (forward differences, [0, 1] units). A blurry
    sampler scores below the test set's; the ratio of the two is the evaluation's "sharpness"."""
    x = images.to_unit(x.float())
    dx, dy = x[..., :, 1:] - x[..., :, :-1], x[..., 1:, :] - x[..., :-1, :]
    return float(torch.sqrt(dx[..., :-1, :] ** 2 + dy[..., :, :-1] ** 2).mean())


@torch.inference_mode()
def classifier_features(classifier: torch.nn.Module, x: torch.Tensor, batch_size: int = 500) -> np.ndarray:
    """Images (N, 1, 28, 28) in [-1, 1] -> the classifier's penultimate activations (N, D) as float64 numpy.

    `classifier` is a FashionClassifier (anything with `.features`), evaluated in eval mode on its own device."""
    was_training = classifier.training
    classifier.eval()
    device = next(classifier.parameters()).device
    features = [classifier.features(chunk.to(device)).double().cpu() for chunk in x.split(batch_size)]
    classifier.train(was_training)
    return torch.cat(features).numpy()


def _as_features(features, name: str) -> np.ndarray:
    array = np.asarray(features, dtype=np.float64)
    if array.ndim != 2 or len(array) < 2:
        raise ValueError(f"{name} must be a 2-D array (N >= 2, D) of features, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


class _GivenFeatures(torch.nn.Module):
    """torchmetrics' FID takes a feature extractor; the features here are computed already, so it passes them on."""

    def __init__(self, num_features: int):
        super().__init__()
        self.num_features = num_features  # read by FrechetInceptionDistance instead of probing with a dummy image

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return features


def frechet_distance_from_stats(mu1, sigma1, mu2, sigma2) -> float:
    """d² = |μ1 - μ2|² + Tr(Σ1 + Σ2 - 2 (Σ1 Σ2)^½), the Fréchet (2-Wasserstein²) distance of two Gaussians,
    by torchmetrics' FID formula (float64), clipped at 0, which only ever removes rounding error."""
    from torchmetrics.image.fid import _compute_fid

    mu1, mu2 = np.atleast_1d(np.asarray(mu1, np.float64)), np.atleast_1d(np.asarray(mu2, np.float64))
    sigma1, sigma2 = np.atleast_2d(np.asarray(sigma1, np.float64)), np.atleast_2d(np.asarray(sigma2, np.float64))
    if mu1.shape != mu2.shape or sigma1.shape != sigma2.shape or sigma1.shape != (len(mu1), len(mu1)):
        raise ValueError(f"mismatched shapes: mu {mu1.shape} / {mu2.shape}, sigma {sigma1.shape} / {sigma2.shape}")
    distance = _compute_fid(*(torch.from_numpy(v) for v in (mu1, sigma1, mu2, sigma2))).item()
    return float(max(distance, 0.0))


def frechet_distance(features_a, features_b) -> float:
    """Fréchet distance between Gaussians fitted (mean, unbiased covariance) to two feature sets (N, D): torchmetrics'
    `FrechetInceptionDistance` with the features handed over as they are, in float64.

    In the Inception network's space this is FID; here the space is the shipped classifier's (see
    `classifier_features`), so the numbers are comparable with each other, not with published FIDs. Like FID it
    is biased upwards for small N: compare models at the same sample count."""
    from torchmetrics.image.fid import FrechetInceptionDistance

    a, b = _as_features(features_a, "features_a"), _as_features(features_b, "features_b")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"feature dimensions differ: {a.shape[1]} vs {b.shape[1]}")
    fid = FrechetInceptionDistance(feature=_GivenFeatures(a.shape[1]))
    fid.update(torch.from_numpy(a), real=True)
    fid.update(torch.from_numpy(b), real=False)
    return float(max(fid.compute().item(), 0.0))


def kernel_inception_distance(
    features_a, features_b, num_subsets: int = 100, subset_size: int = 1000, seed: int = 0
) -> tuple[float, float]:
    """KID (Bińkowski et al. 2018): the unbiased MMD² with the cubic polynomial kernel k(x, y) = (x·y / D + 1)³,
    averaged over `num_subsets` random subsets of `subset_size` from each set -> (mean, std over subsets).

    Unbiased, so unlike the Fréchet distance it does not depend on the sample count (only its noise does), and
    it can be slightly negative when the sets match. subset_size is capped at the smaller set's size."""
    a, b = _as_features(features_a, "features_a"), _as_features(features_b, "features_b")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"feature dimensions differ: {a.shape[1]} vs {b.shape[1]}")
    if num_subsets < 1:
        raise ValueError(f"num_subsets must be at least 1, got {num_subsets}")
    from torchmetrics.image.kid import poly_mmd

    m = min(subset_size, len(a), len(b))
    # the subsets are drawn here, from `seed`: torchmetrics' KernelInceptionDistance draws them from torch's global
    # generator, so its figures would change with whatever ran before; poly_mmd is its estimator for one subset
    rng = np.random.default_rng(seed)
    a_t, b_t = torch.from_numpy(a), torch.from_numpy(b)
    estimates = []
    for _ in range(num_subsets):
        x = a_t[torch.from_numpy(rng.choice(len(a), m, replace=False))]
        y = b_t[torch.from_numpy(rng.choice(len(b), m, replace=False))]
        estimates.append(poly_mmd(x, y, degree=3, coef=1.0).item())  # gamma defaults to 1 / D
    return float(np.mean(estimates)), float(np.std(estimates))


def _kth_neighbour_radii(features: torch.Tensor, k: int, chunk: int) -> torch.Tensor:
    """Distance of every point to its k-th nearest other point of the same set (N,)."""
    radii = []
    for rows in features.split(chunk):
        # k + 1 smallest: the point itself (distance 0) comes first
        radii.append(torch.cdist(rows, features).topk(k + 1, dim=1, largest=False).values[:, k])
    return torch.cat(radii)


def _inside_any_ball(points: torch.Tensor, centres: torch.Tensor, radii: torch.Tensor, chunk: int) -> torch.Tensor:
    inside = [(torch.cdist(rows, centres) <= radii[None, :]).any(1) for rows in points.split(chunk)]
    return torch.cat(inside)


def precision_recall(real_features, fake_features, k: int = 3, chunk: int = 1000) -> tuple[float, float]:
    """Improved precision and recall (Kynkäänniemi et al. 2019) -> (precision, recall), each in [0, 1].

    Each set's manifold is the union of balls around its points, each ball reaching the point's k-th nearest
    neighbour in the same set. precision = share of fake points inside the real manifold (fidelity);
    recall = share of real points inside the fake manifold (variety). Use sets of equal size: the radii grow
    as a set gets smaller."""
    # float32: the distances only get compared, and it halves the time of the 4 N x N distance passes
    real = torch.from_numpy(_as_features(real_features, "real_features")).float()
    fake = torch.from_numpy(_as_features(fake_features, "fake_features")).float()
    if real.shape[1] != fake.shape[1]:
        raise ValueError(f"feature dimensions differ: {real.shape[1]} vs {fake.shape[1]}")
    if not 1 <= k < min(len(real), len(fake)):
        raise ValueError(f"k must be in [1, {min(len(real), len(fake)) - 1}] for these set sizes, got {k}")
    real_radii = _kth_neighbour_radii(real, k, chunk)
    fake_radii = _kth_neighbour_radii(fake, k, chunk)
    precision = _inside_any_ball(fake, real, real_radii, chunk).double().mean().item()
    recall = _inside_any_ball(real, fake, fake_radii, chunk).double().mean().item()
    return precision, recall


# ---------------------------------------------------------------------------------------------------------
# Image similarity


def ssim(a: torch.Tensor, b: torch.Tensor, window_size: int = 11, sigma: float = 1.5) -> torch.Tensor:
    """Per-image SSIM (Wang et al. 2004) of two [-1, 1] batches (N, C, H, W), measured in [0, 1] pixel units
    like `psnr` (data range 1: C1 = 0.01², C2 = 0.03²), with an 11x11 Gaussian window of σ = 1.5 applied
    without padding ("valid", as the reference MATLAB code), averaged over the map and channels -> (N,).

    1 means identical; on 28x28 images the map is 18x18. torchmetrics computes the map; it reflects the borders
    to keep 28x28, and those border values are cut off here (with them, the fixture's 1,000 test images with
    σ = 0.2 noise would read 0.456 instead of 0.542)."""
    from torchmetrics.functional.image import structural_similarity_index_measure

    if a.shape != b.shape or a.ndim != 4:
        raise ValueError(
            f"a and b must be batches (N, C, H, W) of the same shape, got {tuple(a.shape)} and {tuple(b.shape)}"
        )
    if min(a.shape[-2:]) < window_size:
        raise ValueError(
            f"images must be at least {window_size}x{window_size} for the SSIM window, got {tuple(a.shape[-2:])}"
        )
    if window_size != int(3.5 * sigma + 0.5) * 2 + 1:  # torchmetrics sizes the Gaussian window from σ
        raise ValueError(f"window_size must be {int(3.5 * sigma + 0.5) * 2 + 1} for sigma {sigma}, got {window_size}")
    _, ssim_map = structural_similarity_index_measure(
        images.to_unit(a.detach().float().cpu()),
        images.to_unit(b.detach().float().cpu()),
        gaussian_kernel=True,
        sigma=sigma,
        kernel_size=window_size,
        data_range=1.0,
        return_full_image=True,
    )
    border = window_size // 2
    return ssim_map[..., border:-border, border:-border].flatten(1).mean(1)


# ---------------------------------------------------------------------------------------------------------
# Anomaly detection: scores where higher = more anomalous; "positive" = anomalous


def _scores(values, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64).reshape(-1)
    if len(array) == 0:
        raise ValueError(f"{name} is empty; at least one score is needed")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite scores")
    return array


def auroc(normal_scores, anomalous_scores) -> float:
    """Area under the ROC curve = P(an anomalous image scores higher than a normal one), ties counting ½
    (scikit-learn's `roc_auc_score`, anomalies as positives). 1 = perfect, 0.5 = chance, 0 = perfectly reversed."""
    from sklearn.metrics import roc_auc_score

    normal, anomalous = _scores(normal_scores, "normal_scores"), _scores(anomalous_scores, "anomalous_scores")
    is_anomalous = np.concatenate([np.zeros(len(normal)), np.ones(len(anomalous))])
    return float(roc_auc_score(is_anomalous, np.concatenate([normal, anomalous])))


def fpr_at_tpr(normal_scores, anomalous_scores, tpr: float = 0.95) -> float:
    """The share of normal images flagged (score >= threshold) at the highest threshold that still flags at
    least `tpr` of the anomalous ones ("FPR at 95% TPR", anomalies as positives). Lower is better."""
    if not 0 < tpr <= 1:
        raise ValueError(f"tpr must be in (0, 1], got {tpr!r}")
    normal, anomalous = _scores(normal_scores, "normal_scores"), _scores(anomalous_scores, "anomalous_scores")
    # keep the anomalies at sorted positions i..n-1: at least tpr·n of them, so i = floor((1 - tpr)·n)
    index = math.floor((1 - tpr) * len(anomalous) + 1e-9)
    threshold = np.sort(anomalous)[index]
    return float((normal >= threshold).mean())


def tpr_at_fpr(normal_scores, anomalous_scores, fpr: float = 0.05) -> float:
    """The share of anomalous images above the normal scores' (1 - fpr) quantile: the detection rate at the
    app's threshold (weights/anomaly.json flags `score > 95th percentile of the test set`, i.e. 5% FPR)."""
    if not 0 <= fpr < 1:
        raise ValueError(f"fpr must be in [0, 1), got {fpr!r}")
    normal, anomalous = _scores(normal_scores, "normal_scores"), _scores(anomalous_scores, "anomalous_scores")
    threshold = np.percentile(normal, 100 * (1 - fpr))
    return float((anomalous > threshold).mean())
