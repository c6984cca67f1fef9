"""Bad non-image arguments: for every numeric and choice input of API.md, values out of range, NaN, negative,
huge, wrong-typed, and unknown names, each with the argument its error message must name.

IMAGE stands where an endpoint takes an upload; the caller puts a good upload there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# The endpoints whose first input is an image (API.md)
IMAGE_ENDPOINTS = (
    "/reconstruct",
    "/denoise",
    "/interpolate",
    "/anomaly",
    "/forward_noise",
    "/transfer_predict",
    "/nearest_training",
)


@dataclass(frozen=True)
class BadArguments:
    """A request with an invalid non-image argument; the error must name the argument (`words`)."""

    name: str
    endpoint: str
    args: tuple  # with the placeholder IMAGE where the endpoint takes an image
    words: tuple[str, ...]

    @property
    def needs_raw_json(self) -> bool:
        """gradio_client refuses to send NaN (not JSON compliant); such a request goes through `rest_call`."""
        return any(isinstance(a, float) and math.isnan(a) for a in self.args)


LAB_DEFAULTS = (False, False, 0, 0.0, 0.0, False)  # /lab_gan's knobs after seed, at their defaults
IMAGE = "<image>"  # placeholder, replaced by a good upload when the request is made
NAN = float("nan")

# Each is cheap to reject and would be very expensive (or impossible) to run: a fast error proves no work was
# done. Values are sent as JSON, so NaN travels as the literal NaN that Python's json module writes.
BAD_ARGUMENTS = [
    BadArguments("reconstruct_unknown_model", "/reconstruct", (IMAGE, "resnet"), ("model",)),
    BadArguments("reconstruct_model_wrong_type", "/reconstruct", (IMAGE, 3), ("model",)),
    BadArguments("denoise_sigma_nan", "/denoise", (IMAGE, NAN, "dae", 0), ("noise_sigma",)),
    BadArguments("denoise_sigma_negative", "/denoise", (IMAGE, -0.5, "dae", 0), ("noise_sigma",)),
    BadArguments("denoise_sigma_huge", "/denoise", (IMAGE, 1e9, "dae", 0), ("noise_sigma",)),
    BadArguments("denoise_unknown_method", "/denoise", (IMAGE, 0.3, "bilateral", 0), ("method",)),
    BadArguments("denoise_seed_negative", "/denoise", (IMAGE, 0.3, "median", -1), ("seed",)),
    BadArguments("denoise_seed_too_big", "/denoise", (IMAGE, 0.3, "median", 2**31), ("seed",)),
    BadArguments("denoise_seed_fraction", "/denoise", (IMAGE, 0.3, "median", 1.5), ("seed",)),
    BadArguments("vae_sample_n_huge", "/vae_sample", (10**6, 0, 1.0), ("n",)),
    BadArguments("vae_sample_n_zero", "/vae_sample", (0, 0, 1.0), ("n",)),
    BadArguments("vae_sample_n_string", "/vae_sample", ("five", 0, 1.0), ("n",)),
    BadArguments("vae_sample_temperature_nan", "/vae_sample", (4, 0, NAN), ("temperature",)),
    BadArguments("vae_sample_temperature_negative", "/vae_sample", (4, 0, -1.0), ("temperature",)),
    BadArguments("ae_gmm_sample_n_huge", "/ae_gmm_sample", (10**6, 0, 1.0), ("n",)),
    BadArguments("ae_gmm_sample_temperature_nan", "/ae_gmm_sample", (4, 0, NAN), ("temperature",)),
    BadArguments("ae_normal_sample_seed_negative", "/ae_normal_sample", (4, -1, 1.0), ("seed",)),
    BadArguments("vae_traverse_dimension_huge", "/vae_traverse", (IMAGE, "beta_vae", 10**9, 7, 3.0), ("dimension",)),
    BadArguments("vae_traverse_unknown_model", "/vae_traverse", (IMAGE, "ae", 0, 7, 3.0), ("model",)),
    BadArguments("vae_traverse_steps_huge", "/vae_traverse", (IMAGE, "vae", 0, 10**9, 3.0), ("steps",)),
    BadArguments("vae_traverse_span_nan", "/vae_traverse", (IMAGE, "vae", 0, 7, NAN), ("span",)),
    BadArguments("gan_sample_n_huge", "/gan_sample", (10**6, 0, "dcgan", 1.0), ("n",)),
    BadArguments("gan_sample_unknown_variant", "/gan_sample", (4, 0, "stylegan", 1.0), ("variant",)),
    BadArguments("gan_sample_truncation_huge", "/gan_sample", (4, 0, "dcgan", 1e12), ("truncation",)),
    BadArguments("gan_sample_seed_list", "/gan_sample", (4, [1, 2], "dcgan", 1.0), ("seed",)),
    BadArguments(
        "diffusion_steps_huge", "/diffusion_sample", ("Trouser", 2.0, "DDIM", 10**9, 0.0, 2, 0, "leading"), ("steps",)
    ),
    BadArguments(
        "diffusion_n_huge", "/diffusion_sample", ("Trouser", 2.0, "DDIM", 10, 0.0, 10**6, 0, "leading"), ("n",)
    ),
    BadArguments(
        "diffusion_unknown_class",
        "/diffusion_sample",
        ("Spaceship", 2.0, "DDIM", 10, 0.0, 2, 0, "leading"),
        ("class_name",),
    ),
    BadArguments(
        "diffusion_class_none", "/diffusion_sample", (None, 2.0, "DDIM", 10, 0.0, 2, 0, "leading"), ("class_name",)
    ),
    BadArguments(
        "diffusion_guidance_nan",
        "/diffusion_sample",
        ("Trouser", NAN, "DDIM", 10, 0.0, 2, 0, "leading"),
        ("guidance_scale",),
    ),
    BadArguments(
        "diffusion_guidance_negative",
        "/diffusion_sample",
        ("Trouser", -3.0, "DDIM", 10, 0.0, 2, 0),
        ("guidance_scale",),
    ),
    BadArguments(
        "diffusion_unknown_sampler",
        "/diffusion_sample",
        ("Trouser", 2.0, "PNDM", 10, 0.0, 2, 0, "leading"),
        ("sampler",),
    ),
    BadArguments(
        "diffusion_eta_out_of_range", "/diffusion_sample", ("Trouser", 2.0, "DDIM", 10, 5.0, 2, 0, "leading"), ("eta",)
    ),
    BadArguments("interpolate_steps_huge", "/interpolate", (IMAGE, IMAGE, "ae", 10**9, "linear"), ("steps",)),
    BadArguments("interpolate_steps_one", "/interpolate", (IMAGE, IMAGE, "ae", 1, "linear"), ("steps",)),
    BadArguments("interpolate_unknown_mode", "/interpolate", (IMAGE, IMAGE, "ae", 8, "cubic"), ("mode",)),
    BadArguments("interpolate_unknown_model", "/interpolate", (IMAGE, IMAGE, "pca", 8, "linear"), ("model",)),
    BadArguments("anomaly_unknown_method", "/anomaly", (IMAGE, "isolation-forest"), ("method",)),
    BadArguments("forward_noise_t_negative", "/forward_noise", (IMAGE, -1), ("t",)),
    BadArguments("forward_noise_t_huge", "/forward_noise", (IMAGE, 10**9), ("t",)),
    BadArguments("forward_noise_t_nan", "/forward_noise", (IMAGE, NAN), ("t",)),
    BadArguments("forward_noise_t_string", "/forward_noise", (IMAGE, "500"), ("t",)),
    BadArguments("training_curves_unknown_model", "/training_curves", ("gpt",), ("model",)),
    BadArguments("training_samples_epoch_nan", "/training_samples", ("vae", NAN), ("epoch",)),
    BadArguments("training_samples_epoch_huge", "/training_samples", ("vae", 10**9), ("epoch",)),
    BadArguments("training_samples_epoch_text", "/training_samples", ("vae", "last"), ("epoch",)),
    BadArguments("overfit_samples_epoch_negative", "/overfit_samples", (-5,), ("epoch",)),
    # a single image (not a sheet) has one sample: index 0 only
    BadArguments("nearest_training_index_past_the_end", "/nearest_training", (IMAGE, 1), ("index",)),
    BadArguments("nearest_training_index_negative", "/nearest_training", (IMAGE, -1), ("index",)),
    BadArguments("nearest_training_index_nan", "/nearest_training", (IMAGE, NAN), ("index",)),
    BadArguments("nearest_training_index_text", "/nearest_training", (IMAGE, "first"), ("index",)),
    BadArguments("nearest_training_index_fraction", "/nearest_training", (IMAGE, 0.5), ("index",)),
    # the Lab trains on request: steps beyond the cap would run for a minute each (the 60 s limit), so a fast error
    # proves nothing ran
    BadArguments("lab_gan_steps_huge", "/lab_gan", ("ring", "wgan-gp", 10**9, 0, *LAB_DEFAULTS), ("steps",)),
    BadArguments("lab_gan_unknown_loss", "/lab_gan", ("ring", "lsgan", 100, 0, *LAB_DEFAULTS), ("loss",)),
    BadArguments("lab_gan_unknown_dataset", "/lab_gan", ("spiral", "hinge", 100, 0, *LAB_DEFAULTS), ("dataset",)),
    BadArguments("lab_gan_seed_negative", "/lab_gan", ("ring", "hinge", 100, -1, *LAB_DEFAULTS), ("seed",)),
    BadArguments(
        "lab_gan_d_steps_huge",
        "/lab_gan",
        ("ring", "hinge", 100, 0, False, False, 10**6, 0.0, 0.0, False),
        ("d_steps",),
    ),
    BadArguments("lab_gan_lr_nan", "/lab_gan", ("ring", "hinge", 100, 0, False, False, 0, NAN, 0.0, False), ("lr_d",)),
    BadArguments(
        "lab_gan_flag_text", "/lab_gan", ("ring", "hinge", 100, 0, "yes", False, 0, 0.0, 0.0, False), ("spectral_norm",)
    ),
]
