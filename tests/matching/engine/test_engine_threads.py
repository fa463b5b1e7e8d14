"""A web worker's threads share one index (gunicorn gthread: four a process): what it keeps between queries (the
query vectors, the filters' masks, the stored records' file) must hold when several threads use it at once (the
load table's 12-second match row met the full query memo: one answer of 1,705 was not a 200; ADRs 0201, 0024)."""

import sys
import threading

import pytest

from innobelt.matching.engine import MatchIndex, Record
from tests.matching.engine.test_engine_index import RECORDS


def _run_together(work, threads: int = 8) -> list[BaseException]:
    failures: list[BaseException] = []
    start = threading.Barrier(threads)

    def run(number: int) -> None:
        start.wait()
        try:
            work(number)
        except BaseException as exc:  # collected: the assertions name them
            failures.append(exc)

    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads change hands between any two steps, as a busy worker's do
    try:
        started = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
        for thread in started:
            thread.start()
        for thread in started:
            thread.join()
    finally:
        sys.setswitchinterval(switching)
    return failures


def test_threads_filling_and_trimming_the_query_memo_at_once_never_fail(hash_encoder):
    index = MatchIndex(encoder=hash_encoder)
    index.build(RECORDS)
    index.QUERY_MEMO = 4  # trimmed at almost every query, as a full memo of 512 is under distinct queries

    def ask(number: int) -> None:
        for turn in range(300):
            index.search(f"锂电池隔膜 检测 {number} {turn}", k=3)

    assert _run_together(ask) == []
    assert len(index._qmemo) <= 4


class _Forgetful(dict):
    """A records cache that keeps nothing: every read goes to the records file, as reads past the cache do."""

    def __setitem__(self, key, value) -> None:
        pass


def test_threads_reading_stored_records_at_once_each_get_their_own(hash_encoder, tmp_path):
    """The records of a saved index are read from one file by seeking and reading a line: two threads at once
    could each read the line the other sought (a result shown with another record's id, title and audience)."""
    records = [Record(id=f"r{n}", title=f"记录 {n}", text=f"第 {n} 号记录的说明文字 record number {n}",
                      facets={"audience": [f"org:{n}"]}) for n in range(200)]
    built = MatchIndex(encoder=hash_encoder)
    built.build(records)
    built.save(tmp_path)
    segment = MatchIndex.load(tmp_path, encoder=hash_encoder).main
    segment._records_cache = _Forgetful()
    expected = {ordinal: segment.record(ordinal)["id"] for ordinal in range(segment.n_records)}
    wrong: list[tuple[int, str]] = []

    def read(number: int) -> None:
        for turn in range(600):
            ordinal = (number * 37 + turn * 11) % segment.n_records
            found = segment.record(ordinal)["id"]
            if found != expected[ordinal]:
                wrong.append((ordinal, found))

    assert _run_together(read) == []
    assert wrong == []


def test_threads_asking_with_many_filters_at_once_never_fail(index_with_audiences):
    """The segment keeps the masks of its last 16 filters: signed-in people ask with their own audiences, so it is
    trimmed at almost every query; two threads trimming at once popped one key twice (a KeyError)."""
    index = index_with_audiences

    def ask(number: int) -> None:
        for turn in range(150):
            index.search("锂电池隔膜", k=3, filters={"audience": ["public", f"org:{number * 1000 + turn}"]})

    assert _run_together(ask) == []


@pytest.fixture
def index_with_audiences(hash_encoder, tmp_path):
    records = [Record(id=r.id, title=r.title, text=r.text, facets={**r.facets, "audience": ["public"]}) for r in RECORDS]
    built = MatchIndex(encoder=hash_encoder)
    built.build(records)
    built.save(tmp_path)
    return MatchIndex.load(tmp_path, encoder=hash_encoder)
