"""A learned prior for a trained VAE, shipped with it as one model (models/two_stage.py):

    python -m genmodels.build.learned_prior --prior vae --threads 1       # weights/vae_sigma -> weights/vae_2stage
    python -m genmodels.build.learned_prior --prior mixture --threads 1   # weights/vae_sigma -> weights/vae_mixture

"vae": Dai & Wipf's second stage, trained on fresh draws z ~ q(z|x) of the 60,000 training images every epoch (it
learns the aggregate posterior, not the means alone). "mixture": a full-covariance Gaussian mixture fitted by EM on
the posterior means, as the plain AE's. Rerun after the first stage is retrained.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch

from ..data import load
from ..gmm import fit_gaussian_mixture
from ..hardware import cpu_name
from ..models import VAE, MixturePriorVAE, TwoStageVAE
from ..training.loop import write_model_card


@torch.no_grad()
def posterior(first: VAE, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The first stage's q(z|x) of every image: (μ, σ), each (N, d)."""
    mu, logvar = zip(*(first.encode(chunk) for chunk in x.split(1000)))
    return torch.cat(mu), torch.exp(0.5 * torch.cat(logvar))


def fit_second_stage(model: TwoStageVAE, mu, sigma, epochs: int, batch_size: int, lr: float, seed: int) -> dict:
    """Adam on the second stage's negative ELBO, the learning rate halved at 50% and 75% of the epochs."""
    torch.manual_seed(seed)
    stage = model.second_stage.train()
    optimiser = torch.optim.Adam(stage.parameters(), lr=lr)
    milestones = [epochs // 2, 3 * epochs // 4]
    schedule = torch.optim.lr_scheduler.MultiStepLR(optimiser, milestones, gamma=0.5)
    updates = 0
    for _ in range(epochs):
        z = mu + sigma * torch.randn_like(mu)
        for batch in z[torch.randperm(len(z))].split(batch_size):
            terms = stage(batch)
            optimiser.zero_grad(set_to_none=True)
            terms["loss"].backward()
            optimiser.step()
            updates += 1
        schedule.step()
    stage.eval()
    return {"updates": updates, "loss": terms["loss"].item(), "gamma": stage.log_gamma.exp().item()}


@torch.no_grad()
def second_stage_metrics(model: TwoStageVAE, mu, sigma, seed: int) -> dict:
    """On the test images' codes: the second stage's negative ELBO, its γ and its active dimensions."""
    torch.manual_seed(seed)
    stage = model.second_stage
    z = mu + sigma * torch.randn_like(mu)
    terms = stage(z)
    u_mu, u_logvar = stage.encoder(z).chunk(2, dim=1)
    kl_per_dim = VAE.kl_per_dimension(u_mu, u_logvar.clamp(-30.0, 20.0)).mean(0)
    return {
        "test_second_stage_neg_elbo": terms["loss"].item(),
        "gamma": stage.log_gamma.exp().item(),
        "second_stage_active_dims": int((kl_per_dim > 0.01).sum()),
    }


def fit_mixture(model: MixturePriorVAE, mu, components: int, seed: int) -> dict:
    """EM on the posterior means -> the mixture written into the model's prior buffers; its log-likelihood."""
    gmm = fit_gaussian_mixture(mu.double(), components, seed=seed)
    model.prior_weights.copy_(torch.as_tensor(gmm["weights"]))
    model.prior_means.copy_(torch.as_tensor(gmm["means"]))
    model.prior_scale_tril.copy_(torch.linalg.cholesky(torch.as_tensor(gmm["covariances"])))
    return {"updates": gmm["iterations"], "log_likelihood": gmm["log_likelihood"]}


@torch.no_grad()
def choose_spread(model: MixturePriorVAE, train_x, spreads, classifier_dir: Path, n: int, seed: int) -> dict:
    """The spread whose samples' FD against n training images is lowest (never the test set, which reports it)
    -> {"spread": best, "candidates": {spread: (FD, recall)}}. Each Gaussian fitted by EM is narrower than
    the codes around it look to the decoder, so a spread above 1 often pays."""
    from ..measure.quality.run import subset
    from ..metrics import classifier_features, frechet_distance, precision_recall
    from ..models import FashionClassifier

    classifier = FashionClassifier.from_pretrained(classifier_dir).eval()
    reference = classifier_features(classifier, subset(train_x, n, seed))
    candidates = {}
    for spread in spreads:
        model.spread = spread
        samples = model.sample(n, torch.Generator().manual_seed(seed)).clamp(-1, 1)
        features = classifier_features(classifier, samples)
        candidates[spread] = (frechet_distance(features, reference), precision_recall(reference, features)[1])
    model.spread = min(candidates, key=lambda spread: candidates[spread][0])
    return {"spread": model.spread, "candidates": candidates}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prior", choices=["vae", "mixture"], default="vae")
    parser.add_argument("--first", default="vae_sigma", help="the trained VAE's folder under --weights")
    parser.add_argument("--weights", type=Path, default=Path("weights"))
    parser.add_argument("--out", type=Path, help="default: WEIGHTS/vae_2stage or WEIGHTS/vae_mixture")
    parser.add_argument("--hidden", type=int, default=512, help="--prior vae: the second stage's width")
    parser.add_argument("--components", type=int, default=50, help="--prior mixture: its Gaussians")
    parser.add_argument(
        "--spreads",
        type=float,
        nargs="+",
        default=[1.0, 1.15, 1.3, 1.5],
        help="--prior mixture: the component spreads tried (the lowest FD against training images wins)",
    )
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    name = {"vae": "vae_2stage", "mixture": "vae_mixture"}[args.prior]
    out = args.out or args.weights / name
    first = VAE.from_pretrained(args.weights / args.first).eval()
    if args.prior == "vae":
        model = TwoStageVAE(**{**first._hub_mixin_config, "hidden": args.hidden})
    else:
        model = MixturePriorVAE(**{**first._hub_mixin_config, "components": args.components})
        model.eval()
    model.load_state_dict(first.state_dict(), strict=False)  # the prior's keys are the new ones

    start = time.perf_counter()
    train_x = load("train", data_dir=args.data_dir).tensors[0]
    mu, sigma = posterior(first, train_x)
    if args.prior == "vae":
        fit = fit_second_stage(model, mu, sigma, args.epochs, args.batch_size, args.lr, args.seed)
        metrics = second_stage_metrics(
            model, *posterior(first, load("test", data_dir=args.data_dir).tensors[0]), args.seed
        )
        prior = f"MLP {model.latent_dim} → {args.hidden} → {args.hidden} → 2×{model.latent_dim}, and back"
    else:
        fit = fit_mixture(model, mu, args.components, args.seed)
        chosen = choose_spread(model, train_x, args.spreads, args.weights / "classifier", 10_000, args.seed)
        # the spread is a constructor argument: the saved config.json must carry it
        final = MixturePriorVAE(**{**model._hub_mixin_config, "spread": chosen["spread"]})
        final.load_state_dict(model.state_dict())
        model = final.eval()
        tried = ", ".join(f"{k:g}: FD {fd:.1f}, recall {r:.2f}" for k, (fd, r) in chosen["candidates"].items())
        metrics = {"train_log_likelihood": fit.pop("log_likelihood"), "spreads tried (10,000 train images)": tried}
        prior = f"{args.components} full-covariance Gaussians (EM on the posterior means), spread {model.spread:g}"
    minutes = (time.perf_counter() - start) / 60
    model.save_pretrained(out)

    threads = torch.get_num_threads()
    command = " ".join(["python -m genmodels.build.learned_prior", *(sys.argv[1:] if argv is None else argv)])
    rows = {
        "first stage": f"`weights/{args.first}` (its card says how it was trained), unchanged",
        "prior": prior,
        **({"epochs": args.epochs, "batch size": args.batch_size} if args.prior == "vae" else {}),
        "updates" if args.prior == "vae" else "EM iterations": fit["updates"],
        "wall time": f"{minutes:.1f} min",
        "device": f"CPU ({threads} thread{'s' if threads > 1 else ''}, {cpu_name()})",
        **{k: f"{v:.4g}" if isinstance(v, float) else v for k, v in metrics.items()},
    }
    table = "\n".join(f"| {k} | {v} |" for k, v in rows.items())
    what = "a second VAE (Dai & Wipf 2019)" if args.prior == "vae" else "a Gaussian mixture"
    summary = (
        f"`{args.first}` with a learned prior, {what} fitted on its codes, by\n\n"
        f"```\n{command}\n```\n\n| | |\n|---|---|\n{table}\n\n"
        "Its samples' FD, precision / recall and sharpness are in `weights/metrics.json` (generation section)."
    )
    write_model_card(out, name, summary)
    print(f"wrote {out} in {minutes:.1f} min: {json.dumps({**fit, **metrics})}")


if __name__ == "__main__":
    main()
