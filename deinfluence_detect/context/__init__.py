"""context stage of the pipeline."""
