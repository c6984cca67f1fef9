"""The VAE sampled where its codes are: a Gaussian mixture fitted on the shipped VAE's codes of the training images,
instead of its N(0, I) prior, measured with the evaluation's generation metrics (issue 14's VAE row).

    python -m scripts.probe_vae_gmm --threads 1                 # codes z ~ q(z|x) of all 60,000 train images
    python -m scripts.probe_vae_gmm --threads 1 --codes mean    # the posterior means μ instead

The mixture, the train subset, the sample count and the reference set are the evaluation's (the "AE + GMM" row's
settings, seed 0), so the printed FD / precision / recall compare with the generation table's rows.
"""

import argparse
import tempfile
import time
from pathlib import Path

import torch

from genmodels.gmm import fit_gaussian_mixture, sample_gaussian_mixture
from genmodels.measure.quality.run import EvaluationRun, batched, in_chunks, subset
from genmodels.measure.quality.settings import Settings
from genmodels.zoo import Zoo

SEED = 0  # the evaluation's


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weights", default="weights")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--model", default="vae", choices=["vae", "beta_vae"])
    parser.add_argument("--codes", default="sample", choices=["sample", "mean"], help="z ~ q(z|x), or its mean μ")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    start = time.perf_counter()
    settings = Settings()
    zoo = Zoo(args.weights, defer_diffusion=True)
    run = EvaluationRun(zoo, settings, SEED, [args.model], Path(tempfile.mkdtemp()), args.data_dir, progress=False)
    vae = zoo.model(args.model)
    noise = torch.Generator().manual_seed(SEED)

    def code(x):
        mu, logvar = vae.encode(x)
        return mu if args.codes == "mean" else vae.reparameterize(mu, logvar, noise)

    with torch.inference_mode():
        fit_x = subset(run.train[0], settings.gmm_fit_images, SEED + 1)  # the AE + GMM row's subset
        gmm = fit_gaussian_mixture(batched(code, fit_x, zoo.device).double(), settings.gmm_components, seed=SEED)
        codes = torch.from_numpy(sample_gaussian_mixture(gmm, settings.n_samples, SEED)).float()
        samples = batched(lambda z: vae.decode(z).clamp(-1, 1), codes, zoo.device)
        # the generation table's "VAE (prior, T=1)" row, the same seeds
        prior = in_chunks(lambda n, k: zoo.vae_sample(n, k, 1.0, model=args.model), settings.n_samples, SEED, "", False)
    for label, x in ((f"{args.model} + GMM on {args.codes} codes", samples), (f"{args.model} prior N(0, I)", prior)):
        d = run.distances(x)
        print(
            f"{label}: FD {d['fid']:.1f}, precision {d['precision']:.3f}, recall {d['recall']:.3f}, "
            f"classes {d['class_coverage']}, class entropy {d['class_entropy']:.3f} (N={len(x)})"
        )
    print(f"{settings.gmm_components} components, {len(fit_x)} train codes, {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
