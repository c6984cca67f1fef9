"""The request mix: what each simulated visitor sends, seeded, with a share of deliberately bad requests drawn
from the test corpus (tests/support/)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tests.support.arguments import BAD_ARGUMENTS, IMAGE, IMAGE_ENDPOINTS, BadArguments
from tests.support.uploads import UploadCase

GOOD_UPLOADS = ("png", "jpeg", "webp", "gif_animated", "palette", "exif_rotated", "photo_6000x4000")
BAD_UPLOADS = ("decompression_bomb", "truncated_jpeg", "html_as_png", "zip_as_png", "empty_file", "no_image")
ENDPOINT_WEIGHTS = {
    "/reconstruct": 3,
    "/denoise": 2,
    "/vae_sample": 2,
    "/gan_sample": 2,
    "/diffusion_sample": 1,
    "/interpolate": 1,
    "/anomaly": 2,
    "/forward_noise": 2,
}
# The model choice of each endpoint (None: the endpoint has one model). Options whose model is missing are
# dropped after the warm-up probe.
MODEL_OPTIONS = {
    "/reconstruct": ("ae", "dae", "sparse_ae", "vae"),
    "/denoise": ("dae", "vae", "median", "diffusion"),
    "/vae_sample": (None,),
    "/gan_sample": ("dcgan", "wgan-gp", "sn-gan"),
    "/diffusion_sample": (None,),
    "/interpolate": ("ae", "vae"),
    "/anomaly": ("ae", "vae", "diffusion"),
    "/forward_noise": (None,),
}


def all_options() -> dict[str, list]:
    """Every option of every endpoint (an app whose weights folder holds every model)."""
    return {endpoint: list(choices) for endpoint, choices in MODEL_OPTIONS.items()}


def _usable(bad: BadArguments, options: dict) -> bool:
    """A bad-argument request fits the mix when its endpoint, and any model option it names, is served."""
    served = options.get(bad.endpoint) or []
    # endpoints outside the mix (the VAE tab's extra ones, say) have no options: never usable
    named = [a for a in bad.args if isinstance(a, str) and a in MODEL_OPTIONS.get(bad.endpoint, ())]
    return bool(served) and all(a in served for a in named) and not bad.needs_raw_json


@dataclass
class Planned:
    """One request: the endpoint, its arguments (UploadCase where a file goes), and what must come back."""

    endpoint: str
    args: tuple
    bad: bool = False
    error_words: tuple[str, ...] = ()
    label: str = ""  # the bad case's name

    def key(self) -> str:
        """Identical keys must give identical answers: uploads of the same pixels count as the same input."""
        parts = [(a.same_as or a.name) if isinstance(a, UploadCase) else a for a in self.args]
        return f"{self.endpoint}{parts!r}"


def good_request(endpoint: str, rng: random.Random, cases: dict, option=None) -> Planned:

    def up():
        return cases[rng.choice(GOOD_UPLOADS)]

    seed = rng.randrange(4)  # few seeds, so identical requests recur across visitors
    if endpoint == "/reconstruct":
        args = (up(), option)
    elif endpoint == "/denoise":
        args = (up(), rng.choice((0.0, 0.2, 0.5)), option, seed)
    elif endpoint == "/vae_sample":
        args = (rng.choice((1, 4, 16)), seed, rng.choice((0.5, 1.0)))
    elif endpoint == "/gan_sample":
        args = (rng.choice((1, 4, 16)), seed, option, rng.choice((0.7, 1.0)))
    elif endpoint == "/diffusion_sample":
        args = (
            rng.choice(("any", "Trouser", "Bag")),
            rng.choice((0.0, 2.0)),
            rng.choice(("DDIM", "DDPM")),
            rng.choice((4, 8)),
            rng.choice((0.0, 1.0)),
            rng.choice((1, 4)),
            seed,
        )
    elif endpoint == "/interpolate":
        args = (up(), up(), option, rng.choice((2, 5, 8)), rng.choice(("linear", "slerp")))
    elif endpoint == "/anomaly":
        args = (up(), option)
    elif endpoint == "/forward_noise":
        args = (up(), rng.choice((0, 250, 999)))
    else:
        raise ValueError(f"unknown endpoint {endpoint!r}")
    return Planned(endpoint, args)


def bad_request(rng: random.Random, cases: dict, options: dict) -> Planned:
    """A bad upload on an image endpoint, or a bad argument (half and half)."""
    image_endpoints = [e for e in IMAGE_ENDPOINTS if options.get(e)]
    arguments = [b for b in BAD_ARGUMENTS if _usable(b, options)]
    if image_endpoints and (not arguments or rng.random() < 0.5):
        endpoint, case = rng.choice(image_endpoints), cases[rng.choice(BAD_UPLOADS)]
        good = good_request(endpoint, rng, cases, rng.choice(options[endpoint]))
        return Planned(endpoint, (case, *good.args[1:]), True, case.error, case.name)
    bad = rng.choice(arguments)
    args = tuple(cases["png"] if a == IMAGE else a for a in bad.args)
    return Planned(bad.endpoint, args, True, bad.words, bad.name)


def plan(rng: random.Random, count: int, bad_fraction: float, cases: dict, options: dict) -> list[Planned]:
    endpoints = [e for e in ENDPOINT_WEIGHTS if options.get(e)]
    weights = [ENDPOINT_WEIGHTS[e] for e in endpoints]
    requests = []
    for _ in range(count):
        if rng.random() < bad_fraction:
            requests.append(bad_request(rng, cases, options))
        else:
            endpoint = rng.choices(endpoints, weights)[0]
            requests.append(good_request(endpoint, rng, cases, rng.choice(options[endpoint])))
    return requests


def twin_requests(cases: dict, options: dict) -> list[Planned]:
    """Seeded requests of every sampling endpoint (and a seeded denoise) to send twice at the same moment."""
    twins = []
    if options.get("/vae_sample"):
        twins.append(Planned("/vae_sample", (8, 7, 1.0)))
    if options.get("/gan_sample"):
        twins.append(Planned("/gan_sample", (8, 7, options["/gan_sample"][0], 1.0)))
    if options.get("/diffusion_sample"):
        twins.append(Planned("/diffusion_sample", ("Trouser", 2.0, "DDPM", 6, 1.0, 4, 7)))
    if options.get("/denoise"):
        twins.append(Planned("/denoise", (cases["png"], 0.5, options["/denoise"][0], 7)))
    return twins
