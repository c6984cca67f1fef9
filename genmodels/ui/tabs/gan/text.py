"""The GAN tab's strings. `{name}` placeholders are measured sentences (ui/claims.py)."""

from __future__ import annotations

LABELS = {  # static: labels, intros, "How it works" (i18n.t)
    "tab_gan": {"en": "GAN", "ko": "GAN"},
    "gan_intro": {
        "en": (
            "A **GAN** trains a generator to turn random noise into images that a second network, the "
            "discriminator, cannot tell from real ones. It gives sharp samples in a single network call. Known "
            "failures: training is unstable, and the generator can collapse onto a few kinds of garment (mode "
            "collapse), which the meter below measures."
        ),
        "ko": (
            "**GAN**은 생성자가 무작위 노이즈를 이미지로 바꾸도록 학습시키고, 두 번째 네트워크인 판별자가 진짜와 "
            "구별하지 못하게 만듭니다. 네트워크를 한 번만 호출해 선명한 샘플을 얻습니다. 알려진 약점: 학습이 "
            "불안정하고, 생성자가 몇 가지 옷에만 몰리는 모드 붕괴가 일어날 수 있습니다. 아래 측정기로 확인해 보세요."
        ),
    },
    "gan_how": {
        "en": """
**Generator (shared by the three variants).** A 64-d noise vector z → 7×7 → 14×14 → 28×28 through transposed
convolutions with batch norm, tanh at the end. Each variant ships the exponential moving average of its
generator's weights (decay 0.999, about the last 1,000 updates) rather than the last update's: the raw generator
chases a moving discriminator and jitters from update to update; the average sits nearer the middle.

**DCGAN.** The discriminator outputs a real/fake probability; binary cross-entropy for both networks;
batch norm; one-sided label smoothing (real labels 0.9) so the discriminator does not become
over-confident; Adam with lr 2·10⁻⁴, β₁ = 0.5.

**WGAN-GP.** The critic outputs an unbounded score whose gap between real and generated images estimates
the Wasserstein distance; a gradient penalty (λ = 10) keeps the critic 1-Lipschitz; 5 critic steps per
generator step; no batch norm in the critic (it would break the per-sample penalty). The Wasserstein loss
is meant to train more steadily and collapse less than DCGAN's.{gan_stability}

**SN-GAN.** Spectral normalisation divides each discriminator layer's weights by their largest singular value
(one power-iteration step per update), which bounds how fast the discriminator can change its verdict without a
penalty term; hinge loss; no batch norm in the discriminator.

**Truncation ψ** multiplies z: ψ < 1 stays near the centre of the noise distribution (cleaner, less varied),
ψ > 1 goes to its tails. **The latent walk** decodes points on the great circle (slerp) between two seeds' z.
""",
        "ko": """
**생성자(세 변형이 공유).** 64차원 노이즈 z → 7×7 → 14×14 → 28×28, 배치 정규화를 쓴 전치 합성곱, 마지막은 tanh.
각 변형은 마지막 업데이트의 가중치가 아니라 생성자 가중치의 지수 이동 평균(감쇠 0.999, 대략 최근 1,000번의
업데이트)을 배포합니다. 원래 생성자는 계속 움직이는 판별자를 쫓느라 업데이트마다 흔들리고, 평균은 그 중심에 더 \
가깝습니다.

**DCGAN.** 판별자가 진짜일 확률을 출력하고 두 네트워크 모두 이진 교차 엔트로피를 씁니다. 배치 정규화,
판별자가 과신하지 않도록 한쪽 레이블 스무딩(진짜 레이블 0.9), Adam (lr 2·10⁻⁴, β₁ = 0.5).

**WGAN-GP.** 크리틱이 경계 없는 점수를 출력하고, 진짜와 생성 이미지의 점수 차이로 바서슈타인 거리를 추정합니다.
그래디언트 페널티(λ = 10)가 크리틱을 1-립시츠로 유지하고, 생성자 1스텝마다 크리틱을 5스텝 학습합니다.
크리틱에는 배치 정규화를 쓰지 않습니다(샘플별 페널티가 깨지므로). 바서슈타인 손실은
DCGAN의 손실보다 안정적으로 학습하고 모드 붕괴가 적도록 고안되었습니다.{gan_stability}

**SN-GAN.** 스펙트럼 정규화는 판별자 각 층의 가중치를 가장 큰 특잇값으로 나눕니다(업데이트마다 거듭제곱 반복 한 번).
페널티 항 없이 판별자의 판정이 변할 수 있는 속도를 제한합니다. 힌지 손실을 쓰고, 판별자에 배치 정규화는 쓰지 않습니다.

**절단 ψ**는 z에 곱해집니다. ψ < 1이면 노이즈 분포의 중심 근처(깔끔하지만 덜 다양), ψ > 1이면 꼬리 쪽입니다.
**잠재 공간 걷기**는 두 시드의 z 사이 대원(slerp) 위의 점들을 디코딩합니다.
""",
    },
    "truncation": {"en": "Truncation ψ", "ko": "절단 ψ"},
    "variant_left": {"en": "Left panel", "ko": "왼쪽 패널"},
    "variant_right": {"en": "Right panel", "ko": "오른쪽 패널"},
    "gan_sample": {"en": "Sample both (same seeds)", "ko": "둘 다 샘플링 (같은 시드)"},
    "walk_header": {"en": "### Latent walk between two seeds", "ko": "### 두 시드 사이 잠재 공간 걷기"},
    "seed_a": {"en": "Seed A", "ko": "시드 A"},
    "seed_b": {"en": "Seed B", "ko": "시드 B"},
    "walk_steps": {"en": "Frames", "ko": "프레임 수"},
    "variant": {"en": "Variant", "ko": "변형"},
    "walk": {"en": "Walk", "ko": "걷기"},
    "walk_frames": {"en": "Frames (seed A first)", "ko": "프레임 (시드 A가 처음)"},
    "meter_header": {"en": "### Mode-collapse meter", "ko": "### 모드 붕괴 측정기"},
    "meter_help": {
        "en": (
            "256 samples per variant, each labelled by the shipped Fashion-MNIST classifier. A healthy generator "
            "spreads over all 10 classes (about 26 each); a collapsed one piles into a few."
        ),
        "ko": (
            "변형마다 샘플 256장을 만들어 함께 제공되는 Fashion-MNIST 분류기로 분류합니다. 건강한 생성자는 10개 "
            "클래스에 고루(각 약 26장) 퍼지고, 붕괴한 생성자는 몇 개 클래스에 몰립니다."
        ),
    },
    "measure": {"en": "Measure", "ko": "측정"},
    "histogram_dcgan": {"en": "DCGAN: samples per class", "ko": "DCGAN: 클래스별 샘플 수"},
    "histogram_wgan": {"en": "WGAN-GP: samples per class", "ko": "WGAN-GP: 클래스별 샘플 수"},
    "histogram_sn_gan": {"en": "SN-GAN: samples per class", "ko": "SN-GAN: 클래스별 샘플 수"},
}

PHRASES = {  # built at request time (i18n.say)
    "coverage": {
        "en": "{variant}: {covered}/10 classes get at least 1% of the samples; the largest class has {top:.0%}.",
        "ko": "{variant}: 10개 중 {covered}개 클래스가 샘플의 1% 이상을 차지하고, 가장 많은 클래스가 {top:.0%}입니다.",
    },
}
