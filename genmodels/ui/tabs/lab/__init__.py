"""The Lab tab: view.py builds it, frames.py draws a run, text.py holds its strings."""
