"""A run of background work with progress, shared by the models that record one (an import, a quarterly
report): whether it is still going on and how far along it is, for the progress bar, its page and the API.

Mixed into a model before models.Model; a plain class, not an abstract model, so it adds no field and no
migration. The model names its statuses and says where its counts are (`progress`); the kit imports no app.
"""

from typing import ClassVar


class BackgroundRun:
    """`ACTIVE`: the statuses in which the work is still going on (queued included); `FINISHED`: those shown
    at 100 %; `LAST_STEP`: those of the final step after the counting (saving, writing a file), shown at
    `LAST_STEP_PERCENT`. Counting fills the first `COUNTING_SHARE` % of the bar."""

    ACTIVE: ClassVar[tuple[str, ...]] = ()
    FINISHED: ClassVar[tuple[str, ...]] = ("done",)
    LAST_STEP: ClassVar[tuple[str, ...]] = ()
    LAST_STEP_PERCENT: ClassVar[int] = 90
    COUNTING_SHARE: ClassVar[int] = 80

    def progress(self) -> tuple[str, int, int | None]:
        """(the status, the steps counted, the steps in all or None while not known yet)."""
        raise NotImplementedError

    @property
    def is_active(self) -> bool:
        return self.progress()[0] in self.ACTIVE

    @property
    def percent(self) -> int:
        """Progress for the bar, 0 to 100."""
        status, counted, total = self.progress()
        if status in self.FINISHED:
            return 100
        if status in self.LAST_STEP:
            return self.LAST_STEP_PERCENT
        if not total:
            return 0
        return min(self.COUNTING_SHARE, int(self.COUNTING_SHARE * counted / total))
