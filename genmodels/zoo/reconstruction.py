"""The zoo's reconstruction tasks: an image through an autoencoder or VAE and back, denoising, and PSNR."""

from __future__ import annotations

import torch

from .. import images, metrics, registry
from ..checks import (
    ANY_CLASS,
    check_choice,
    check_class_name,
    check_float,
    check_images,
    check_one_image,
    check_seed,
    cpu_generator,
)
from ..corruptions import add_pixel_noise
from ..data import class_index
from ..filters import estimate_noise_sigma, median3x3
from ..models import VAE
from .limits import DENOISE_METHODS, MAX_NOISE_SIGMA, MAX_SAMPLES, reconstruction_models
from .task import task

# SDEdit settings for denoise(method="diffusion"): about this many DDIM steps from the noise level down to 0
DENOISE_DIFFUSION_STEPS = 25
DENOISE_GUIDANCE_SCALE = 3.0


def latent_code(model, x: torch.Tensor) -> torch.Tensor:
    """The deterministic code: the AE's latent, the VAE's posterior mean μ."""
    return model.encode(x)[0] if isinstance(model, VAE) else model.encode(x)


class ReconstructionTasks:
    """reconstruct, denoise, psnr; a mixin of genmodels.zoo.Zoo (self.model, self.pipe come from LoadedModels)."""

    @task
    def reconstruct(self, image, model: str) -> dict:
        """-> reconstruction (1,1,28,28), error_map (1,1,28,28) |error| in [0,1] units, mse, psnr (dB), latent (D,)."""
        x = check_one_image(image)
        net = self.model(check_choice(model, "model", reconstruction_models()))
        z = latent_code(net, self._to_device(x))
        recon = net.decode(z).clamp(-1, 1).cpu()
        error_map = (images.to_unit(recon) - images.to_unit(x)).abs()
        return {
            "reconstruction": recon,
            "error_map": error_map,
            "mse": error_map.pow(2).mean().item(),
            "psnr": metrics.psnr(recon, x).item(),
            "latent": z[0].cpu(),
        }

    @task
    def denoise(self, image, noise_sigma: float, method: str, seed: int, class_name: str = ANY_CLASS) -> dict:
        """Add Gaussian noise of std `noise_sigma` ([0,1] pixel units, clipped; 0 = the image is already noisy),
        then denoise with a denoising AE, the VAE, diffusion (SDEdit; `class_name` guides it), a 3x3 median, or the
        blind denoiser (any noise, specks, compression or blur, no σ needed).
        -> noisy, denoised: (N,1,28,28) each (N <= 64); with "diffusion" also sigma (N,) (the σ used: given, or
        estimated from the image when noise_sigma is 0) and t_start (N,) (SDEdit's start timestep)."""
        x = check_images(image, max_images=MAX_SAMPLES)
        sigma = check_float(noise_sigma, "noise_sigma", 0.0, MAX_NOISE_SIGMA)
        method = check_choice(method, "method", DENOISE_METHODS)
        generator = cpu_generator(check_seed(seed))
        class_name = check_class_name(class_name)
        noisy = add_pixel_noise(x, sigma, generator) if sigma > 0 else x
        if method == "median":
            return {"noisy": noisy, "denoised": median3x3(noisy).clamp(-1, 1)}
        if method == "blind":  # residual: it estimates what was added, so a clean upload comes back nearly as is
            model = self.model(registry.resolve(method).name)
            return {"noisy": noisy, "denoised": model(self._to_device(noisy)).clamp(-1, 1)}
        if method in ("dae", "vae"):
            return {"noisy": noisy, "denoised": self.model(method).reconstruct(self._to_device(noisy)).clamp(-1, 1)}
        self.model("diffusion")
        labels = None if class_name == ANY_CLASS else [class_index(class_name)] * len(noisy)
        result = self.pipe.sdedit(
            self._to_device(noisy),
            sigma=sigma if sigma > 0 else estimate_noise_sigma(noisy),  # 0: the upload's own noise, estimated
            class_labels=labels,
            guidance_scale=DENOISE_GUIDANCE_SCALE if labels is not None else 1.0,
            num_inference_steps=DENOISE_DIFFUSION_STEPS,
            generator=generator,
        )
        return {
            "noisy": noisy,
            "denoised": result.images.clamp(-1, 1),
            "sigma": result.sigma,  # (N,) the σ used: the given one, or the estimate
            "t_start": result.timesteps,  # (N,) the timestep SDEdit started from (-1: σ = 0, unchanged)
        }

    @staticmethod
    def psnr(image, reference) -> float:
        """PSNR in dB of one image against a reference, both (1,1,28,28) in [-1, 1], in [0, 1] pixel units."""
        return metrics.psnr(check_one_image(image), check_one_image(reference, "reference")).item()
