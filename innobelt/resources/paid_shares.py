"""What another party pays of a booking's or a sample job's bill (an innovation voucher): a hook apps below fill.

Resources sits above vouchers in the app table (ADR 0001) and may not import it. Cost statements show, beside each
charge line, the part a voucher pays; an app that pays bills registers a reader here in its AppConfig.ready()
(vouchers does): given the bookings and sample jobs of the lines read, it answers in integer fen what it pays of each,
in one query. Statement lines themselves stay fixed (ADR 0302); the part paid follows the payment (a share released
pays nothing), so only charge lines carry it and a credit line, which reverses a cancelled bill, carries none (ADR
0801, "Paid by voucher on cost statements").
"""

from collections.abc import Callable, Iterable

Reader = Callable[[list[int], list[int]], dict[tuple[str, int], int]]  # booking ids, job ids → {("booking", id): fen}
READERS: dict[str, Reader] = {}


def register_reader(name: str, reader: Reader) -> None:
    """Add (or replace, by name) a reader; call it from AppConfig.ready()."""
    READERS[name] = reader


def paid_fen(booking_ids: Iterable[int], sample_job_ids: Iterable[int]) -> dict[tuple[str, int], int]:
    """{("booking" | "sample_job", id): fen paid by others} over every reader (one query each)."""
    bookings, jobs = sorted(set(booking_ids)), sorted(set(sample_job_ids))
    paid: dict[tuple[str, int], int] = {}
    if not bookings and not jobs:
        return paid
    for reader in READERS.values():
        for key, fen in reader(bookings, jobs).items():
            paid[key] = paid.get(key, 0) + fen
    return paid
