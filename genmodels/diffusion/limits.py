"""What a diffusion request may ask for, and the sampler's defaults, without importing diffusers.

The zoo's checks and the UI's sliders read these; diffusers itself (and torch._dynamo, which it imports, ~4 s
together on a 2-core CPU) is imported only where the pipeline is loaded, so the app answers its other tabs before
the diffusion model is ready (genmodels.zoo.loading).
"""

from __future__ import annotations

# the pipeline runs diffusers' stock scheduler of each name (pipeline.SCHEDULERS); only DDIM has an η
SAMPLERS = ("DDPM", "DDIM", "DPM++ 2M", "DPM++ 2M Karras", "DPM++ 2M SDE", "UniPC", "DEIS", "Euler", "Heun")
# where the inference timesteps sit on the 1000 trained ones: "leading" (diffusers' default, the trained config's,
# the app's until the sampler race) starts at 1000 - 1000/steps; "trailing" starts at t = 999, the pure-noise end
SPACINGS = ("leading", "trailing")  # DPM++ 2M Karras ignores it: Karras' rule places its σ (docs/samplers.md)
DEFAULT_SPACING = "leading"
MAX_GUIDANCE = 10.0
MAX_ETA = 1.0  # DDIM's η: 0 is the deterministic ODE, 1 draws DDPM's posterior noise
ETA_SAMPLERS = ("DDIM",)  # the samplers with an η; the others ignore it
MAX_INFERENCE_STEPS = 1000
MAX_PIPELINE_IMAGES = 256  # images per call: one batch must fit in memory on a CPU

# Guidance above 1 is applied only at timesteps in this interval; outside it the conditional prediction is used
# alone (w = 1), as in Kynkäänniemi et al. 2024, "Applying guidance in a limited interval improves sample and
# distribution quality". Guided at the noisiest steps, where the coarse layout is decided, the extrapolated
# prediction drives it into saturated, cluttered shapes that the classifier no longer recognises. Of the upper
# limits probed, 400 gave the best worst class (the model card has the figures).
GUIDANCE_INTERVAL = (0, 400)

# DDIM's default η is 1: each step re-draws the part of x_t that DDPM's posterior would, so an error the network
# made earlier is partly replaced by fresh noise instead of being carried, deterministically, to the end (η = 0,
# the ODE). It raised guided class accuracy and lowered the unguided feature distance at every step count
# measured (the model card has the figures). η = 0 stays one slider move away, as the deterministic sampler;
# SDEdit keeps η = 0 (a denoiser should not add noise of its own).
DDIM_ETA = 1.0
