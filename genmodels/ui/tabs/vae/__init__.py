"""The VAE tab: view.py builds it (lessons.py: its two lessons about latent spaces), text.py holds its strings."""
