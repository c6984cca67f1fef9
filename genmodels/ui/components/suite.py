"""The degradation suite as the app reads it from weights/metrics.json (section "degradations", written by
SUITE_COMMAND): every denoising method's gain over the damaged input per degradation, and its mean PSNR over the
whole suite. The Denoise tab tables them; the Compare tab plots the gains, one bar per method."""

from __future__ import annotations

import pandas as pd

# the learned methods it was measured with (diffusion's SDEdit on its 21 conditions would take hours on a CPU)
SUITE_COMMAND = "python -m genmodels.measure.evaluate --models dae vae blind_denoiser --sections degradations --merge"
METHOD_NAMES = {  # zoo.denoise's methods, and the classical references the suite adds
    "dae": "denoising AE",
    "vae": "VAE",
    "diffusion": "diffusion (SDEdit)",
    "median": "median filter",
    "blind": "blind denoiser",
    "median 3x3": "median filter",
    "non-local means": "non-local means",
    "bm3d": "BM3D",
}
GAIN_COLUMNS = ("bar", "gain_db", "method", "degradation")  # the last two show in the tooltip


def method_name(method: str) -> str:
    return METHOD_NAMES.get(method, method)


def suite_frames(metrics, level: str = "medium") -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """metrics.json's degradation suite -> (the gain over the degraded input in dB, a row per degradation and a
    column per method, at `level`; each method's mean PSNR over the whole suite), or None before it is measured."""
    suite = metrics.get("degradations") if isinstance(metrics, dict) else None
    if not suite:
        return None
    gains = pd.DataFrame(
        [
            {
                "degradation": degradation,
                **{method_name(m): round(v["gain_db"], 2) for m, v in by_level[level].items() if m != "degraded input"},
            }
            for degradation, by_level in suite["results"].items()
        ]
    )
    means = pd.DataFrame(
        [{"method": method_name(m), "mean PSNR (dB)": round(v, 2)} for m, v in suite["mean_psnr"].items()]
    )
    return gains, means.sort_values("mean PSNR (dB)", ascending=False)


def gain_bars(metrics, level: str = "medium") -> pd.DataFrame:
    """suite_frames' gains as one bar per degradation and method, grouped by degradation (empty before the suite is
    measured). A native bar plot stacks the bars that share an x value, and gains below 0 would then hide the others,
    so each bar gets its own x: "degradation · method", in the table's order."""
    frames = suite_frames(metrics, level)
    if frames is None:
        return pd.DataFrame(columns=GAIN_COLUMNS)
    long = frames[0].melt("degradation", var_name="method", value_name="gain_db").dropna()
    order = {name: i for i, name in enumerate(frames[0]["degradation"])}
    long = long.sort_values("degradation", key=lambda names: names.map(order), kind="stable")
    long["bar"] = long["degradation"] + " · " + long["method"]
    return long[list(GAIN_COLUMNS)].reset_index(drop=True)
