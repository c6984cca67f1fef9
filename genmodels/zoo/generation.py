"""The zoo's VAE, AE and GAN tasks: sampling (the plain AE too: from the Gaussian mixture fitted on its codes, or
from N(0, I)), interpolation and walks between codes, one latent dimension swept (a VAE's active and collapsed
dimensions), vae2d's latent plane, and the classifier's class counts that show a generator's mode collapse."""

from __future__ import annotations

import torch
from safetensors.torch import load_file

from ..checks import check_choice, check_float, check_images, check_int, check_one_image, check_seed, cpu_generator
from ..data import NUM_CLASSES
from ..gmm import GMM_FILE, load_gaussian_mixture, sample_gaussian_mixture
from ..latents import lerp, slerp
from ..models import Generator
from ..models.vae import LATENT_MAP_FILE
from .limits import (
    AE_PRIORS,
    INTERPOLATION_MODES,
    INTERPOLATION_STEPS,
    LATENT_LIMIT,
    MAX_SAMPLES,
    MAX_TEMPERATURE,
    MAX_TRUNCATION,
    TRAVERSE_STEPS,
    WALK_STEPS,
    reconstruction_models,
    vae_models,
)
from .loading import MODEL_FOLDERS, ModelUnavailable, gan_variants
from .reconstruction import latent_code
from .task import task


class GenerationTasks:
    """vae_sample, ae_sample, vae_traverse, interpolate, gan_sample, gan_walk, latent_map, decode_latent,
    class_histogram; a mixin of genmodels.zoo.Zoo (self.model and the caches come from LoadedModels)."""

    @task
    def vae_sample(self, n: int, seed: int, temperature: float, model: str = "vae") -> torch.Tensor:
        """n images decoded from prior codes -> (n,1,28,28): u ~ N(0, temperature² I), or a learned prior's codes
        (models/two_stage.py) with temperature scaling their spread."""
        n = check_int(n, "n", 1, MAX_SAMPLES)
        seed = check_seed(seed)
        temperature = check_float(temperature, "temperature", 0.0, MAX_TEMPERATURE)
        vae = self.model(check_choice(model, "model", vae_models()))
        return vae.decode(vae.sample_prior(n, cpu_generator(seed), temperature)).clamp(-1, 1)

    @task
    def vae_decoder_draw(self, n: int, seed: int, model: str = "vae") -> tuple[torch.Tensor, torch.Tensor]:
        """For n prior samples (seed): the decoder's mean image, and one draw from the decoder's distribution
        p(x|z) itself -> two (n,1,28,28). Under a factorised likelihood the draw is the mean plus pixel noise:
        the detail a sharp image has is in neither."""
        n = check_int(n, "n", 1, MAX_SAMPLES)
        seed = check_seed(seed)
        vae = self.model(check_choice(model, "model", vae_models()))
        logits = vae.decode_logits(vae.sample_prior(n, cpu_generator(seed)))
        return torch.tanh(logits / 2).clamp(-1, 1), vae.pixel_sample(logits, generator=cpu_generator(seed + 1))

    def latent_dim(self, model: str) -> int:
        """How many latent dimensions a loaded model of reconstruction_models() has (what vae_traverse accepts)."""
        return int(self.model(check_choice(model, "model", reconstruction_models())).latent_dim)

    def _shipped_file(self, model: str, file_name: str, what: str, how_to_make: str):
        """weights/<model's folder>/<file_name>, a file shipped beside a model; ModelUnavailable naming it if
        missing."""
        path = self.weights_dir / MODEL_FOLDERS[model][0] / file_name
        if not path.is_file():
            raise ModelUnavailable(f"{what} is not available: {path} is missing ({how_to_make})")
        return path

    def ae_mixture(self) -> dict:
        """The Gaussian mixture fitted on the shipped AE's train codes (weights/ae/gmm.safetensors, written by
        `python -m genmodels.build.ae_gmm`) -> weights, means, covariances (numpy) and `about` (how it was
        fitted). Read once, then cached: no dataset at run time."""
        latent_dim = self.model("ae").latent_dim  # the mixture is only offered beside the AE it was fitted on
        with self._lock:
            if self._ae_gmm is None:
                path = self._shipped_file(
                    "ae", GMM_FILE, "the AE's Gaussian mixture", "python -m genmodels.build.ae_gmm fits and writes it"
                )
                mixture = load_gaussian_mixture(path)
                if mixture["means"].shape[1] != latent_dim:
                    raise ModelUnavailable(
                        f"{path} was fitted on {mixture['means'].shape[1]}-d codes, the AE has {latent_dim}: "
                        "refit it with python -m genmodels.build.ae_gmm"
                    )
                self._ae_gmm = mixture
        return dict(self._ae_gmm)

    @task
    def ae_sample(self, n: int, seed: int, temperature: float = 1.0, prior: str = "gmm") -> torch.Tensor:
        """The plain AE as a generator: n codes through its decoder -> (n,1,28,28). prior "gmm": codes from the
        mixture fitted on its train codes (each component's spread scaled by temperature; at 1 the evaluation's
        "ae_gmm" sampler); "normal": z ~ N(0, temperature² I) as a VAE samples, which the AE was never trained to
        decode (its codes fill a small, irregular region of the space): the evaluation's "ae_normal"."""
        n = check_int(n, "n", 1, MAX_SAMPLES)
        seed = check_seed(seed)
        temperature = check_float(temperature, "temperature", 0.0, MAX_TEMPERATURE)
        prior = check_choice(prior, "prior", AE_PRIORS)
        ae = self.model("ae")
        if prior == "gmm":
            z = torch.from_numpy(sample_gaussian_mixture(self.ae_mixture(), n, seed, temperature)).float()
        else:
            z = torch.randn(n, ae.latent_dim, generator=cpu_generator(seed)) * temperature
        return ae.decode(self._to_device(z)).clamp(-1, 1)

    @task
    def vae_traverse(self, image, model: str, dimension: int, steps: int, span: float) -> torch.Tensor:
        """Decode an image's posterior mean μ with latent `dimension` swept from -span to +span in `steps` values,
        every other dimension fixed -> (steps,1,28,28). A dimension whose KL collapsed onto the prior leaves the
        picture unchanged (the decoder ignores it); an active one changes it. model one of vae_models(),
        dimension in [0, latent_dim - 1], steps in [2, 16], span in [0, 10]."""
        x = check_one_image(image)
        vae = self.model(check_choice(model, "model", vae_models()))
        dimension = check_int(dimension, "dimension", 0, vae.latent_dim - 1)
        steps = check_int(steps, "steps", *TRAVERSE_STEPS)
        span = check_float(span, "span", 0.0, LATENT_LIMIT)
        z = vae.encode(self._to_device(x))[0].repeat(steps, 1)
        z[:, dimension] = torch.linspace(-span, span, steps, device=z.device)
        return vae.decode(z).clamp(-1, 1)

    @task
    def interpolate(self, image_a, image_b, model: str, steps: int, mode: str) -> torch.Tensor:
        """Decode `steps` points between the two images' codes (μ for a VAE) -> (steps,1,28,28).
        model: "ae" or "vae" (any of reconstruction_models() works); mode "linear" | "slerp"."""
        a, b = check_one_image(image_a, "image_a"), check_one_image(image_b, "image_b")
        model = check_choice(model, "model", reconstruction_models())
        steps = check_int(steps, "steps", *INTERPOLATION_STEPS)
        mode = check_choice(mode, "mode", INTERPOLATION_MODES)
        net = self.model(model)
        za, zb = latent_code(net, self._to_device(torch.cat([a, b]))).cpu()
        z = (slerp if mode == "slerp" else lerp)(za, zb, torch.linspace(0, 1, steps))
        z[0], z[-1] = za, zb  # exact endpoints: the first and last frames are the two reconstructions
        return net.decode(self._to_device(z)).clamp(-1, 1)

    def _generator(self, variant) -> Generator:
        variants = gan_variants()
        return self.model(variants[check_choice(variant, "variant", tuple(variants))])

    @task
    def gan_sample(self, n: int, seed: int, variant: str, truncation: float = 1.0) -> torch.Tensor:
        """n generator samples from z ~ N(0, I)·truncation -> (n,1,28,28). variant "dcgan" | "wgan-gp"."""
        n = check_int(n, "n", 1, MAX_SAMPLES)
        seed = check_seed(seed)
        truncation = check_float(truncation, "truncation", 0.0, MAX_TRUNCATION)
        G = self._generator(variant)
        z = torch.randn(n, G.latent_dim, generator=cpu_generator(seed)) * truncation  # ψ < 1: fidelity over variety
        return G(self._to_device(z)).clamp(-1, 1)

    @task
    def gan_walk(self, seed_a: int, seed_b: int, steps: int, variant: str, truncation: float = 1.0) -> torch.Tensor:
        """Slerp between the latents of two seeds -> (steps,1,28,28), steps in [2, 64]; the end frames equal
        gan_sample(1, seed_a / seed_b, variant, truncation)."""
        seed_a, seed_b = check_seed(seed_a, "seed_a"), check_seed(seed_b, "seed_b")
        steps = check_int(steps, "steps", *WALK_STEPS)
        truncation = check_float(truncation, "truncation", 0.0, MAX_TRUNCATION)
        G = self._generator(variant)
        za, zb = (torch.randn(1, G.latent_dim, generator=cpu_generator(seed))[0] for seed in (seed_a, seed_b))
        z = slerp(za, zb, torch.linspace(0, 1, steps))
        z[0], z[-1] = za, zb
        return G(self._to_device(z * truncation)).clamp(-1, 1)

    def latent_map(self) -> dict:
        """The 2-D VAE's shipped latent map -> z (N, 2) numpy (encoder means of the first LATENT_MAP_SIZE test
        images), labels (N,) numpy. Read from weights/vae2d/ once, then cached: no dataset at run time."""
        self.model("vae2d")  # the map is only offered beside the model it was made with
        with self._lock:
            if self._latent_map is None:
                path = self._shipped_file(
                    "vae2d", LATENT_MAP_FILE, "the 2-D latent map",
                    "training writes it: python -m genmodels.train vae2d --resume",
                )  # fmt: skip
                tensors = load_file(str(path))
                self._latent_map = {"z": tensors["z"].numpy().copy(), "labels": tensors["labels"].numpy().copy()}
        return {key: value.copy() for key, value in self._latent_map.items()}

    @task
    def decode_latent(self, z1: float, z2: float) -> torch.Tensor:
        """Decode one point of vae2d's latent plane (each coordinate in [-10, 10]) -> (1,1,28,28)."""
        z = [check_float(value, name, -LATENT_LIMIT, LATENT_LIMIT) for value, name in ((z1, "z1"), (z2, "z2"))]
        return self.model("vae2d").decode(self._to_device(torch.tensor([z]))).clamp(-1, 1)

    @task
    def class_histogram(self, images_) -> list[int]:
        """How many of the images the shipped classifier assigns to each class (the mode-collapse meter)
        -> list of NUM_CLASSES ints, in CLASS_NAMES order."""
        x = check_images(images_, "images")
        classifier = self.model("classifier")
        predictions = torch.cat([classifier(self._to_device(chunk)).argmax(1).cpu() for chunk in x.split(512)])
        return torch.bincount(predictions, minlength=NUM_CLASSES).tolist()
