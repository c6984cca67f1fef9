"""A Fashion-MNIST classifier built on the autoencoders' encoder: conv_encoder -> features -> a linear head.

The transfer-learning experiment (genmodels.training.transfer) trains it three ways: from scratch (random weights), on a
frozen pretrained encoder (only the head learns) and fine-tuned (the pretrained encoder and the head learn).
The encoder is exactly the AE's and the VAE's (models/autoencoder.conv_encoder), so their shipped weights load
into it as they are. The VAE's encoder outputs (μ, log σ²); `feature_dim` keeps the first half, μ, the
deterministic posterior-mean path (the same code as zoo.reconstruction.latent_code).
"""

from __future__ import annotations

import torch
from torch import nn

from .autoencoder import AutoEncoder, conv_encoder
from .base import HubModule
from .vae import VAE

# The ways the experiment builds the classifier (genmodels.training.transfer's docstring says each), in the order
# tables and the app show them; the 1,000-label network of each ships in weights/transfer/<way>/.
TRANSFER_WAYS = ("scratch", "frozen_ae", "frozen_vae", "finetuned_ae", "finetuned_vae")
TRANSFER_FOLDER = "transfer"


class EncoderClassifier(HubModule):
    def __init__(
        self,
        encoder_outputs: int = 32,
        feature_dim: int = 32,
        channels: tuple[int, int] = (32, 64),
        num_classes: int = 10,
    ):
        super().__init__()
        if not 1 <= feature_dim <= encoder_outputs:
            raise ValueError(f"feature_dim must be in [1, encoder_outputs={encoder_outputs}], got {feature_dim}")
        self.feature_dim = feature_dim
        self.encoder = conv_encoder(tuple(channels), encoder_outputs)
        self.head = nn.Linear(feature_dim, num_classes)

    @classmethod
    def on_encoder_of(cls, pretrained: AutoEncoder | VAE, num_classes: int = 10) -> EncoderClassifier:
        """A classifier whose encoder is a copy of a trained AE's or VAE's (a new, random head)."""
        sparse = isinstance(pretrained, AutoEncoder) and (
            pretrained.top_k or not isinstance(pretrained.latent_activation, nn.Identity)
        )
        if sparse:
            raise ValueError("only a plain AE's code is its encoder's output; a sparse AE's is not")
        feature_dim = pretrained.latent_dim
        encoder_outputs = pretrained.encoder[-1].out_features  # the VAE's holds μ and log σ²
        channels = (pretrained.encoder[0].out_channels, pretrained.encoder[2].out_channels)
        model = cls(encoder_outputs, feature_dim, channels, num_classes)
        model.encoder.load_state_dict(pretrained.encoder.state_dict())
        return model

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """Image in [-1, 1] -> (N, feature_dim): the AE's code, the VAE's posterior mean μ."""
        return self.encoder(x)[:, : self.feature_dim]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """-> class logits (N, num_classes)."""
        return self.head(self.features(x))
