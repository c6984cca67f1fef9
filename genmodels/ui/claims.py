"""The measured sentences: claim name -> variant -> language -> template.

figures.py picks a claim's variant from the measurements and supplies the values; the chosen sentence fills
the `{claim name}` placeholder in a static string of a tab's text.py (i18n.py). The two languages sit side by
side, as everywhere in the text, because each pair must state the same thing with the same figures: a reviewer
reads them together, and a test checks that both have every variant and the same placeholders.
A sentence carries its own leading space, so a claim left out (figures missing) leaves no gap.
"""

from __future__ import annotations

_GAN_FIGURES_EN = (
    "WGAN-GP scores FD {wgan_fd:.1f} against DCGAN's {dcgan_fd:.1f} (lower is closer to real images) and class "
    "entropy {wgan_entropy:.3f} against {dcgan_entropy:.3f} (1 = every class equally often)"
)
_GAN_FIGURES_KO = (
    "WGAN-GP의 FD는 {wgan_fd:.1f}(DCGAN {dcgan_fd:.1f}, 낮을수록 실제 이미지에 가까움), 클래스 엔트로피는 "
    "{wgan_entropy:.3f}(DCGAN {dcgan_entropy:.3f}, 1 = 모든 클래스가 같은 비율)입니다"
)
_DDIM_EN = (
    " Measured unguided on {n_ddim:,} samples each, DDIM-{steps} reaches FD {eta1:.1f} with η = 1 and {eta0:.1f} "
    "with η = 0"
)
_DDIM_KO = (
    " 가이던스 없이 각 {n_ddim:,}장으로 측정한 결과, DDIM-{steps}의 FD는 η = 1에서 {eta1:.1f}, η = 0에서 "
    "{eta0:.1f}입니다."
)
# DDPM's full run is measured on fewer samples (a network call per step), and FD grows as N shrinks: compared there
_DDPM_EN = (
    " On {n} samples each, DDPM-{ddpm_steps}'s size, DDIM-{steps} with η = 1 scores {eta1_n:.1f} against DDPM's "
    "{ddpm:.1f}, with {calls} of its network calls."
)
_DDPM_KO = (
    " DDPM-{ddpm_steps}에 맞춰 각 {n}장으로 비교하면 η = 1인 DDIM-{steps}은 {eta1_n:.1f}, DDPM은 {ddpm:.1f}이고, "
    "네트워크 호출은 {calls}입니다."
)
_SHAPES_EN = "the AUROC is {ae:.2f} for the AE, {vae:.2f} for the VAE and {diffusion:.2f} for diffusion"
_SHAPES_KO = "AUROC는 AE {ae:.2f}, VAE {vae:.2f}, 디퓨전 {diffusion:.2f}"

CLAIMS = {
    "ae_size": {
        "measured": {"en": " About {millions:.2f} M parameters.", "ko": " 파라미터 약 {man}만 개."},
    },
    "sparse_top_k": {
        "k_sparse": {
            "en": " Each code also keeps only its {top_k} largest of {latent_dim} units (a k-sparse autoencoder).",
            "ko": " 또한 각 코드에서 {latent_dim}개 중 가장 큰 {top_k}개 유닛만 남깁니다(k-희소 오토인코더).",
        },
    },
    "sparse_activity": {
        "mostly_zero": {
            "en": " For the sparse AE, measured on the test set at the end of training, only {active:.0%} of the "
            "code's entries are non-zero: most bars are exactly zero.",
            "ko": " 희소 AE는 학습 마지막에 테스트셋에서 잰 결과 코드 값의 {active:.0%}만 0이 아니므로, 대부분의 "
            "막대가 "
            "정확히 0입니다.",
        },
        "mostly_active": {
            "en": " For the sparse AE, measured on the test set at the end of training, {active:.0%} of the code's "
            "entries are non-zero: the penalty shrinks the code rather than switching units off, so most bars are "
            "not zero.",
            "ko": " 희소 AE는 학습 마지막에 테스트셋에서 잰 결과 코드 값의 {active:.0%}가 0이 아닙니다. 페널티가 "
            "유닛을 "
            "끄기보다 코드를 작게 줄이므로 대부분의 막대는 0이 아닙니다.",
        },
    },
    "beta_blur": {
        "blurrier": {
            "en": " Measured here: the β-VAE reconstructs test images at {beta_psnr:.1f} dB PSNR against "
            "{vae_psnr:.1f} dB for β = 1 (blurrier).",
            "ko": " 여기서 측정한 결과: β-VAE의 테스트 이미지 복원 PSNR은 {beta_psnr:.1f} dB로 β = 1의 "
            "{vae_psnr:.1f} dB보다 낮습니다(더 흐림).",
        },
        "not_blurrier": {
            "en": " Measured here, though, the β-VAE reconstructs test images at {beta_psnr:.1f} dB PSNR against "
            "{vae_psnr:.1f} dB for β = 1: no blurrier.",
            "ko": " 하지만 여기서 측정한 결과 β-VAE의 복원 PSNR은 {beta_psnr:.1f} dB로 β = 1의 {vae_psnr:.1f} dB보다 "
            "낮지 않습니다(더 흐리지 않음).",
        },
    },
    "gan_stability": {
        "wgan_better": {
            "en": " Measured here, it does: " + _GAN_FIGURES_EN + ".",
            "ko": " 여기서 측정한 결과 실제로 그렇습니다: " + _GAN_FIGURES_KO + ".",
        },
        "wgan_worse": {
            "en": " Measured here, it does not: " + _GAN_FIGURES_EN + ", so its samples are further from real "
            "images and spread less evenly over the classes.",
            "ko": " 하지만 여기서 측정한 결과는 반대입니다: " + _GAN_FIGURES_KO + ". 샘플이 실제 이미지에서 더 멀고 "
            "클래스에 덜 고르게 퍼집니다.",
        },
        "mixed": {
            "en": " Measured here, the picture is mixed: " + _GAN_FIGURES_EN + ".",
            "ko": " 여기서 측정한 결과는 엇갈립니다: " + _GAN_FIGURES_KO + ".",
        },
    },
    "diffusion_rank": {
        "best": {
            "en": " Measured here ({sampler}), its samples are the closest to real images of every generator "
            "measured (FD {fd:.1f}; next, {other_fd_name} {other_fd:.1f}) and the most varied (recall "
            "{recall:.2f}; next, {other_recall_name} {other_recall:.2f}).",
            "ko": " 여기서 측정한 결과({sampler}) 측정한 생성 모델 중 샘플이 실제 이미지에 가장 가깝고(FD {fd:.1f}, "
            "다음은 {other_fd_name} {other_fd:.1f}) 가장 다양합니다(recall {recall:.2f}, 다음은 "
            "{other_recall_name} {other_recall:.2f}).",
        },
        "closest_only": {
            "en": " Measured here ({sampler}), its samples are the closest to real images of every generator "
            "measured (FD {fd:.1f}; next, {other_fd_name} {other_fd:.1f}), though {other_recall_name} covers more "
            "of the real variety (recall {other_recall:.2f} against {recall:.2f}).",
            "ko": " 여기서 측정한 결과({sampler}) 측정한 생성 모델 중 샘플이 실제 이미지에 가장 가깝지만(FD {fd:.1f}, "
            "다음은 {other_fd_name} {other_fd:.1f}), 실제 다양성은 {other_recall_name}가 더 많이 덮습니다"
            "(recall {other_recall:.2f}, 디퓨전 {recall:.2f}).",
        },
        "most_varied_only": {
            "en": " Measured here ({sampler}), its samples are the most varied of every generator measured (recall "
            "{recall:.2f}; next, {other_recall_name} {other_recall:.2f}), though not the closest to real images: FD "
            "{fd:.1f} against {other_fd:.1f} for {other_fd_name} (its FD is on {n:,.0f} samples, the others' on "
            "{other_n:,.0f}, and FD is biased upwards for fewer samples).",
            "ko": " 여기서 측정한 결과({sampler}) 측정한 생성 모델 중 샘플이 가장 다양하지만(recall {recall:.2f}, "
            "다음은 "
            "{other_recall_name} {other_recall:.2f}), 실제 이미지에 가장 가깝지는 않습니다: FD {fd:.1f}, "
            "{other_fd_name}는 {other_fd:.1f}(확산 모델의 FD는 {n:,.0f}개, 다른 모델은 {other_n:,.0f}개 "
            "샘플로 쟀고, FD는 샘플이 적을수록 높게 나옵니다).",
        },
        "not_closest": {
            "en": " Measured here ({sampler}), its samples are not the closest to real images: FD {fd:.1f} "
            "against {other_fd:.1f} for {other_fd_name}.",
            "ko": " 여기서 측정한 결과({sampler}) 샘플이 실제 이미지에 가장 가깝지는 않습니다: FD {fd:.1f}, "
            "{other_fd_name}는 {other_fd:.1f}.",
        },
    },
    "guidance_accuracy": {
        "measured": {
            "en": " Measured with DDIM-{steps}, η = {eta:g} and {per_class} samples per class, the share the "
            "classifier puts in the requested class is {listing}.",
            "ko": " DDIM-{steps}, η = {eta:g}, 클래스당 샘플 {per_class}장으로 측정한, 분류기가 요청한 클래스로 인식한 "
            "비율: {listing}.",
        },
    },
    "guidance_interval": {
        "measured": {"en": " ({low} ≤ t ≤ {high} of 1000)", "ko": "(1000 중 {low} ≤ t ≤ {high})"},
    },
    "ddim_vs_ddpm": {
        "eta1_closer": {
            "en": _DDIM_EN + ": re-drawing the noise brings the short run closer to real images." + _DDPM_EN,
            "ko": _DDIM_KO + " 노이즈를 새로 뽑으면 짧은 실행이 실제 이미지에 더 가까워집니다." + _DDPM_KO,
        },
        "eta0_closer": {
            "en": _DDIM_EN + ": here the deterministic path (η = 0) comes closer to real images." + _DDPM_EN,
            "ko": _DDIM_KO + " 여기서는 결정론적 경로(η = 0)가 실제 이미지에 더 가깝습니다." + _DDPM_KO,
        },
    },
    "any_class": {
        "label_closer": {
            "en": ' The class "any" draws a class at random for each image and samples it with w = 1: the '
            "no-class half of the network learned from only the dropped labels. Measured on {n:,} samples each "
            "(DDIM-{steps}, η = 1), that reaches FD {any_fd:.1f}, against {token_fd:.1f} through the no-class token.",
            "ko": ' 클래스 "any"는 이미지마다 클래스를 무작위로 뽑아 w = 1로 샘플링합니다. 네트워크의 클래스 없는 '
            "부분은 지워진 레이블로만 배웠기 때문입니다. 각 {n:,}장으로 측정한 결과(DDIM-{steps}, η = 1) FD는 "
            "{any_fd:.1f}, 클래스 없음 토큰으로는 {token_fd:.1f}입니다.",
        },
        "token_closer": {
            "en": ' The class "any" draws a class at random for each image and samples it with w = 1. Measured '
            "on {n:,} samples each (DDIM-{steps}, η = 1), that reaches FD {any_fd:.1f}, though the no-class token "
            "comes closer to real images: {token_fd:.1f}.",
            "ko": ' 클래스 "any"는 이미지마다 클래스를 무작위로 뽑아 w = 1로 샘플링합니다. 각 {n:,}장으로 측정한 '
            "결과(DDIM-{steps}, η = 1) FD는 {any_fd:.1f}이지만, 클래스 없음 토큰이 실제 이미지에 더 가깝습니다: "
            "{token_fd:.1f}.",
        },
    },
    "default_sampler": {
        "measured": {
            "en": " The sampler set below, {sampler}-{steps} ({spacing} timesteps, {nfe} network calls per image), is "
            "the cheapest of the sampler race whose FD ({fid:.1f}) lies within {tolerance:.0%} of DDIM-50's "
            "({ref_fid:.1f}), on {n:,} samples each (the Compare tab plots the race).",
            "ko": " 아래에 설정된 {sampler}-{steps}({spacing} 타임스텝, 이미지당 네트워크 호출 {nfe}번)는 샘플러 "
            "경주에서 FD({fid:.1f})가 DDIM-50의 FD({ref_fid:.1f})의 {tolerance:.0%} 이내인 것 중 가장 저렴한 "
            "설정입니다(각 {n:,}장, 비교 탭에 경주 그래프가 있음).",
        },
    },
    "anomaly_shapes": {
        "fooled": {
            "en": " Measured here on drawn shapes (ellipses, rectangles, triangles), " + _SHAPES_EN + " (below 0.5, "
            "the shapes look more normal than clothes).",
            "ko": " 여기서 그린 도형(타원, 사각형, 삼각형)으로 측정한 "
            + _SHAPES_KO
            + "입니다(0.5 미만이면 도형이 옷보다 "
            "더 정상으로 보인다는 뜻).",
        },
        "not_fooled": {
            "en": " Measured here on drawn shapes (ellipses, rectangles, triangles), it does not happen: "
            + _SHAPES_EN
            + ", all above 0.5.",
            "ko": " 여기서 그린 도형(타원, 사각형, 삼각형)으로 측정한 결과 그런 일은 없었습니다: " + _SHAPES_KO + "로 "
            "모두 0.5 이상입니다.",
        },
    },
    "lab_sweep": {
        "stabiliser_helps": {
            "en": "On the ring, over {seeds} seeds of {steps:,} generator updates each, the standard (non-saturating) "
            "GAN covered all {total} modes in {base_share:.0%} of runs (median {base_modes:g} modes); {best} did in "
            "{best_share:.0%} (median {best_modes:g}), the most of any setting.",
            "ko": "고리 데이터에서 설정마다 시드 {seeds}개, 생성자 업데이트 {steps:,}회로 학습한 결과, "
            "표준(non-saturating) GAN은 실행의 {base_share:.0%}에서 {total}개 모드를 모두 "
            "덮었고(중앙값 {base_modes:g}개), {best}는 {best_share:.0%}에서 덮어(중앙값 "
            "{best_modes:g}개) 모든 설정 가운데 가장 많았습니다.",
        },
        "no_help": {
            "en": "On the ring, over {seeds} seeds of {steps:,} generator updates each, no setting covered every mode "
            "more often than the standard (non-saturating) GAN, at {base_share:.0%} of runs (median {base_modes:g} of "
            "{total} modes); the best other, {best}, did in {best_share:.0%} (median {best_modes:g}).",
            "ko": "고리 데이터에서 설정마다 시드 {seeds}개, 생성자 업데이트 {steps:,}회로 학습한 결과, "
            "표준(non-saturating) GAN(실행의 {base_share:.0%}에서 {total}개 모드를 모두 덮음, "
            "중앙값 {base_modes:g}개)보다 자주 모든 모드를 덮은 설정은 없었습니다. 그다음은 "
            "{best}로 {best_share:.0%}(중앙값 {best_modes:g}개)였습니다.",
        },
    },
}
