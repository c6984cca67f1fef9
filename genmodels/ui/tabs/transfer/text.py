"""The Transfer tab's strings. The measured sentences (which way won with how many labels, and why that fits) are
chosen and filled at request time by view.py from weights/metrics.json."""

from __future__ import annotations

LABELS = {  # static: labels, intros, "How it works" (i18n.t)
    "tab_transfer": {"en": "Transfer", "ko": "전이 학습"},
    "transfer_intro": {
        "en": (
            "**Transfer learning** reuses what a network learnt on one task for another. The autoencoder and the "
            "VAE learnt to compress 60,000 clothes *without labels*; here their encoder becomes the first part of a "
            "classifier that is given only 100, 1,000 or all 60,000 labels. Three ways, one architecture (the "
            "encoder + one linear layer): **from scratch** (random weights), a **frozen** pretrained encoder (only "
            "the new linear layer learns) and the same encoder **fine-tuned** (the whole network learns). Upload "
            "a garment to see what each 1,000-label classifier says."
        ),
        "ko": (
            "**전이 학습**은 한 작업에서 학습한 네트워크를 다른 작업에 다시 쓰는 방법입니다. 오토인코더와 VAE는 "
            "*라벨 없이* 옷 사진 60,000장을 압축하도록 학습했습니다. 여기서는 그 인코더를 분류기의 앞부분으로 삼고, "
            "라벨을 100개, 1,000개 또는 60,000개 전부만 줍니다. 구조는 하나(인코더 + 선형층 하나), 방법은 셋입니다: "
            "**처음부터**(무작위 가중치), 사전 학습된 인코더를 **고정**(새 선형층만 학습), 같은 인코더를 "
            "**미세 조정**(네트워크 전체 학습). 옷 사진을 올리면 라벨 1,000개로 학습한 각 분류기의 답을 볼 수 있습니다."
        ),
    },
    "transfer_how": {
        "en": """
**What each way trains.** From scratch: every weight of the network, from random values. Frozen: only the
linear head, on the AE's code or on the VAE's posterior mean μ (the table gives each way's count of trainable
weights); the encoder is the one the autoencoder learnt and stays as it is, so its features are computed once.
Fine-tuned: the pretrained encoder and a new head, the encoder at a smaller learning rate than the head so that
the first updates, pushed by a random head, do not wreck what it learnt.

**What to expect.** With few labels a network whose every weight is free can memorise its examples; a
frozen encoder leaves only a few hundred weights to fit, on features learnt from every training image, so it
overfits less. With many labels the frozen features become the limit: the autoencoder's code was learnt to
redraw the picture, not to tell a shirt from a T-shirt, and a network that may change its encoder can learn
features for the task itself. The measured line above says which of these held here.

**The protocol.** The labelled images are a class-balanced subset of the training set drawn from a seed
(10 per class at 100 labels); every run takes the same number of Adam updates, so a run costs the same whatever
its labels; accuracy is on all 10,000 test images. Command: `python -m genmodels.training.transfer` (README: Transfer
learning).
""",
        "ko": """
**각 방법이 학습하는 것.** 처음부터: 네트워크의 모든 가중치를 무작위 값에서 시작합니다. 고정: AE의 코드나 VAE의
사후 평균 μ 위의 선형 헤드만 학습합니다(각 방법의 학습되는 가중치 수는 표에 있습니다). 인코더는 오토인코더가
학습한 그대로 두므로 특징은 한 번만 계산합니다. 미세 조정: 사전 학습된 인코더와 새 헤드를 함께 학습하되, 무작위
헤드가 이끄는 처음 몇 번의 업데이트가 학습된 것을 망치지 않도록 인코더의 학습률을 헤드보다 작게 둡니다.

**예상되는 결과.** 라벨이 적으면 모든 가중치가 자유로운 네트워크는 예시를 외워 버릴 수 있습니다. 고정된
인코더는 모든 학습 이미지로 배운 특징 위에서 수백 개의 가중치만 맞추면 되므로 과적합이 덜합니다. 라벨이 많으면
고정된 특징이 한계가 됩니다. 오토인코더의 코드는 그림을 다시 그리도록 학습했지 셔츠와 티셔츠를 구분하도록
학습하지 않았고, 인코더까지 바꿀 수 있는 네트워크는 이 작업에 맞는 특징을 스스로 배울 수 있습니다. 위의 측정
문장이 여기서 실제로 무엇이 성립했는지 알려 줍니다.

**실험 방법.** 라벨이 붙은 이미지는 시드로 뽑은 클래스 균형 부분집합입니다(라벨 100개면 클래스마다 10개).
모든 실행은 같은 횟수의 Adam 업데이트를 하므로 라벨 수와 관계없이 비용이 같고, 정확도는 테스트 이미지 10,000장
전부에서 잽니다. 명령: `python -m genmodels.training.transfer` (README: Transfer learning).
""",
    },
    "transfer_results": {
        "en": "### Measured: test accuracy against the number of labels",
        "ko": "### 측정 결과: 라벨 수에 따른 테스트 정확도",
    },
    "transfer_table": {
        "en": "Test accuracy (10,000 images), trainable parameters and wall time of each way",
        "ko": "각 방법의 테스트 정확도(10,000장), 학습되는 파라미터 수, 걸린 시간",
    },
    "transfer_plot": {
        "en": "Test accuracy against the number of labels (log scale)",
        "ko": "라벨 수에 따른 테스트 정확도 (로그 눈금)",
    },
    "transfer_try": {
        "en": "### Try it: what each 1,000-label classifier predicts",
        "ko": "### 직접 해 보기: 라벨 1,000개로 학습한 각 분류기의 예측",
    },
    "transfer_predict": {"en": "Predict", "ko": "예측"},
    "transfer_predictions": {
        "en": "Predicted class and confidence of each way (trained on 1,000 labels)",
        "ko": "각 방법의 예측 클래스와 확신도 (라벨 1,000개로 학습)",
    },
}

PHRASES = {  # built at request time (i18n.say)
    "way_scratch": {"en": "from scratch", "ko": "처음부터"},
    "way_frozen_ae": {"en": "frozen AE encoder + linear head", "ko": "고정된 AE 인코더 + 선형 헤드"},
    "way_frozen_vae": {"en": "frozen VAE encoder (μ) + linear head", "ko": "고정된 VAE 인코더(μ) + 선형 헤드"},
    "way_finetuned_ae": {"en": "AE encoder, fine-tuned", "ko": "AE 인코더 미세 조정"},
    "way_finetuned_vae": {"en": "VAE encoder, fine-tuned", "ko": "VAE 인코더 미세 조정"},
    "h_way": {"en": "way", "ko": "방법"},
    "h_trainable": {"en": "trainable parameters", "ko": "학습되는 파라미터"},
    "h_accuracy_at": {"en": "accuracy, {labels} labels (%)", "ko": "정확도, 라벨 {labels}개 (%)"},
    "h_wall_s": {"en": "wall time (s)", "ko": "걸린 시간 (초)"},
    "h_cpu_s": {"en": "CPU time (s)", "ko": "CPU 시간 (초)"},
    "h_predicted": {"en": "predicted class", "ko": "예측 클래스"},
    "h_confidence": {"en": "confidence (%)", "ko": "확신도 (%)"},
    "axis_labels": {"en": "labels (log₁₀)", "ko": "라벨 수 (log₁₀)"},
    "axis_test_accuracy": {"en": "test accuracy (%)", "ko": "테스트 정확도 (%)"},
    "legend_way": {"en": "way", "ko": "방법"},
    "transfer_best": {
        "en": "with {labels} labels the most accurate is {way} ({accuracy}%; from scratch {scratch}%)",
        "ko": "라벨 {labels}개에서 가장 정확한 것은 {way}({accuracy}%, 처음부터 {scratch}%)",
    },
    "transfer_best_scratch": {
        "en": "with {labels} labels the most accurate is training from scratch ({accuracy}%)",
        "ko": "라벨 {labels}개에서 가장 정확한 것은 처음부터 학습한 것({accuracy}%)",
    },
    "transfer_measured": {"en": "Measured here: {lines}.", "ko": "여기서 측정한 결과: {lines}."},
    "transfer_frozen_wins_few": {
        "en": (
            " With the fewest labels a frozen encoder beat training from scratch: fitting a few hundred weights on "
            "features learnt from every training image overfits less than fitting the whole network."
        ),
        "ko": (
            " 라벨이 가장 적을 때 고정된 인코더가 처음부터 학습한 것보다 나았습니다. 모든 학습 이미지로 배운 특징 "
            "위에서 수백 개의 가중치만 맞추는 쪽이 네트워크 전체를 맞추는 쪽보다 과적합이 덜합니다."
        ),
    },
    "transfer_frozen_loses_few": {
        "en": (
            " A frozen encoder did not beat training from scratch even with the fewest labels: here the "
            "autoencoder's code, learnt to redraw pictures, separates the classes less well than what the whole "
            "network learnt from those few labels."
        ),
        "ko": (
            " 라벨이 가장 적을 때에도 고정된 인코더가 처음부터 학습한 것보다 낫지 않았습니다. 여기서는 그림을 다시 "
            "그리도록 배운 오토인코더의 코드가, 그 적은 라벨로 네트워크 전체가 배운 것보다 클래스를 덜 잘 나눕니다."
        ),
    },
    "transfer_finetuned_wins_many": {
        "en": (
            " With all the labels a fine-tuned encoder was best: with enough labels the whole network can adapt its "
            "features to the task, and it starts from good ones."
        ),
        "ko": (
            " 라벨을 전부 쓰면 미세 조정한 인코더가 가장 나았습니다. 라벨이 충분하면 네트워크 전체가 특징을 작업에 "
            "맞게 바꿀 수 있고, 좋은 특징에서 출발합니다."
        ),
    },
    "transfer_scratch_wins_many": {
        "en": (
            " With all the labels training from scratch was best: enough labels make the pretrained start unnecessary."
        ),
        "ko": (
            " 라벨을 전부 쓰면 처음부터 학습한 것이 가장 나았습니다. 라벨이 충분하면 사전 학습된 출발점이 필요 "
            "없습니다."
        ),
    },
    "transfer_frozen_wins_many": {
        "en": " With all the labels a frozen encoder was still best.",
        "ko": " 라벨을 전부 써도 고정된 인코더가 가장 나았습니다.",
    },
    "no_transfer": {
        "en": "No transfer measurements yet: run `python -m genmodels.training.transfer`.",
        "ko": "아직 전이 학습 측정이 없습니다: `python -m genmodels.training.transfer`를 실행하세요.",
    },
    "transfer_note": {
        "en": (
            "Each run: {updates} Adam updates of {batch} images, seed {seed}; the whole experiment took {minutes} min "
            "({cpu_minutes} min of CPU time) on {threads} CPU thread(s) (`python -m genmodels.training.transfer`)."
        ),
        "ko": (
            "각 실행: 이미지 {batch}장씩 Adam 업데이트 {updates}번, 시드 {seed}. 전체 실험은 CPU 스레드 {threads}개로 "
            "{minutes}분(CPU 시간 {cpu_minutes}분) 걸렸습니다 (`python -m genmodels.training.transfer`)."
        ),
    },
}
