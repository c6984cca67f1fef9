"""The page's own strings: the title bar, its subtitle and the model status (ui/app.py)."""

from __future__ import annotations

LABELS = {  # static: labels, intros, "How it works" (i18n.t)
    "title": {
        "en": "# genmodels: four kinds of generative model on Fashion-MNIST",
        "ko": "# genmodels: Fashion-MNIST로 보는 네 가지 생성 모델",
    },
    "subtitle": {
        "en": (
            "An **autoencoder**, a **VAE**, three **GANs** and a **diffusion model**, each trained on 70,000 "
            "28×28 pictures of clothes, side by side. Every tab runs the real models; every button is also a web "
            "API endpoint (see *Use via API* at the bottom of the page)."
        ),
        "ko": (
            "**오토인코더**, **VAE**, 세 가지 **GAN**, **디퓨전 모델**을 28×28 옷 사진 70,000장으로 학습해 나란히 "
            "비교합니다. 모든 탭은 실제 모델을 실행하며, 모든 버튼은 웹 API 엔드포인트이기도 합니다(페이지 아래 "
            "*Use via API* 참고)."
        ),
    },
    "model_status": {"en": "Which models are loaded", "ko": "불러온 모델"},
}
