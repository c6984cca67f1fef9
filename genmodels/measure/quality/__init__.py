"""The evaluation's sections (`genmodels evaluate`): settings (what and how much), run (what every section shares),
one module per section (generation, guidance, reconstruction, denoising, anomaly, one_class) and inception (the
optional standard FID). The protocol of each is in docs/measuring.md."""
