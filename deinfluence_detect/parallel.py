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
    from .transcripts import Segment, Transcript
    items = [Transcript([Segment(*s) for s in x[1]], timed=x[2], live=x[3])
             if isinstance(x, tuple) and x and x[0] == "__transcript__" else x for x in chunk]
    return [r.model_dump_json() for r in _WORKER.analyze_many(items, batch_size=len(items) or 1)]


def _portable(item):
    """Only JSON-able data crosses processes: a Transcript travels as its segments and is rebuilt."""
    from .transcripts import Transcript
    if isinstance(item, Transcript):
        return ("__transcript__", [(s.start, s.end, s.text) for s in item.segments], item.timed, item.live)
    return item


def analyze_in_pool(config: dict, items: Iterable, *, batch_size: int, n_process: int,
                    max_pending: Optional[int] = None) -> Iterator[Report]:
    """Yield reports in input order; at most `max_pending` chunks in flight (bounded memory)."""
    from .detector import Detector
    it = iter(_portable(x) for x in items)

    def coerce(x):
        if isinstance(x, tuple) and x and x[0] == "__transcript__":
            return x
        return Detector._coerce(x)
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
