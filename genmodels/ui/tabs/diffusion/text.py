"""The Diffusion tab's strings. `{name}` placeholders are measured sentences (ui/claims.py)."""

from __future__ import annotations

LABELS = {  # static: labels, intros, "How it works" (i18n.t)
    "tab_diffusion": {"en": "Diffusion", "ko": "디퓨전"},
    "diffusion_intro": {
        "en": (
            "A **diffusion model** learns to undo noise: starting from pure Gaussian noise, a UNet removes a "
            "little noise at each of many steps until a picture remains. It can be steered towards a class "
            "(guidance).{diffusion_rank} Its known failure is speed: an image needs tens "
            "to hundreds of network calls, so watch the frames arrive."
        ),
        "ko": (
            "**디퓨전 모델**은 노이즈를 되돌리는 법을 배웁니다. 순수한 가우시안 노이즈에서 시작해 UNet이 여러 스텝에 "
            "걸쳐 노이즈를 조금씩 걷어내면 그림이 남습니다. 원하는 클래스로 유도(가이던스)할 수 "
            "있습니다.{diffusion_rank} 알려진 약점은 속도입니다. 이미지 한 장에 네트워크 호출이 수십~수백 번 필요하니, "
            "프레임이 도착하는 모습을 지켜보세요."
        ),
    },
    "diffusion_how": {
        "en": """
**Forward process.** q(x_t | x_0) = N(√ᾱ_t · x_0, (1 − ᾱ_t) I): a fixed cosine schedule mixes the image
with more and more Gaussian noise over T = 1000 steps (try the slider below).

**Network and loss.** A UNet (28→14→7 px, self-attention at 7×7) sees x_t, t and the
class, and predicts the velocity v = √ᾱ_t · ε − √(1 − ᾱ_t) · x_0, a mix of the added noise ε and the image
(the diffusion model card compares it with predicting ε alone); loss ‖v − v̂‖². Weights are an exponential
moving average (decay 0.999) of the trained ones.

**Guidance.** During training the class label is dropped 10% of the time, so one network is both
conditional and unconditional. Sampling mixes the two: v = v_uncond + w·(v_cond − v_uncond), which mixes the
implied noise predictions ε the same way; w = 0 ignores
the class, 1 is the conditional model, larger w gives more typical but less varied images. A w above 1 acts
only at the less noisy timesteps{guidance_interval}: applied at the noisiest steps it can over-drive the layout
into cluttered, saturated shapes.{guidance_accuracy}{any_class}

**Samplers.** DDPM adds fresh noise at every step (stochastic, made for many steps). DDIM takes far fewer
steps. At η = 0 it follows a deterministic path; at η = 1 (the default here) every step re-draws DDPM's share
of the noise, which can wash out part of the network's earlier mistakes.{ddim_vs_ddpm}
Set η = 0 to see the deterministic sampler. DPM++ 2M (with Karras σ, or its SDE variant), UniPC and DEIS are
higher-order solvers that reuse earlier network outputs, Euler is a first-order ODE step and Heun a second-order
one that calls the network twice a step; η is DDIM's alone. Timesteps are "leading" (the last 1000/steps left
out at the noisy end) or "trailing" (starting from pure noise, t = 999).{default_sampler}
After sampling, scrub through the stored steps: x_t is the noisy sample, predicted x₀ is the network's
current guess of the final image.
""",
        "ko": """
**순방향 과정.** q(x_t | x_0) = N(√ᾱ_t · x_0, (1 − ᾱ_t) I): 고정된 코사인 스케줄이 T = 1000 스텝에 걸쳐 이미지에
점점 더 많은 가우시안 노이즈를 섞습니다(아래 슬라이더로 확인해 보세요).

**네트워크와 손실.** UNet(28→14→7 px, 7×7에서 셀프 어텐션)이 x_t, t, 클래스를 보고 더해진
노이즈 ε와 이미지를 섞은 속도 v = √ᾱ_t · ε − √(1 − ᾱ_t) · x_0를 예측합니다(ε만 예측할 때와의 비교는 디퓨전
모델 카드에 있음). 손실은 ‖v − v̂‖². 가중치는 학습된 가중치의 지수이동평균(감쇠 0.999)입니다.

**가이던스.** 학습 중 10%의 확률로 클래스 레이블을 지우므로 한 네트워크가 조건부이자 무조건부 모델입니다. 샘플링할 때
둘을 섞습니다: v = v_uncond + w·(v_cond − v_uncond)(여기서 나오는 노이즈 예측 ε도 같은 식으로 섞임). w = 0이면 \
클래스를 무시하고, 1이면 조건부 모델 그대로,
w가 클수록 전형적이지만 덜 다양한 이미지가 나옵니다. 1보다 큰 w는 노이즈가 적은 타임스텝{guidance_interval}에만 \
적용합니다.
노이즈가 가장 많은 스텝에 적용하면 형태를 과하게 밀어붙여 어수선하고 포화된 모양이 나올 수 \
있습니다.{guidance_accuracy}{any_class}

**샘플러.** DDPM은 매 스텝 새 노이즈를 더합니다(확률적, 많은 스텝용). DDIM은 훨씬 적은 스텝을 씁니다. η = 0이면
결정론적 경로를 따르고, η = 1(여기서의 기본값)이면 매 스텝 DDPM 몫의 노이즈를 새로 뽑아 네트워크가 앞서 한 실수를
일부 씻어낼 수 있습니다.{ddim_vs_ddpm}
결정론적 샘플러를 보려면 η = 0으로 두세요. DPM++ 2M(Karras σ 또는 SDE 변형 포함), UniPC, DEIS는 앞선 네트워크 출력을
재사용하는 고차 솔버이고, Euler는 1차 ODE 스텝, Heun은 스텝마다 네트워크를 두 번 호출하는 2차 스텝입니다. η는 DDIM에만
있습니다. 타임스텝은 "leading"(노이즈 쪽 끝의 1000/스텝 구간을 빼고 시작) 또는 "trailing"(순수 노이즈 t = 999에서
시작)입니다.{default_sampler} 샘플링이 끝나면 저장된 스텝을
훑어보세요. x_t는 노이즈 섞인 샘플, 예측 x₀는 네트워크가 현재 추측하는 최종 이미지입니다.
""",
    },
    "class_name": {"en": "Class", "ko": "클래스"},
    "traj_header": {"en": "### Scrub through the reverse process", "ko": "### 역방향 과정 훑어보기"},
    "traj_step": {"en": "Stored step", "ko": "저장된 스텝"},
    "traj_show": {"en": "Show", "ko": "표시"},
    "traj_x_t": {"en": "x_t (the noisy sample)", "ko": "x_t (노이즈 섞인 샘플)"},
    "traj_x0": {"en": "predicted x₀", "ko": "예측 x₀"},
    "traj_image": {"en": "The first 16 samples at this step", "ko": "이 스텝의 처음 16개 샘플"},
    "forward_header": {
        "en": "### The forward process: noise an image",
        "ko": "### 순방향 과정: 이미지에 노이즈 더하기",
    },
    "t": {"en": "t (0 = the image, 999 = pure noise)", "ko": "t (0 = 원본 이미지, 999 = 순수 노이즈)"},
    "add_noise": {"en": "Add noise", "ko": "노이즈 더하기"},
    "x_t": {"en": "x_t", "ko": "x_t"},
    "spacing": {"en": "Timestep spacing", "ko": "타임스텝 간격"},
    "compare_header": {"en": "### Same seed, every sampler", "ko": "### 같은 시드, 모든 샘플러"},
    "race_nfe": {
        "en": "Network calls per image (each sampler takes the steps that fit; Heun makes two a step)",
        "ko": "이미지당 네트워크 호출 수 (샘플러마다 맞는 스텝 수, Heun은 스텝마다 두 번)",
    },
    "race_gallery": {"en": "One seed through every sampler", "ko": "한 시드를 모든 샘플러로"},
    "compare_samplers": {"en": "Race the samplers", "ko": "샘플러 경주"},
}

PHRASES = {  # built at request time (i18n.say)
    "race_caption": {"en": "{sampler}-{steps}: {seconds:.2f} s", "ko": "{sampler}-{steps}: {seconds:.2f}초"},
    "race_caption_fd": {
        "en": "{sampler}-{steps}: {seconds:.2f} s, FD {fd:.1f} measured",
        "ko": "{sampler}-{steps}: {seconds:.2f}초, 측정 FD {fd:.1f}",
    },
    "alpha_bar": {
        "en": "ᾱ_t = {alpha_bar:.4f}, signal-to-noise ratio ᾱ/(1−ᾱ) = {snr:.4g}",
        "ko": "ᾱ_t = {alpha_bar:.4f}, 신호 대 잡음비 ᾱ/(1−ᾱ) = {snr:.4g}",
    },
}
