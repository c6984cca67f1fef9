"""The builders of the shipped files the app reads besides the networks; rerun one after retraining its model.

- calibrate:      the anomaly thresholds and histograms -> weights/anomaly.json          (`genmodels calibrate`)
- ae_gmm:         the AE's Gaussian mixture over its codes -> weights/ae/gmm.safetensors (`genmodels ae-gmm`)
- nearest_index:  the training images and features -> weights/nearest/                  (`genmodels nearest-index`)

`genmodels build` runs all three.
"""
