"""match stage of the pipeline."""
