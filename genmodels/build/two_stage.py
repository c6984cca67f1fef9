"""The 2-stage VAE: fit a second VAE on a trained VAE's codes and ship both as one model (models/two_stage.py).

    python -m genmodels.build.two_stage --first vae_sigma --threads 1     # weights/vae_sigma -> weights/vae_2stage

The codes are fresh draws z ~ q(z|x) of the 60,000 training images every epoch (Dai & Wipf's second stage learns
the aggregate posterior, not the means alone). Reruns after the first stage is retrained.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch

from ..data import load
from ..hardware import cpu_name
from ..models import VAE, TwoStageVAE
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--first", default="vae_sigma", help="the first-stage VAE's folder under --weights")
    parser.add_argument("--weights", type=Path, default=Path("weights"))
    parser.add_argument("--out", type=Path, help="default: WEIGHTS/vae_2stage")
    parser.add_argument("--hidden", type=int, default=512)
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    out = args.out or args.weights / "vae_2stage"
    first = VAE.from_pretrained(args.weights / args.first).eval()
    model = TwoStageVAE(**{**first._hub_mixin_config, "hidden": args.hidden})
    model.load_state_dict(first.state_dict(), strict=False)  # the second stage's keys are the new ones

    start = time.perf_counter()
    mu, sigma = posterior(first, load("train", data_dir=args.data_dir).tensors[0])
    fit = fit_second_stage(model, mu, sigma, args.epochs, args.batch_size, args.lr, args.seed)
    minutes = (time.perf_counter() - start) / 60
    metrics = second_stage_metrics(model, *posterior(first, load("test", data_dir=args.data_dir).tensors[0]), args.seed)
    model.save_pretrained(out)

    threads = torch.get_num_threads()
    command = " ".join(["python -m genmodels.build.two_stage", *(sys.argv[1:] if argv is None else argv)])
    rows = {
        "first stage": f"`weights/{args.first}` (its card says how it was trained), unchanged",
        "second stage": f"MLP {model.latent_dim} → {args.hidden} → {args.hidden} → 2×{model.latent_dim}, and back",
        "epochs": args.epochs,
        "updates": fit["updates"],
        "batch size": args.batch_size,
        "wall time": f"{minutes:.1f} min",
        "device": f"CPU ({threads} thread{'s' if threads > 1 else ''}, {cpu_name()})",
        **{k: f"{v:.4g}" if isinstance(v, float) else v for k, v in metrics.items()},
    }
    table = "\n".join(f"| {k} | {v} |" for k, v in rows.items())
    summary = (
        f"The 2-stage VAE (Dai & Wipf 2019): a second VAE fitted on the codes of `{args.first}`, by\n\n"
        f"```\n{command}\n```\n\n| | |\n|---|---|\n{table}\n\n"
        "Its samples' FD, precision / recall and sharpness are in `weights/metrics.json` (generation section)."
    )
    write_model_card(out, "vae_2stage", summary)
    print(f"wrote {out} in {minutes:.1f} min: {json.dumps({**fit, **metrics})}")


if __name__ == "__main__":
    main()
