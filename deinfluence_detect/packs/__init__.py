"""packs stage of the pipeline."""
