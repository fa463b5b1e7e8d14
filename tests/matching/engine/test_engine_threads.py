"""A web worker's threads share one index (gunicorn gthread: four a process): its memo of query vectors must
not fail when several threads fill and trim it at once (the load table's 12-second match row, some 850 distinct
queries a process, met it full: one answer of 1,705 was not a 200; ADR 0024)."""

import sys
import threading

from innobelt.matching.engine import MatchIndex
from tests.matching.engine.test_engine_index import RECORDS


def test_threads_filling_and_trimming_the_query_memo_at_once_never_fail(hash_encoder):
    index = MatchIndex(encoder=hash_encoder)
    index.build(RECORDS)
    index.QUERY_MEMO = 4  # trimmed at almost every query, as a full memo of 512 is under distinct queries
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def ask(number: int) -> None:
        start.wait()
        for turn in range(300):
            try:
                index.search(f"锂电池隔膜 检测 {number} {turn}", k=3)
            except BaseException as exc:  # collected: the assertion below names them
                failures.append(exc)

    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads change hands between any two steps, as a busy worker's do
    try:
        threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switching)
    assert failures == []
    assert len(index._qmemo) <= 4
