"""The zoo's anomaly tasks: raw scores (genmodels.scores) and the verdict against weights/anomaly.json, the
threshold `python -m genmodels.build.calibrate` writes."""

from __future__ import annotations

import json

import torch

from ..checks import check_choice, check_images, check_one_image
from ..scores import complexity_corrected_bits, denoising_error, negative_elbo, reconstruction_error
from .limits import ANOMALY_METHODS
from .task import task

ANOMALY_FILE = "anomaly.json"


class AnomalyTasks:
    """anomaly_scores, anomaly_calibration, anomaly, anomaly_histogram; a mixin of genmodels.zoo.Zoo
    (self.model, self.pipe, self.weights_dir come from LoadedModels)."""

    @task
    def anomaly_scores(self, images_, method: str) -> torch.Tensor:
        """The raw anomaly score of every image (N,), higher = more anomalous (what calibrate.py collects)."""
        x = check_images(images_, "images")
        method = check_choice(method, "method", ANOMALY_METHODS)
        x = self._to_device(x)
        if method == "ae":
            return reconstruction_error(self.model("ae"), x)
        if method == "vae":
            return negative_elbo(self.model("vae"), x)
        if method == "vae_complexity":
            return complexity_corrected_bits(self.model("vae"), x)
        unet, scheduler = self.model("diffusion"), self.pipe.scheduler
        return denoising_error(unet, scheduler.alphas_cumprod, x, prediction_type=scheduler.config.prediction_type)

    def anomaly_calibration(self, method: str) -> dict:
        """weights/anomaly.json's entry for `method` (read on every call, so a new calibration is picked up)."""
        method = check_choice(method, "method", ANOMALY_METHODS)
        path = self.weights_dir / ANOMALY_FILE
        command = f"python -m genmodels.build.calibrate --weights {self.weights_dir}"
        if not path.is_file():
            raise ValueError(f"no anomaly calibration at {path}: run `{command}`")
        calibration = json.loads(path.read_text())
        if method not in calibration.get("methods", {}):
            raise ValueError(f"{path} has no threshold for method {method!r}: run `{command}`")
        return calibration["methods"][method]

    def anomaly(self, image, method: str) -> dict:
        """-> score, threshold (the test set's 95th percentile), verdict "normal"/"anomalous", fpr (the share of
        test images above the threshold)."""
        x = check_one_image(image)
        calibration = self.anomaly_calibration(method)
        score = self.anomaly_scores(x, method)[0].item()
        threshold = float(calibration["threshold"])
        verdict = "anomalous" if score > threshold else "normal"
        return {"score": score, "threshold": threshold, "verdict": verdict, "fpr": float(calibration["fpr"])}

    def anomaly_histogram(self, method: str) -> dict:
        """The test set's score histogram for the UI plot -> bin_edges, counts, threshold, fpr, n_images."""
        calibration = self.anomaly_calibration(method)
        return {key: calibration[key] for key in ("bin_edges", "counts", "threshold", "fpr", "n_images")}
