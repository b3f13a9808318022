"""compose stage of the pipeline."""
