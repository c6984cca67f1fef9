"""The Compare tab's strings: its labels and intros (static, through `t`), and its plots' axis and legend titles
(set per request through `say`: a plot's titles are plain strings)."""

from __future__ import annotations

LABELS = {  # static: labels, intros, "How it works" (i18n.t)
    "tab_compare": {"en": "Compare", "ko": "비교"},
    "compare_intro": {
        "en": (
            "The four families side by side: each makes pictures from the same seed, then how good and how fast each "
            "one measured (figures from `weights/metrics.json`). The autoencoder cannot sample (its codes are not a "
            "distribution), so its column shows reconstructions of test images instead."
        ),
        "ko": (
            "네 가지 모델을 나란히: 각자 같은 시드로 그림을 만들고, 아래에 각각 얼마나 좋고 얼마나 빠른지 측정한 값이 "
            "있습니다(`weights/metrics.json`의 값). 오토인코더는 샘플링을 할 수 없으므로(코드가 확률분포가 아님) 대신 "
            "테스트 이미지의 복원을 보여 줍니다."
        ),
    },
    "compare_how": {
        "en": """
    **Quality numbers** come from `python -m genmodels.measure.evaluate` on the shipped weights: FID and KID computed
    in the feature space of the Fashion-MNIST classifier (lower is better), class coverage (how many of the 10
    classes the samples cover), reconstruction PSNR, anomaly AUROC. **Latency** is the wall time of this one
    request per model, on this server's hardware.
    """,
        "ko": """
    **품질 수치**는 배포된 가중치로 `python -m genmodels.measure.evaluate`를 실행해 얻습니다. Fashion-MNIST 분류기의 \
특징
    공간에서 계산한 FID와 KID(낮을수록 좋음), 클래스 커버리지(샘플이 10개 클래스 중 몇 개를 덮는지), 복원 PSNR,
    이상 탐지 AUROC. **지연 시간**은 이 서버 하드웨어에서 모델별로 이번 요청에 걸린 실제 시간입니다.
    """,
    },
    "generate_all": {"en": "Generate with all four", "ko": "네 가지 모두 생성"},
    "col_ae": {"en": "**Autoencoder**: reconstructions of test images", "ko": "**오토인코더**: 테스트 이미지 복원"},
    "col_vae": {"en": "**VAE**: samples from the prior", "ko": "**VAE**: 사전분포에서 샘플"},
    "col_gan": {"en": "**GAN** (DCGAN): samples", "ko": "**GAN** (DCGAN): 샘플"},
    "col_diffusion": {"en": "**Diffusion** (DDIM, 25 steps): samples", "ko": "**디퓨전** (DDIM, 25 스텝): 샘플"},
    "latency": {
        "en": "Time each model took for this request, on this server",
        "ko": "이번 요청에서 모델별로 걸린 시간 (이 서버)",
    },
    "speed_header": {"en": "### Quality against speed", "ko": "### 품질 대 속도"},
    "plot_speed": {
        "en": "FD against time per image: one point per model and sampler (lower left is best)",
        "ko": "이미지당 시간 대 FD: 모델과 샘플러마다 점 하나 (왼쪽 아래가 가장 좋음)",
    },
    "plot_speed_caption": {
        "en": (
            "FD: distance from the test set's features, lower is better (real train images, the floor, are not "
            "drawn: they take no time). Time: per image on the evaluation machine. Hover a point for its numbers."
        ),
        "ko": (
            "FD: 테스트 세트 특징과의 거리, 낮을수록 좋음(하한인 실제 학습 이미지는 시간이 들지 않아 그리지 "
            "않았습니다). 시간: 평가 머신에서 이미지 한 장당. 점에 마우스를 올리면 값이 보입니다."
        ),
    },
    "diffusion_header": {
        "en": "### Diffusion: guidance and sampling steps",
        "ko": "### 디퓨전: 가이던스와 샘플링 스텝",
    },
    "plot_guidance": {
        "en": "Guidance scale w against how many samples are of the requested class",
        "ko": "가이던스 스케일 w 대 요청한 클래스로 나온 샘플 비율",
    },
    "plot_steps": {
        "en": "DDIM steps against FD (lower is better), for η = 0 and η = 1",
        "ko": "DDIM 스텝 수 대 FD (낮을수록 좋음), η = 0과 η = 1",
    },
    "plot_race": {
        "en": "The sampler race: FD (lower is better) against network calls per image, one line per sampler",
        "ko": "샘플러 경주: 이미지당 네트워크 호출 수 대 FD (낮을수록 좋음), 샘플러마다 선 하나",
    },
    "race_not_measured": {
        "en": "The sampler race is not measured yet: "
        "`python -m genmodels.measure.evaluate --models diffusion --sections samplers --merge`",
        "ko": "샘플러 경주는 아직 측정되지 않았습니다: "
        "`python -m genmodels.measure.evaluate --models diffusion --sections samplers --merge`",
    },
    "suite_header": {
        "en": "### Denoising: noise, specks, compression and blur",
        "ko": "### 노이즈 제거: 노이즈, 점 잡음, 압축, 흐림",
    },
    "plot_suite": {
        "en": "Gain over the damaged input at medium strength: one bar per method, grouped by degradation",
        "ko": "중간 세기에서 손상된 입력 대비 개선: 방법마다 막대 하나, 손상별로 묶음",
    },
    "plot_suite_caption": {
        "en": (
            "Above 0 dB the method improved the picture; below, it made it worse. The learned methods get the damaged "
            "picture with no σ; non-local means and BM3D get the true σ where the damage has one. The Denoise tab has "
            "the table and every method's mean over all strengths."
        ),
        "ko": (
            "0 dB보다 크면 그 방법이 그림을 개선한 것이고, 작으면 더 나쁘게 만든 것입니다. 학습된 방법은 σ 없이 손상된 "
            "그림을 받고, non-local means와 BM3D는 손상에 σ가 있으면 참값을 받습니다. 표와 모든 세기의 평균은 "
            "노이즈 제거 탭에 있습니다."
        ),
    },
    "suite_not_measured": {
        "en": "The degradation suite is not measured yet: "
        "`python -m genmodels.measure.evaluate --models dae vae blind_denoiser --sections degradations --merge`",
        "ko": "손상 모음은 아직 측정되지 않았습니다: "
        "`python -m genmodels.measure.evaluate --models dae vae blind_denoiser --sections degradations --merge`",
    },
    "metrics_header": {"en": "### Measured quality", "ko": "### 측정된 품질"},
    "measured_quality": {"en": "Measured quality of these models", "ko": "이 모델들의 측정된 품질"},
    "measured_note": {
        "en": (
            "From `weights/metrics.json`, written by `python -m genmodels.measure.evaluate` on the Fashion-MNIST test "
            "set. FD and KID: distance to real test images in the shipped classifier's feature space (lower is "
            "better); precision: how many samples look real; recall: how much of the real variety is covered; classes "
            "covered: how many of the 10 classes get at least 1% of the samples (mode collapse shows here). The README "
            "has the full tables and the protocol."
        ),
        "ko": (
            "`python -m genmodels.measure.evaluate`가 Fashion-MNIST 테스트 세트로 측정해 `weights/metrics.json`에 쓴 "
            "값입니다. FD와 KID: 배포된 분류기의 특징 공간에서 실제 테스트 이미지까지의 거리(낮을수록 좋음); "
            "정밀도(precision): 샘플이 얼마나 실제처럼 보이는지; 재현율(recall): 실제 다양성을 얼마나 덮는지; 덮은 "
            "클래스 수: 10개 클래스 중 샘플의 1% 이상을 받는 클래스 수(모드 붕괴가 여기서 보입니다). 전체 표와 측정 "
            "방법은 README에 있습니다."
        ),
    },
}

PHRASES = {  # built at request time (i18n.say)
    "family": {"en": "family", "ko": "계열"},
    "milliseconds": {"en": "ms", "ko": "ms"},
    "h_family": {"en": "family", "ko": "계열"},
    "h_ms_request": {"en": "ms, this request", "ko": "이번 요청 ms"},
    "axis_log_ms": {
        "en": "ms per image, log₁₀ (0 = 1 ms, 2 = 100 ms) ↓",
        "ko": "이미지당 ms, log₁₀ (0 = 1 ms, 2 = 100 ms) ↓",
    },
    "axis_fd": {"en": "FD ↓", "ko": "FD ↓"},
    "axis_guidance": {"en": "guidance scale w", "ko": "가이던스 스케일 w"},
    "axis_accuracy": {"en": "samples in the requested class (%) ↑", "ko": "요청한 클래스로 나온 샘플 (%) ↑"},
    "axis_steps": {"en": "DDIM steps", "ko": "DDIM 스텝 수"},
    "legend_model": {"en": "model", "ko": "모델"},
    "legend_classes": {"en": "class accuracy", "ko": "클래스 정확도"},
    "legend_eta": {"en": "DDIM η", "ko": "DDIM η"},
    "axis_nfe": {"en": "network calls per image", "ko": "이미지당 네트워크 호출 수"},
    "legend_sampler": {"en": "sampler", "ko": "샘플러"},
    "axis_suite_bar": {"en": "degradation · method", "ko": "손상 · 방법"},
    "axis_gain": {"en": "gain over the damaged input (dB) ↑", "ko": "손상된 입력 대비 개선 (dB) ↑"},
    "legend_method": {"en": "method", "ko": "방법"},
}
