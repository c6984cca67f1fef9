"""The Anomaly tab's strings, with its complexity-corrected score: why a raw likelihood rates simple pictures as
normal, what the correction does, and the headers of its measured table (the figures come from
weights/metrics.json)."""

from __future__ import annotations

LABELS = {  # static: labels, intros, "How it works" (i18n.t)
    "tab_anomaly": {"en": "Anomaly", "ko": "이상 탐지"},
    "anomaly_intro": {
        "en": (
            "Models trained only on clothes find other pictures hard to explain, and that difficulty is an "
            "**anomaly score**: the autoencoder's reconstruction error, the VAE's negative ELBO, the diffusion "
            "model's denoising error. Each has a threshold at the 95th percentile of the test set's scores, so about "
            "5% of ordinary clothes are flagged (the false-positive rate). Known risk: a simple picture (a plain "
            "blob) is easy to reconstruct and can look more normal than a real garment.{anomaly_shapes}"
        ),
        "ko": (
            "옷으로만 학습한 모델은 다른 그림을 설명하기 어려워하고, 그 어려움이 **이상 점수**가 됩니다: 오토인코더의 "
            "복원 오차, VAE의 음의 ELBO, 디퓨전 모델의 노이즈 제거 오차. 각 점수의 임계값은 테스트셋 점수의 95번째 "
            "백분위수이므로 평범한 옷의 약 5%가 이상으로 표시됩니다(위양성률). 알려진 위험: 단순한 그림(밋밋한 "
            "덩어리)은 복원하기 쉬워 실제 옷보다 더 정상처럼 보일 수 있습니다.{anomaly_shapes}"
        ),
    },
    "anomaly_how": {
        "en": """
**AE score.** Mean squared reconstruction error: the bottleneck only has room for what clothes look like.

**VAE score.** The negative ELBO (reconstruction + KL, in nats), a bound on −log p(x): how improbable the
image is under the model.

**Diffusion score.** Noise the image at three fixed steps (t = 50, 150, 300) with fixed noise and average
the error of the network's prediction (of v, see the Diffusion tab). It measures how well the image fits the
learned denoiser.

**Thresholds** come from `python -m genmodels.build.calibrate`: the 95th percentile of each score over the
10,000 test images, so the false-positive rate on normal clothes is 5% by construction. The histogram shows
those test-set scores, the threshold and your image.
""",
        "ko": """
**AE 점수.** 복원의 평균제곱오차. 병목에는 옷의 모습을 담을 자리밖에 없습니다.

**VAE 점수.** 음의 ELBO(복원 + KL, nats 단위)로 −log p(x)의 상한입니다. 모델이 보기에 그 이미지가 얼마나
있을 법하지 않은지를 나타냅니다.

**디퓨전 점수.** 고정된 세 스텝(t = 50, 150, 300)에서 고정된 노이즈로 이미지를 오염시키고 네트워크의 예측(v, 디퓨전 탭 \
참고)
오차를 평균합니다. 이미지가 학습된 디노이저에 얼마나 잘 맞는지를 잽니다.

**임계값**은 `python -m genmodels.build.calibrate`가 테스트 이미지 10,000장의 점수에서 95번째 백분위수로 정하므로,
정상 옷에 대한 위양성률은 정의상 5%입니다. 히스토그램은 테스트셋 점수, 임계값, 여러분의 이미지를 보여 줍니다.
""",
    },
    "anomaly_method": {"en": "Score", "ko": "점수"},
    "score_button": {"en": "Score", "ko": "점수 매기기"},
    "verdict": {"en": "Verdict", "ko": "판정"},
    "histogram": {
        "en": "Test-set scores (grey), the threshold (red) and your image (blue)",
        "ko": "테스트셋 점수(회색), 임계값(빨강), 내 이미지(파랑)",
    },
    "examples_normal": {"en": "Examples: normal (test images)", "ko": "예시: 정상 (테스트 이미지)"},
    "examples_abnormal": {"en": "Examples: not clothes", "ko": "예시: 옷이 아닌 것"},
    "choice_ae_score": {"en": "AE: reconstruction error", "ko": "AE: 복원 오차"},
    "choice_vae_score": {"en": "VAE: negative ELBO", "ko": "VAE: 음의 ELBO"},
    "choice_diffusion_score": {"en": "diffusion: denoising error", "ko": "디퓨전: 노이즈 제거 오차"},
    "anomaly_complexity_intro": {
        "en": (
            "**Why simple pictures fool a likelihood, and the correction.** Most of an image's −log p(x) is the "
            "cost of its detail. A blank page, a digit or a shape has little detail, so the VAE's negative ELBO and "
            "the diffusion model's denoising error find it cheap and rate it *more* normal than real clothes, "
            "though neither model ever saw one. The **complexity-corrected** score (Serrà et al., ICLR 2020) "
            "subtracts what the picture costs a general-purpose compressor: S(x) = −log₂ p(x) − L(x), with L(x) "
            "the length in bits of the 8-bit image compressed by zlib. What is left is how much better than the "
            "compressor the model explains the picture: a lot for clothes, little or nothing for anything else. "
            "The table under the examples sets it beside the raw scores on the same test sets."
        ),
        "ko": (
            "**단순한 그림이 가능도를 속이는 이유와 보정.** 이미지의 −log p(x)는 대부분 세부 묘사의 비용입니다. 빈 "
            "화면, 숫자, 도형은 세부가 적어서 VAE의 음의 ELBO와 디퓨전 모델의 노이즈 제거 오차는 이를 값싸게 보고, 두 "
            "모델 모두 한 번도 본 적이 없는데도 실제 옷보다 *더* 정상으로 판정합니다. **복잡도 보정** 점수(Serrà 외, "
            "ICLR 2020)는 그 그림을 범용 압축기로 압축하는 비용을 뺍니다: S(x) = −log₂ p(x) − L(x), 여기서 L(x)는 "
            "8비트 이미지를 zlib으로 압축한 길이(비트)입니다. 남는 것은 모델이 압축기보다 그 그림을 얼마나 더 잘 "
            "설명하는지이며, 옷이면 크고, 다른 그림이면 작거나 없습니다. 예시 아래 표는 같은 테스트 세트에서 보정 "
            "점수를 원래 점수와 나란히 보여 줍니다."
        ),
    },
    "anomaly_complexity_how": {
        "en": """
**Complexity-corrected score** (`vae_complexity`). S(x) = −log₂ p(x) − L(x), both in bits of the 8-bit
28×28 image, calibrated like the others.

- −log₂ p(x): the VAE's negative ELBO at z = μ, in bits, with the decoder's mean grey level as the centre of a
  discretized logistic over the 256 grey levels. Its one scale (in grey levels) is the one that maximises the
  likelihood of training images. The Bernoulli ELBO of the VAE score is no likelihood of 8-bit pixels, so it
  cannot be set against a length in bits; this one can.
- L(x): zlib at level 9 on the 784 raw bytes. PNG and bzip2 were tried too; the README says which measured best.

A raw likelihood mostly measures how complex an image is; the difference cancels that, so a picture no longer
looks normal for being plain. What it cannot see: a garment turned or damaged keeps a garment's complexity,
and there the reconstruction scores do better.
""",
        "ko": """
**복잡도 보정 점수** (`vae_complexity`). S(x) = −log₂ p(x) − L(x)이며, 둘 다 8비트 28×28 이미지의 비트
단위이고, 다른 점수와 같은 방식으로 임계값을 정합니다.

- −log₂ p(x): z = μ에서 VAE의 음의 ELBO를 비트로 잰 것으로, 디코더의 평균 밝기를 256단계 밝기 위의 이산화된
  로지스틱 분포의 중심으로 씁니다. 그 하나의 척도(밝기 단계 단위)는 학습 이미지의 가능도를 최대로 하는 값입니다.
  VAE 점수의 베르누이 ELBO는 8비트 픽셀의 가능도가 아니어서 비트 길이와 비교할 수 없지만, 이것은 비교할 수 있습니다.
- L(x): 784바이트 원본에 레벨 9 zlib. PNG와 bzip2도 시험했으며, 어느 것이 가장 좋았는지는 README에 있습니다.

원래 가능도는 대부분 이미지가 얼마나 복잡한지를 잽니다. 그 차이는 이를 상쇄하므로, 밋밋하다는 이유만으로 정상처럼
보이지 않습니다. 보지 못하는 것: 돌리거나 손상된 옷은 옷의 복잡도를 그대로 지니므로, 거기서는 복원 점수가 더 낫습니다.
""",
    },
    "anomaly_auroc_header": {
        "en": (
            "**Raw against corrected, measured.** AUROC per out-of-distribution set (1 = every such picture "
            "scores above every test garment, 0.5 = chance, below 0.5 = the set looks *more* normal than clothes), "
            "from `python -m genmodels.measure.evaluate`."
        ),
        "ko": (
            "**원래 점수와 보정 점수, 측정값.** 분포 밖(OOD) 세트별 AUROC(1 = 그런 그림이 모든 테스트 옷보다 높은 "
            "점수, 0.5 = 우연, 0.5 미만 = 그 세트가 옷보다 *더* 정상으로 보임), `python -m "
            "genmodels.measure.evaluate`의 값."
        ),
    },
    "choice_vae_complexity_score": {
        "en": "VAE: bits − compressed bits (complexity-corrected)",
        "ko": "VAE: 비트 − 압축 비트 (복잡도 보정)",
    },
}

PHRASES = {  # built at request time (i18n.say)
    "anomalous": {"en": "anomalous", "ko": "이상"},
    "fpr_line": {
        "en": (
            "**{method}**: score {score:.4g} vs threshold {threshold:.4g} → **{verdict}**. "
            "The threshold flags {fpr:.1%} of normal test images (false-positive rate)."
        ),
        "ko": (
            "**{method}**: 점수 {score:.4g}, 임계값 {threshold:.4g} → **{verdict}**. "
            "이 임계값은 정상 테스트 이미지의 {fpr:.1%}를 이상으로 표시합니다(위양성률)."
        ),
    },
    "verdict": {"en": "verdict", "ko": "판정"},
    "fpr": {"en": "false-positive rate", "ko": "위양성률"},
    "h_ood_set": {"en": "out-of-distribution set", "ko": "분포 밖 세트"},
    "h_vae_raw": {"en": "VAE −ELBO (raw)", "ko": "VAE −ELBO (원래)"},
    "h_vae_bits_raw": {"en": "VAE −log₂ p(x) (raw, bits)", "ko": "VAE −log₂ p(x) (원래, 비트)"},
    "h_vae_corrected": {"en": "−log₂ p(x) − L(x) (corrected)", "ko": "−log₂ p(x) − L(x) (보정)"},
    "h_diffusion_raw": {"en": "diffusion error (raw)", "ko": "디퓨전 오차 (원래)"},
    "ood_rotated": {"en": "garments turned 90°", "ko": "90° 돌린 옷"},
    "ood_inverted": {"en": "garments, grey levels inverted", "ko": "밝기를 뒤집은 옷"},
    "ood_corrupted": {"en": "garments + noise + a white square", "ko": "옷 + 노이즈 + 흰 사각형"},
    "ood_noise": {"en": "uniform noise", "ko": "균일 노이즈"},
    "ood_digits": {"en": "digits", "ko": "숫자"},
    "ood_strokes": {"en": "pen strokes", "ko": "펜 획"},
    "ood_shapes": {"en": "shapes", "ko": "도형"},
    "ood_all": {"en": "all sets together", "ko": "모든 세트 합계"},
    "no_anomaly_metrics": {
        "en": "No anomaly measurements yet: run `python -m genmodels.measure.evaluate --sections anomaly`.",
        "ko": (
            "아직 이상 탐지 측정값이 없습니다: `python -m genmodels.measure.evaluate --sections anomaly`를 실행하세요."
        ),
    },
}
