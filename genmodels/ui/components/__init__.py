"""What several tabs share: event declarations and picture widgets (common), links to a view (links), plots,
measured tables (measured), training curves (curves) and the nearest-training-images panel (memorisation)."""
