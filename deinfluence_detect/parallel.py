"""Opt-in multi-process analysis: a plain process pool whose workers rebuild the Detector from JSON config.

spaCy's ``nlp.pipe(n_process=N)`` serialises whole Docs and is ~40x slower on captions; here only text goes in
and report JSON comes out.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Iterable, Iterator, Optional

from .models import Report

_WORKER = None


def _init(config: dict) -> None:
    global _WORKER
    from .detector import Detector
    _WORKER = Detector(config["jurisdiction"], pack_folders=config["pack_folders"],
                       bundled_packs=config["bundled_packs"])


def _work(chunk: list) -> list[str]:
    return [r.model_dump_json() for r in _WORKER.analyze_many(chunk, batch_size=len(chunk) or 1)]


def analyze_in_pool(config: dict, items: Iterable, *, batch_size: int, n_process: int,
                    max_pending: Optional[int] = None) -> Iterator[Report]:
    """Yield reports in input order; at most `max_pending` chunks in flight (bounded memory)."""
    from .detector import Detector
    coerce = Detector._coerce
    it = iter(items)
    pending = max_pending or n_process * 4
    with ProcessPoolExecutor(max_workers=n_process, initializer=_init, initargs=(config,)) as pool:
        futures = []
        while True:
            while len(futures) < pending:
                chunk = [coerce(x) for x in islice(it, batch_size)]
                if not chunk:
                    break
                futures.append(pool.submit(_work, chunk))
            if not futures:
                return
            for js in futures.pop(0).result():
                yield Report.model_validate_json(js)
