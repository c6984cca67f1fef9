"""The Transfer tab: view.py builds it, text.py holds its strings."""
