"""The zoo's diffusion tasks: class-conditional sampling (streamed step by step to the UI) and the forward process."""

from __future__ import annotations

import time

import torch

from ..checks import (
    ANY_CLASS,
    check_callback,
    check_choice,
    check_class_name,
    check_float,
    check_images,
    check_int,
    check_seed,
    cpu_generator,
)
from ..data import NUM_CLASSES, class_index
from ..diffusion.limits import MAX_ETA, MAX_GUIDANCE, MAX_INFERENCE_STEPS
from .limits import MAX_SAMPLES, SAMPLERS
from .task import task

FORWARD_NOISE_SEED = 0  # forward_noise draws the same noise for every t, so a slider shows one image dissolving


class DiffusionTasks:
    """diffusion_sample, forward_noise; a mixin of genmodels.zoo.Zoo (self.model, self.pipe come from LoadedModels)."""

    @task(long=True)
    def diffusion_sample(
        self,
        class_name: str,
        guidance_scale: float,
        sampler: str,
        steps: int,
        eta: float,
        n: int,
        seed: int,
        callback=None,
        return_trajectory: bool = False,
    ) -> dict:
        """-> images (n,1,28,28), trajectory (one (x_t, x0_pred) pair of (n,1,28,28) per step, or None), seconds.
        class_name "any": each image of a class drawn at random (from the seed), unguided.
        callback(step_index, num_steps, x_t, x0_pred) runs after every step (x_t / x0_pred are CPU tensors)."""
        class_name = check_class_name(class_name)
        guidance_scale = check_float(guidance_scale, "guidance_scale", 0.0, MAX_GUIDANCE)
        sampler = check_choice(sampler, "sampler", SAMPLERS)
        steps = check_int(steps, "steps", 1, MAX_INFERENCE_STEPS)
        eta = check_float(eta, "eta", 0.0, MAX_ETA)
        n = check_int(n, "n", 1, MAX_SAMPLES)
        seed = check_seed(seed)
        check_callback(callback)
        self.model("diffusion")
        generator = cpu_generator(seed)
        if class_name == ANY_CLASS:
            # a sample of p(x) = sum_y p(y) p(x | y): each image's class drawn from the uniform class prior (the
            # training set is balanced), then the conditional model alone (w = 1, no guidance). The "no class" token
            # replaced the label in only 10% of training (p_uncond), and sampling through it is the weaker route to
            # p(x): DDIM-50 (eta = 1) FD 16.8 through the token, 5.7 this way, on the same 1,000 seeds
            # (weights/diffusion/README.md). The labels come first from the request's generator, then the noise.
            labels = torch.randint(0, NUM_CLASSES, (n,), generator=generator).tolist()
            guidance_scale = 1.0  # API.md: "any" ignores the guidance scale
        else:
            labels = [class_index(class_name)] * n

        def on_step_end(pipe, step_index, timestep, tensors):
            if callback is not None:
                callback(step_index, steps, tensors["latents"].cpu(), tensors["pred_original_sample"].cpu())
            self.between_steps()  # a server's short requests run here instead of waiting for the whole run
            return tensors

        start = time.perf_counter()
        output = self.pipe(
            class_labels=labels,
            num_images=n,
            guidance_scale=guidance_scale,
            num_inference_steps=steps,
            sampler=sampler,
            eta=eta,
            generator=generator,
            output_type="pt",
            return_trajectory=bool(return_trajectory),
            callback_on_step_end=on_step_end,
        )
        return {"images": output.images, "trajectory": output.trajectory, "seconds": time.perf_counter() - start}

    @task
    def forward_noise(self, image, t: int) -> dict:
        """x_t ~ q(x_t | x_0) with the pipeline's schedule and a fixed noise seed -> x_t (N,1,28,28; not clipped,
        it leaves [-1, 1] as t grows), snr = ᾱ/(1-ᾱ), alpha_bar = ᾱ_t. t in [0, 999]."""
        x = check_images(image, max_images=MAX_SAMPLES)
        self.model("diffusion")
        t = check_int(t, "t", 0, self.pipe.num_train_timesteps - 1)
        alpha_bar = self.pipe.scheduler.alphas_cumprod[t].item()
        x_t, _ = self.pipe.forward_process(self._to_device(x), t, cpu_generator(FORWARD_NOISE_SEED))
        return {"x_t": x_t, "snr": alpha_bar / max(1 - alpha_bar, 1e-20), "alpha_bar": alpha_bar}
