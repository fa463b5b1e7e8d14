from innobelt.showcase.models.achievement import Achievement, AchievementPartner, TrailLink
from innobelt.showcase.models.awards import AwardCriterion, AwardProgramme, Nomination, ReviewerAssignment, Score

__all__ = [
    "Achievement",
    "AchievementPartner",
    "AwardCriterion",
    "AwardProgramme",
    "Nomination",
    "ReviewerAssignment",
    "Score",
    "TrailLink",
]
