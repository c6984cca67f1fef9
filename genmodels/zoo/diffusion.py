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
from ..diffusion.limits import DEFAULT_SPACING, MAX_ETA, MAX_GUIDANCE, MAX_INFERENCE_STEPS, SPACINGS
from .limits import MAX_SAMPLES, SAMPLERS
from .task import task

MAX_RACE_NFE = 100  # the race runs every sampler once: nine runs of this many network calls at most
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
        spacing: str = DEFAULT_SPACING,
        callback=None,
        return_trajectory: bool = False,
    ) -> dict:
        """-> images (n,1,28,28), trajectory (one (x_t, x0_pred) pair of (n,1,28,28) per step, or None), seconds,
        calls (network evaluations per image: Heun makes two a step). class_name "any": each image of a class drawn
        at random (from the seed), unguided. spacing: "leading" or "trailing" timesteps. callback(step_index,
        num_steps, x_t, x0_pred) runs after every network call (x_t / x0_pred are CPU tensors)."""
        class_name = check_class_name(class_name)
        guidance_scale = check_float(guidance_scale, "guidance_scale", 0.0, MAX_GUIDANCE)
        sampler = check_choice(sampler, "sampler", SAMPLERS)
        steps = check_int(steps, "steps", 1, MAX_INFERENCE_STEPS)
        eta = check_float(eta, "eta", 0.0, MAX_ETA)
        n = check_int(n, "n", 1, MAX_SAMPLES)
        seed = check_seed(seed)
        spacing = check_choice(spacing, "spacing", SPACINGS)
        check_callback(callback)
        self.model("diffusion")
        calls = len(self.pipe.sampling_timesteps(sampler, steps, spacing))
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
                callback(step_index, calls, tensors["latents"].cpu(), tensors["pred_original_sample"].cpu())
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
            timestep_spacing=spacing,
        )
        seconds = time.perf_counter() - start
        return {"images": output.images, "trajectory": output.trajectory, "seconds": seconds, "calls": calls}

    @task(long=True)
    def sampler_race(
        self, class_name: str, guidance_scale: float, nfe: int, eta: float, n: int, seed: int, spacing: str
    ) -> list[dict]:
        """One seed through every sampler, each with the most steps whose network calls per image fit in `nfe`
        -> per sampler: sampler, steps, calls, images (n,1,28,28), seconds. The other arguments as diffusion_sample."""
        nfe = check_int(nfe, "nfe", 1, MAX_RACE_NFE)
        spacing = check_choice(spacing, "spacing", SPACINGS)
        self.model("diffusion")
        results = []
        for sampler in SAMPLERS:
            steps = next(k for k in range(nfe, 0, -1) if len(self.pipe.sampling_timesteps(sampler, k, spacing)) <= nfe)
            out = self.diffusion_sample(class_name, guidance_scale, sampler, steps, eta, n, seed, spacing)
            results.append({"sampler": sampler, "steps": steps, **out})
        return results

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
