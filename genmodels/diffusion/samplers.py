"""Which stock diffusers scheduler each sampler name runs, and how it is made from the trained config.

No update rule is written here: each sampler is a diffusers scheduler swapped in with `from_config`, with at most
a config change of diffusers' own (Karras σ, the SDE variant). docs/samplers.md compares them.
"""

from __future__ import annotations

from diffusers import (
    DDIMScheduler,
    DDPMScheduler,
    DEISMultistepScheduler,
    DPMSolverMultistepScheduler,
    EulerDiscreteScheduler,
    HeunDiscreteScheduler,
    UniPCMultistepScheduler,
)

from .limits import DEFAULT_SPACING, SAMPLERS

SCHEDULERS = {  # sampler name -> the stock scheduler it runs and what it changes in the trained config
    "DDPM": (DDPMScheduler, {}),
    "DDIM": (DDIMScheduler, {}),
    "DPM++ 2M": (DPMSolverMultistepScheduler, {}),  # diffusers' defaults: dpmsolver++, second order
    "DPM++ 2M Karras": (DPMSolverMultistepScheduler, {"use_karras_sigmas": True}),
    "DPM++ 2M SDE": (DPMSolverMultistepScheduler, {"algorithm_type": "sde-dpmsolver++"}),
    "UniPC": (UniPCMultistepScheduler, {}),
    "DEIS": (DEISMultistepScheduler, {}),
    "Euler": (EulerDiscreteScheduler, {}),
    "Heun": (HeunDiscreteScheduler, {}),  # two network calls a step: its timesteps list each but the first twice
}
assert tuple(SCHEDULERS) == SAMPLERS
STOCHASTIC = ("DDPM", "DDIM", "DPM++ 2M SDE")  # their step draws noise, from the request's generator


def make_scheduler(sampler: str, config, num_inference_steps: int, device=None, timestep_spacing: str | None = None):
    """The stock scheduler of `sampler` on the trained `config`, its timesteps set (`timestep_spacing`: one of
    SPACINGS, None = the config's, passed on explicitly: diffusers gives another class its own default for a value
    the config left at the default). Its step counter starts at the first timestep: DPM++ 2M Karras on the cosine
    schedule repeats t = 998, and diffusers then starts the counter at 1 and overruns its σ (docs/samplers.md)."""
    scheduler_class, overrides = SCHEDULERS[sampler]
    spacing = timestep_spacing or config.get("timestep_spacing", DEFAULT_SPACING)
    scheduler = scheduler_class.from_config(config, **overrides, timestep_spacing=spacing)
    scheduler.set_timesteps(num_inference_steps, device=device)
    if hasattr(scheduler, "set_begin_index"):  # DDPM and DDIM count by timestep value, not by a counter
        scheduler.set_begin_index(0)
    return scheduler
