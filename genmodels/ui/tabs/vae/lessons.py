"""What the VAE tab's two lessons read from weights/metrics.json: posterior collapse (the KL of every latent
dimension of β = 1 against β = 4, and which dimensions the sweep starts on) and the AE as a generator (the FDs
quoted under its samples). Request-time text, in the visitor's language."""

from __future__ import annotations

from genmodels.ui.components.measured import read_metrics, significant
from genmodels.ui.components.plots import kl_frame
from genmodels.ui.i18n import language, say
from genmodels.ui.names import model_name

KL_MODELS = ("vae", "beta_vae")  # the bars and the sweep: β = 1 against β = 4, the same 16-d architecture
AE_ROWS = ("ae_gmm", "ae_normal", "vae")  # the FDs quoted under the AE's samples


def kl_rows(weights_dir) -> dict:
    """The reconstruction rows of KL_MODELS that carry the KL per dimension (metrics.json), by model."""
    metrics = read_metrics(weights_dir)
    rows = ((metrics if isinstance(metrics, dict) else {}).get("reconstruction") or {}).get("rows") or {}
    return {name: rows[name] for name in KL_MODELS if isinstance(rows.get(name), dict) and "kl_per_dim" in rows[name]}


def extreme_dimensions(rows: dict, latent_dim: int) -> tuple[int, int]:
    """The β-VAE's most and least used latent dimension (the sweep's defaults); 0 and the last one unmeasured."""
    kl = rows.get("beta_vae", {}).get("kl_per_dim")
    if not kl:
        return 0, max(latent_dim - 1, 0)
    return max(range(len(kl)), key=kl.__getitem__), min(range(len(kl)), key=kl.__getitem__)


def collapse_view(weights_dir, request) -> tuple:
    """The KL bars of β = 1 and β = 4 (None when unmeasured) and the sentence counting their active dimensions."""
    rows = kl_rows(weights_dir)
    frames = [kl_frame(rows[m]["kl_per_dim"], rows[m]["active_kl_nats"]) if m in rows else None for m in KL_MODELS]
    if "beta_vae" not in rows:
        return (*frames, say(request, "collapse_unmeasured"))
    lang = language(request)
    counts = ", ".join(
        say(request, "collapse_row", model=model_name(m, lang), active=r["active_dims"], dims=len(r["kl_per_dim"]))
        for m, r in rows.items()
    )
    kl = rows["beta_vae"]["kl_per_dim"]
    top, low = extreme_dimensions(rows, len(kl))
    summary = say(
        request,
        "collapse_measured",
        n=rows["beta_vae"]["n_images"],
        threshold=rows["beta_vae"]["active_kl_nats"],
        rows=counts,
        top=top,
        top_kl=kl[top],
        low=low,
        low_kl=kl[low],
    )
    return (*frames, summary)


def ae_generation_note(weights_dir, request) -> str:
    """The measured FD of the AE's two samplers and the VAE's prior, under the AE's samples."""
    metrics = read_metrics(weights_dir)
    rows = ((metrics if isinstance(metrics, dict) else {}).get("generation") or {}).get("rows") or {}
    measured = [(key, rows[key]) for key in AE_ROWS if isinstance(rows.get(key), dict) and "fid" in rows[key]]
    if not measured:
        return say(request, "ae_gen_unmeasured")
    listed = ", ".join(f"{model_name(key, language(request))} {significant(row['fid'])}" for key, row in measured)
    return say(request, "ae_gen_measured", n=measured[0][1]["n_samples"], rows=listed)
