"""The thin inference layer: every shipped model loaded once, one method per task of the app.

    from genmodels.zoo import Zoo
    zoo = Zoo("weights")                      # loads what is there; zoo.available / zoo.missing say what
    out = zoo.reconstruct(image, "ae")        # image: (1, 1, 28, 28) tensor in [-1, 1] (see genmodels.uploads)

Rules every task follows (the app and its API rely on them):
- inputs are model tensors (N, 1, 28, 28) in [-1, 1] and plain Python numbers / strings; outputs are CPU
  tensors (never PIL: the UI converts with genmodels.images);
- every argument is validated first (genmodels.checks, against the limits in zoo/limits.py); a bad one raises
  ValueError naming the value and the accepted range, a missing model raises ModelUnavailable (also a ValueError);
- every stochastic call builds its own torch.Generator from `seed`, on the CPU, so concurrent requests share
  no RNG state and a seed gives the same pixels on CPU and GPU;
- models are read-only after loading (eval mode, no gradients), so one Zoo serves many threads at once.
The only state written after construction is filled once, under a lock: the latent map, the AE's Gaussian
mixture, the GAN discriminators (which only the evaluation needs, so they load on first use) and the training-set
index of the nearest-neighbour search.

Where each part lives:
    loading.py         MODEL_FOLDERS (from genmodels.registry), ModelUnavailable, LoadedModels (the models, the
                       discriminators)
    task.py            the @task decorator: inference mode in, plain CPU tensors out
    model_thread.py    ModelThread: a CPU server runs every task on one thread (Zoo(..., model_thread=True))
    limits.py          the names and ranges each task accepts (the UI's sliders read them)
    reconstruction.py  reconstruct, denoise, psnr
    generation.py      vae_sample, ae_sample (AE + GMM, AE + N(0, I)), vae_traverse, interpolate, gan_sample,
                       gan_walk, latent_map, decode_latent, class_histogram
    diffusion.py       diffusion_sample, forward_noise
    anomaly.py         anomaly_scores, anomaly, anomaly_histogram, anomaly_calibration
    transfer.py        transfer_predict (the transfer-learning classifiers)
    memorisation.py    nearest_training_images (the training images nearest to a sample, weights/nearest/)
"""

from __future__ import annotations

# The checks and limits the UI validates with, so that it needs no module but the zoo for them
from ..checks import (
    ANY_CLASS,
    MAX_SEED,
    check_callback,
    check_choice,
    check_class_name,
    check_float,
    check_images,
    check_int,
    check_one_image,
    check_seed,
    cpu_generator,
)
from ..data import CLASS_NAMES, NUM_CLASSES
from ..diffusion.limits import DDIM_ETA, MAX_ETA, MAX_GUIDANCE, MAX_INFERENCE_STEPS
from ..models.vae import LATENT_MAP_SIZE
from .anomaly import ANOMALY_FILE, AnomalyTasks
from .diffusion import FORWARD_NOISE_SEED, MAX_RACE_NFE, DiffusionTasks
from .generation import GenerationTasks
from .limits import (
    AE_PRIORS,
    ANOMALY_METHODS,
    DENOISE_METHODS,
    INTERPOLATION_MODES,
    INTERPOLATION_STEPS,
    LATENT_LIMIT,
    MAX_NOISE_SIGMA,
    MAX_SAMPLES,
    MAX_TEMPERATURE,
    MAX_TRUNCATION,
    SAMPLERS,
    SPACINGS,
    TRAVERSE_STEPS,
    WALK_STEPS,
    reconstruction_models,
    vae_models,
)
from .loading import MODEL_FOLDERS, LoadedModels, ModelUnavailable, gan_variants
from .memorisation import MAX_NEIGHBOURS, NEIGHBOUR_SPACES, MemorisationTasks
from .reconstruction import DENOISE_DIFFUSION_STEPS, DENOISE_GUIDANCE_SCALE, ReconstructionTasks
from .task import task, to_plain
from .transfer import TRANSFER_WAYS, TransferTasks


class Zoo(
    ReconstructionTasks, GenerationTasks, DiffusionTasks, AnomalyTasks, TransferTasks, MemorisationTasks, LoadedModels
):
    """Every model in `weights_dir`, loaded once; one method per task. See the module docstring for the rules."""


__all__ = [
    "Zoo",
    "ModelUnavailable",
    "LoadedModels",
    "MODEL_FOLDERS",
    "gan_variants",
    "task",
    "to_plain",
    "reconstruction_models",
    "vae_models",
    "AE_PRIORS",
    "TRAVERSE_STEPS",
    "DENOISE_METHODS",
    "INTERPOLATION_MODES",
    "ANOMALY_METHODS",
    "SAMPLERS",
    "SPACINGS",
    "MAX_RACE_NFE",
    "MAX_SAMPLES",
    "MAX_TEMPERATURE",
    "MAX_TRUNCATION",
    "MAX_NOISE_SIGMA",
    "INTERPOLATION_STEPS",
    "WALK_STEPS",
    "LATENT_LIMIT",
    "DENOISE_DIFFUSION_STEPS",
    "DENOISE_GUIDANCE_SCALE",
    "ANOMALY_FILE",
    "FORWARD_NOISE_SEED",
    "LATENT_MAP_SIZE",
    "ANY_CLASS",
    "MAX_SEED",
    "CLASS_NAMES",
    "NUM_CLASSES",
    "DDIM_ETA",
    "MAX_ETA",
    "MAX_GUIDANCE",
    "MAX_INFERENCE_STEPS",
    "TRANSFER_WAYS",
    "MAX_NEIGHBOURS",
    "NEIGHBOUR_SPACES",
    "check_callback",
    "check_choice",
    "check_class_name",
    "check_float",
    "check_images",
    "check_int",
    "check_one_image",
    "check_seed",
    "cpu_generator",
]
