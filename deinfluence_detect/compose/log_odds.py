"""The shape both statistical second opinions share (compose/judgement_model.py, compose/read_model.py): naive Bayes
log-odds weights per feature plus a prior, stored as JSON beside the packs by a training script."""
from __future__ import annotations

import json
from importlib import resources
from typing import Iterable


class LogOddsModel:
    """Log-odds weights per feature plus a prior (`bias`); a score is the prior plus the weights of the features."""

    def __init__(self, weights: dict[str, float], bias: float):
        self.weights = weights
        self.bias = bias

    @classmethod
    def from_json(cls, data: dict):
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]))

    @classmethod
    def bundled(cls, *resource: str):
        """The model stored at `resource` inside the packs' package (`deinfluence_detect.patterns`)."""
        path = resources.files("deinfluence_detect.patterns").joinpath(*resource)
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    def total(self, features: Iterable[str]) -> float:
        w = self.weights
        return self.bias + sum(w.get(f, 0.0) for f in features)
