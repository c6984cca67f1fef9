"""The generation section: how close each generator's samples come to the test set, in the shipped classifier's
feature space. Rows: real train images (the floor), the VAEs and GANs, the AE as a generator (a Gaussian mixture
fitted on its latents, and for contrast its decoder fed N(0, I) codes), and diffusion with every DDIM step count
and eta, and DDPM (class "any": a random class per image, unguided), plus the network's no-class token."""

from __future__ import annotations

import time

import torch

from ... import registry
from ...build.ae_gmm import fit_ae_gmm
from ...checks import ANY_CLASS
from ...diffusion.limits import DDIM_ETA
from ...gmm import sample_gaussian_mixture
from ...metrics import classifier_features, frechet_distance
from .run import EvaluationRun, batched, in_chunks, subset


def diffusion_sampler_name(sampler: str, steps: int, eta: float = 0.0) -> str:
    """How tables name a diffusion sampler: "DDIM-50", "DDIM-50, η = 1", "DDPM-1000"."""
    return f"{sampler}-{steps}" + (f", η = {eta:g}" if eta else "")


# the unconditional samples through the network's "no class" token (labels dropped in 10% of training)
NULL_TOKEN_ROW = "diffusion_null_token"


def diffusion_row_key(sampler: str, steps: int, eta: float = 0.0) -> str:
    """The generation row of a diffusion sampler: diffusion_ddim50, diffusion_ddim50_eta1, diffusion_ddpm1000.
    η = 0 keeps the plain names, so the shipped table's keys do not depend on whether etas were swept."""
    return f"diffusion_{sampler.lower()}{steps}" + (f"_eta{eta:g}" if eta else "")


def generation(run: EvaluationRun) -> dict:
    if run.classifier is None:
        return {"skipped": f"no classifier: {run.zoo.missing.get('classifier')}"}
    s, rows, seed, zoo = run.s, {}, run.seed, run.zoo
    run.reference  # noqa: B018 (features first, so the bars below time the models only)

    real = subset(run.train[0], s.n_samples, seed)
    rows["real_train"] = run.generation_row("real train images (floor)", real, None, grid="real_train")

    samplers = {  # row -> (label, sample(n, seed)): every registered VAE and GAN, then the AE on N(0, I) codes
        **{
            spec.name: (
                f"{spec.display_name()} (prior, T=1)",
                lambda n, k, m=spec.name: zoo.vae_sample(n, k, 1.0, model=m),
            )
            for spec in registry.specs(task="vae_sample")
        },
        **{
            spec.name: (f"{spec.display_name()} (ψ=1)", lambda n, k, v=spec.api_name: zoo.gan_sample(n, k, v, 1.0))
            for spec in registry.specs(task="gan_sample")
        },
        # the plain AE's decoder on prior samples: nothing made its codes look like N(0, I), so this fails
        "ae_normal": ("AE decoding N(0, I) codes", lambda n, k: zoo.ae_sample(n, k, 1.0, prior="normal")),
    }
    needs = {"ae_normal": "ae"}
    for name, (label, sample) in samplers.items():
        if run.wanted(needs.get(name, name)):
            start = time.perf_counter()
            x = in_chunks(sample, s.n_samples, seed, f"sample {name}", run.progress)
            rows[name] = run.generation_row(label, x, time.perf_counter() - start, grid=name)

    if run.wanted("ae"):
        rows["ae_gmm"] = ae_gmm(run)
    if run.wanted("diffusion"):
        rows.update(diffusion_rows(run))
    return {"rows": rows}


@torch.inference_mode()
def ae_gmm(run: EvaluationRun) -> dict:
    """The AE as a generator: a full-covariance Gaussian mixture fitted on train codes, sampled and decoded."""
    s = run.s
    ae = run.zoo.model("ae")
    gmm = fit_ae_gmm(ae, run.train[0], s.gmm_components, s.gmm_fit_images, run.seed, run.device)
    start = time.perf_counter()
    codes = torch.from_numpy(sample_gaussian_mixture(gmm, s.n_samples, run.seed)).float()
    x = batched(lambda c: ae.decode(c).clamp(-1, 1), codes, run.device)
    return run.generation_row(
        f"AE + GMM ({s.gmm_components} full-cov. components on {gmm['fit_images']} train codes)",
        x,
        time.perf_counter() - start,
        grid="ae_gmm",
        gmm_fit_seconds=gmm["seconds"],
        gmm_iterations=gmm["iterations"],
        gmm_log_likelihood=gmm["log_likelihood"],
    )


def diffusion_rows(run: EvaluationRun) -> dict:
    """Unconditional samples of every DDIM step count × eta, and of DDPM, on the same seeds."""
    s, rows = run.s, {}
    runs = [("DDIM", steps, eta, s.n_diffusion) for steps in s.ddim_steps for eta in s.ddim_etas]
    if s.n_ddpm > 0:
        runs.append(("DDPM", s.ddpm_steps, 0.0, s.n_ddpm))
    matched = {}
    for sampler, steps, eta, n in runs:
        if n <= 0:
            continue

        def sample(count, k, sampler=sampler, steps=steps, eta=eta):
            return run.zoo.diffusion_sample(ANY_CLASS, 1.0, sampler, steps, eta, count, k)["images"]

        name = diffusion_sampler_name(sampler, steps, eta)
        start = time.perf_counter()
        x = in_chunks(sample, n, run.seed, f"diffusion {name}", run.progress)
        key = diffusion_row_key(sampler, steps, eta)
        rows[key] = run.generation_row(f"diffusion {name} (any class)", x, time.perf_counter() - start, grid=key)
        matched[key] = x
    # the network's own unconditional half (the "no class" token, w = 0) on the same seeds as the headline sampler
    # (the most DDIM steps at the app's eta): what "any" used to be, and why it no longer is (zoo.diffusion_sample)
    if s.n_diffusion > 0 and s.ddim_steps and DDIM_ETA in s.ddim_etas:
        steps = max(s.ddim_steps)

        def through_null_token(count, k):
            out = run.zoo.pipe(num_images=count, num_inference_steps=steps, eta=DDIM_ETA, seed=k, output_type="pt")
            return out.images

        start = time.perf_counter()
        x = in_chunks(through_null_token, s.n_diffusion, run.seed, "diffusion, no-class token", run.progress)
        name = diffusion_sampler_name("DDIM", steps, DDIM_ETA)
        rows[NULL_TOKEN_ROW] = run.generation_row(
            f"diffusion {name} (the no-class token)", x, time.perf_counter() - start, grid=NULL_TOKEN_ROW
        )
        matched[NULL_TOKEN_ROW] = x
    # FD is biased by the sample count: compare every sampler with DDPM on its first n_ddpm samples
    ddpm_key = diffusion_row_key("DDPM", s.ddpm_steps)
    if ddpm_key in matched:
        _, ref = run.reference
        n = len(matched[ddpm_key])
        for key, x in matched.items():
            rows[key]["fid_at_n_ddpm"] = frechet_distance(classifier_features(run.classifier, x[:n]), ref)
            rows[key]["n_ddpm"] = n
    return rows
