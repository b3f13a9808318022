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


def _rebuild(x):
    from .transcripts import Segment, Transcript, Video
    if isinstance(x, tuple) and x and x[0] == "__transcript__":
        return Transcript([Segment(*s) for s in x[1]], timed=x[2], live=x[3])
    if isinstance(x, tuple) and x and x[0] == "__video__":
        return Video(description=x[1], platform=x[2], transcript=_rebuild(x[3]) if x[3] is not None else None)
    return x


def _work(chunk: list) -> list[str]:
    items = [_rebuild(x) for x in chunk]
    return [r.model_dump_json() for r in _WORKER.analyze_many(items, batch_size=len(items) or 1)]


def _portable(item):
    """Only JSON-able data crosses processes: a Transcript travels as its segments, a Video as its parts."""
    from .transcripts import Transcript, Video
    if isinstance(item, Transcript):
        return ("__transcript__", [(s.start, s.end, s.text) for s in item.segments], item.timed, item.live)
    if isinstance(item, Video):
        return ("__video__", item.description, item.platform,
                _portable(item.transcript) if item.transcript is not None else None)
    return item


def analyze_in_pool(config: dict, items: Iterable, *, batch_size: int, n_process: int,
                    max_pending: Optional[int] = None) -> Iterator[Report]:
    """Yield reports in input order; at most `max_pending` chunks in flight (bounded memory)."""
    from .detector import Detector
    it = iter(_portable(x) for x in items)

    def coerce(x):
        if isinstance(x, tuple) and x and x[0] in ("__transcript__", "__video__"):
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
