from innobelt.matching import index_store
from innobelt.matching.engine import MatchIndex


def ensure_index_saved() -> None:
    """A saved (possibly empty) matching index in this test worker's index folder, as after `make run`."""
    if not (index_store.index_dir() / "CURRENT").is_file():
        MatchIndex(index_store.encoder()).save(index_store.index_dir())
        index_store.reset_for_tests()
