"""The Lab tab's strings. `{name}` placeholders are measured sentences (ui/claims.py)."""

from __future__ import annotations

LABELS = {  # static: labels, intros, "How it works" (i18n.t)
    "tab_lab": {"en": "Lab", "ko": "실험실"},
    "lab_intro": {
        "en": (
            "**Train a GAN yourself, break it, and stabilise it.** A generator and a discriminator, two small "
            "networks, learn a cloud of 2-D points here and now, in your browser's request. The picture shows the "
            'discriminator as a heat map (orange: "real", blue: "generated"), the real points (dark), the '
            "generator's points (green) and where the generator's loss pushes a few of them (pink arrows). Train "
            "the standard GAN on the ring of eight modes and see how many it covers, or whether it settles on a few "
            "and hops between them (mode collapse); then switch the loss to WGAN-GP or turn on spectral norm and "
            "train the same seed again. The table below says what many seeds of each setting did."
        ),
        "ko": (
            "**GAN을 직접 학습시키고, 망가뜨리고, 안정화해 보세요.** 생성자와 판별자, 두 개의 작은 네트워크가 지금 "
            '이 요청 안에서 2차원 점 구름을 학습합니다. 그림은 판별자를 히트맵(주황: "진짜", 파랑: "생성")으로, '
            "진짜 점(어두운 색), 생성자의 점(초록), 생성자의 손실이 몇몇 점을 미는 방향(분홍 화살표)을 보여 줍니다. "
            "표준 GAN을 8개 모드의 고리에서 학습시켜 몇 개의 모드를 덮는지, 아니면 몇 개에 머물며 그 사이를 "
            "오가는지(모드 붕괴) 보세요. 그다음 손실을 WGAN-GP로 바꾸거나 스펙트럼 정규화를 켜고 같은 시드로 다시 "
            "학습해 보세요. 아래 표는 설정마다 여러 시드로 학습한 결과입니다."
        ),
    },
    "lab_how": {
        "en": """
**The networks** follow the Unrolled GAN paper's ring experiment (Metz et al. 2017): generator and
discriminator are MLPs with two hidden layers of 128 tanh units; the generator maps 2-D Gaussian noise to a
point. Adam (β₁ = 0.5), batch 128. The papers train for 25,000 to 100,000 updates at rates of 5·10⁻⁵ to 10⁻⁴;
a Lab run has about a thousand, so every rate here is 10⁻³ (change them under "More knobs").

**The losses.** *Minimax* is the original objective, min log(1 − D(G(z))): its gradient vanishes when the
discriminator wins. *Non-saturating* maximises log D(G(z)) instead, the usual fix. *Hinge* is SN-GAN's.
*WGAN* trains a critic whose score gap estimates the Wasserstein distance, kept Lipschitz by clipping its weights
to ±0.01 (RMSprop, 5 critic steps). *WGAN-GP* replaces the clipping with a gradient penalty
(λ = 0.1 on toy data, 5 critic steps, Adam (0.5, 0.9): Gulrajani et al. 2017's toy settings).

**The stabilisers.** *Spectral norm* divides each discriminator layer by its largest singular value.
*Label smoothing* trains the discriminator on real targets of 0.9 instead of 1. *D steps per G step* balances
the two players. *Batch norm* is DCGAN's architecture rule.

**The figures.** *Modes covered*: modes holding at least a quarter of their fair share of the generated points
that lie within 3σ of a mode. *High-quality samples*: the share of generated points within 3σ of a mode (the
VEEGAN and Unrolled GAN papers' measures). *D accuracy* on real and on generated points: at the equilibrium
a GAN aims for, both fall to 50%, and the discriminator's verdicts stop meaning anything.
""",
        "ko": """
**네트워크**는 Unrolled GAN 논문의 고리 실험(Metz 외, 2017)을 따릅니다. 생성자와 판별자는 128개의 tanh
유닛으로 된 은닉층 두 개짜리 MLP이고, 생성자는 2차원 가우시안 노이즈를 점 하나로 보냅니다. Adam(β₁ = 0.5),
배치 128. 논문들은 학습률 5·10⁻⁵~10⁻⁴로 25,000~100,000회 업데이트하지만 실험실의 실행은 천 회 정도이므로, 여기서는
모든 학습률이 10⁻³입니다("추가 설정"에서 바꿀 수 있습니다).

**손실.** *Minimax*는 원래 목적 함수 min log(1 − D(G(z)))로, 판별자가 이기면 기울기가 사라집니다.
*Non-saturating*은 대신 log D(G(z))를 최대화하는 흔한 해결책입니다. *Hinge*는 SN-GAN의 손실입니다.
*WGAN*은 점수 차이로 와서스타인 거리를 추정하는 비평가를 학습시키고, 가중치를 ±0.01로 잘라 립시츠 조건을
유지합니다(RMSprop, 비평가 5단계). *WGAN-GP*는 자르기 대신 기울기 페널티를 씁니다(토이
데이터에서 λ = 0.1, 비평가 5단계, Adam (0.5, 0.9): Gulrajani 외 2017의 토이 설정).

**안정화 기법.** *스펙트럼 정규화*는 판별자의 각 층을 가장 큰 특잇값으로 나눕니다. *레이블 스무딩*은 판별자의
진짜 목표값을 1 대신 0.9로 둡니다. *G 한 단계당 D 단계 수*는 두 네트워크의 균형을 맞춥니다. *배치 정규화*는
DCGAN의 구조 규칙입니다.

**지표.** *덮은 모드*: 모드의 3σ 안에 든 생성 점 가운데 공정한 몫의 4분의 1 이상을 가진 모드 수.
*고품질 샘플*: 어떤 모드의 3σ 안에 든 생성 점의 비율(VEEGAN과 Unrolled GAN 논문의 지표). 진짜 점과 생성된
점에 대한 *D 정확도*: GAN이 노리는 평형에서는 둘 다 50%로 떨어지고, 판별자의 판정은 더 이상 의미가 없습니다.
""",
    },
    "lab_gan_header": {"en": "### A GAN on 2-D points, trained live", "ko": "### 2차원 점 위의 GAN, 실시간 학습"},
    "lab_dataset": {"en": "Data", "ko": "데이터"},
    "lab_loss": {"en": "Loss", "ko": "손실"},
    "lab_steps": {"en": "Generator updates", "ko": "생성자 업데이트 수"},
    "lab_spectral_norm": {"en": "Spectral norm (discriminator)", "ko": "스펙트럼 정규화(판별자)"},
    "lab_label_smoothing": {"en": "One-sided label smoothing (0.9)", "ko": "단측 레이블 스무딩(0.9)"},
    "lab_batch_norm": {"en": "Batch norm (both networks)", "ko": "배치 정규화(두 네트워크)"},
    "lab_d_steps": {"en": "D steps per G step (0: the loss's own)", "ko": "G 한 단계당 D 단계(0: 손실의 기본값)"},
    "lab_lr_d": {"en": "D learning rate (0: the loss's own)", "ko": "D 학습률(0: 손실의 기본값)"},
    "lab_lr_g": {"en": "G learning rate (0: the loss's own)", "ko": "G 학습률(0: 손실의 기본값)"},
    "lab_more": {"en": "More knobs", "ko": "추가 설정"},
    "lab_train": {"en": "Train", "ko": "학습"},
    "lab_stop": {"en": "Stop", "ko": "정지"},
    "lab_step_d": {"en": "Step: one D update", "ko": "한 단계: D 업데이트"},
    "lab_step_g": {"en": "Step: one G update", "ko": "한 단계: G 업데이트"},
    "lab_picture": {"en": "Discriminator, real and generated points", "ko": "판별자, 진짜 점과 생성된 점"},
    "lab_losses": {"en": "Losses", "ko": "손실"},
    "lab_coverage": {"en": "Coverage and D accuracy (shares)", "ko": "모드 커버리지와 D 정확도(비율)"},
    "lab_result": {"en": "The run's figures (JSON)", "ko": "실행 결과 수치(JSON)"},
    "lab_sweep_header": {"en": "### Measured: each setting over many seeds", "ko": "### 측정: 설정마다 여러 시드"},
    "lab_sweep_intro": {
        "en": "{lab_sweep} The table gives every setting on both mixtures.",
        "ko": "{lab_sweep} 표에 두 혼합 데이터의 모든 설정이 있습니다.",
    },
    "lab_sweep_table": {"en": "The sweep, per setting", "ko": "설정별 스윕 결과"},
    "dirac_header": {
        "en": "### Dirac-GAN: why plain GAN training circles",
        "ko": "### 디랙 GAN: 평범한 GAN 학습이 맴도는 이유",
    },
    "dirac_intro": {
        "en": (
            "The smallest GAN there is (Mescheder et al. 2018): the data is the single point 0, the generator a single "
            "point θ, the discriminator the line D(x) = ψ·x. The only equilibrium is the centre, θ = ψ = 0. The "
            "arrows are the directions the two players move; the green path is gradient steps from (1, 1). Without "
            "a penalty the arrows turn around the centre and the path circles it (alternating steps) or spirals "
            "out (simultaneous steps). R1, a penalty on the discriminator's gradient on real data, bends the arrows "
            "inward and the path converges."
        ),
        "ko": (
            "가장 작은 GAN입니다(Mescheder 외, 2018). 데이터는 점 0 하나, 생성자는 점 θ 하나, 판별자는 직선 "
            "D(x) = ψ·x입니다. 유일한 평형은 중심 θ = ψ = 0입니다. 화살표는 두 플레이어가 움직이는 방향이고, 초록 "
            "경로는 (1, 1)에서 시작한 경사 단계입니다. 페널티가 없으면 화살표가 중심 둘레를 돌아, 경로는 중심을 "
            "맴돌거나(번갈아 업데이트) 바깥으로 나선을 그리며 멀어집니다(동시 업데이트). 실제 데이터에서 판별자의 "
            "기울기에 페널티를 주는 R1은 화살표를 안쪽으로 굽혀 경로가 수렴합니다."
        ),
    },
    "dirac_regulariser": {"en": "Penalty on D's gradient", "ko": "D 기울기 페널티"},
    "dirac_gamma": {"en": "Penalty weight γ", "ko": "페널티 가중치 γ"},
    "dirac_lr": {"en": "Step size", "ko": "스텝 크기"},
    "dirac_updates": {"en": "Updates", "ko": "업데이트 방식"},
    "dirac_run": {"en": "Run", "ko": "실행"},
    "dirac_steps": {"en": "Gradient steps", "ko": "경사 단계 수"},
    "dirac_picture": {
        "en": "The game's vector field and the path (θ across, ψ up)",
        "ko": "게임의 벡터장과 경로(가로 θ, 세로 ψ)",
    },
}

PHRASES = {  # built at request time (i18n.say)
    "lab_progress": {
        "en": "**{step:,}** generator updates · modes covered **{covered} of {total}** · high-quality samples "
        "**{quality:.0%}** · D accuracy real {real:.0%}, generated {fake:.0%} · {speed:,.0f} updates/s",
        "ko": "생성자 업데이트 **{step:,}**회 · 덮은 모드 **{total}개 중 {covered}개** · "
        "고품질 샘플 **{quality:.0%}** · D 정확도 진짜 {real:.0%}, 생성 {fake:.0%} · 초당 {speed:,.0f}회 업데이트",
    },
    "lab_progress_manifold": {
        "en": "**{step:,}** generator updates · D accuracy real {real:.0%}, generated {fake:.0%} · "
        "{speed:,.0f} updates/s (this data set has no separate modes to count)",
        "ko": "생성자 업데이트 **{step:,}**회 · D 정확도 진짜 {real:.0%}, 생성 {fake:.0%} · 초당 {speed:,.0f}회 "
        "업데이트(이 데이터에는 셀 수 있는 모드가 없습니다)",
    },
    "lab_stopped": {
        "en": " · stopped at the {seconds:.0f}-second limit of one run",
        "ko": " · 한 번 실행의 {seconds:.0f}초 제한에서 멈춤",
    },
    "dirac_summary": {
        "en": "After {steps:,} steps: θ = {theta:.3f}, ψ = {psi:.3f}, **{distance:.3f}** from the equilibrium.",
        "ko": "{steps:,}단계 후: θ = {theta:.3f}, ψ = {psi:.3f}, 평형에서 **{distance:.3f}** 떨어짐.",
    },
    "lab_series_d_loss": {"en": "D loss", "ko": "D 손실"},
    "lab_series_g_loss": {"en": "G loss", "ko": "G 손실"},
    "lab_series_modes_covered": {"en": "modes covered", "ko": "덮은 모드"},
    "lab_series_high_quality": {"en": "high-quality samples", "ko": "고품질 샘플"},
    "lab_series_d_accuracy_real": {"en": "D accuracy, real", "ko": "D 정확도, 진짜"},
    "lab_series_d_accuracy_fake": {"en": "D accuracy, generated", "ko": "D 정확도, 생성"},
}
