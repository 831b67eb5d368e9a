"""The learned decisions of the story memory: small logistic models over features it computes.

Three decisions are learned rather than hand-set: whether an article joins a candidate story
(`join`) and whether a near copy is a duplicate of an earlier article (`duplicate`), fitted by
`bench/fit_decisions.py` on labelled real news (and our scenario arcs); and whether an article
that would open a story is a decoy that only shares the topic's words (`decoy`), fitted by
`bench/fit_decoys.py` on the scenario arcs (the real sets have no topic). Their weights are data,
`decisions.json` beside this file, fitted with `fit_logistic` below; the file names what each
was fitted on.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

DECISIONS_FILE = Path(__file__).with_name("decisions.json")


@dataclass(frozen=True, slots=True)
class LogisticModel:
    """p = sigmoid(bias + sum(weight * feature)); `threshold` is the probability that decides,
    `cross_language_threshold` (if fitted) the one for examples whose `cross_language` feature
    is set: across languages the words say less, and the same probability means more."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5
    cross_language_threshold: float | None = None

    def logit(self, values: dict[str, float]) -> float:
        return self.bias + sum(
            w * values[name] for name, w in zip(self.features, self.weights, strict=True)
        )

    def probability(self, values: dict[str, float]) -> float:
        z = self.logit(values)
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def cut(self, values: dict[str, float]) -> float:
        """The probability from which an example with these feature values is a yes."""
        if self.cross_language_threshold is not None and values.get("cross_language", 0.0) > 0:
            return self.cross_language_threshold
        return self.threshold

    def as_dict(self) -> dict[str, Any]:
        raw: dict[str, Any] = {
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
        }
        if self.cross_language_threshold is not None:
            raw["cross_language_threshold"] = self.cross_language_threshold
        return raw

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> LogisticModel:
        features = tuple(str(f) for f in raw["features"])
        weights = tuple(float(w) for w in raw["weights"])
        if len(features) != len(weights):
            raise ValueError("a model needs one weight per feature")
        cross = raw.get("cross_language_threshold")
        return cls(
            features,
            weights,
            float(raw["bias"]),
            float(raw.get("threshold", 0.5)),
            None if cross is None else float(cross),
        )


@dataclass(frozen=True, slots=True)
class Decisions:
    join: LogisticModel
    duplicate: LogisticModel
    version: int
    fitted_on: str
    # absent from a file fitted before it: no article is judged a decoy by it
    decoy: LogisticModel | None = None


@cache
def load_decisions(path: Path = DECISIONS_FILE) -> Decisions:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Decisions(
        join=LogisticModel.from_dict(raw["join"]),
        duplicate=LogisticModel.from_dict(raw["duplicate"]),
        version=int(raw["version"]),
        fitted_on=str(raw.get("fitted_on", "")),
        decoy=LogisticModel.from_dict(raw["decoy"]) if "decoy" in raw else None,
    )


def fit_logistic(
    rows: list[dict[str, float]],
    labels: list[int],
    features: tuple[str, ...],
    l2: float = 1.0,
    weights: list[float] | None = None,
) -> LogisticModel:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised);
    `weights` weigh the examples (e.g. to balance data sets of very different sizes)."""
    x = np.array([[row[f] for f in features] for row in rows], dtype=float)
    y = np.array(labels, dtype=float)
    w_examples = np.ones(len(rows)) if weights is None else np.array(weights, dtype=float)
    x = np.hstack([np.ones((len(rows), 1)), x])
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -50, 50)))
        gradient = x.T @ (w_examples * (p - y)) + penalty * beta
        hessian = (
            (x.T * (w_examples * p * (1 - p))) @ x + np.diag(penalty) + 1e-9 * np.eye(len(beta))
        )
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    return LogisticModel(features, tuple(float(b) for b in beta[1:]), float(beta[0]))
