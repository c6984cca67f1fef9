"""One folder per tab: view.py builds the tab and wires its events; text.py holds its strings (i18n.py).

Nothing is imported here, so i18n.py can read every tab's text.py without building any tab."""
