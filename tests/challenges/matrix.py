"""Permission matrix rows of the challenges app (loaded by tests/test_permission_matrix.py and tests/test_id_guessing.py),
merged from one module per concern: needs (matrix_needs), challenges (matrix_challenges), proposals, review and the
pipeline (matrix_review), open calls (matrix_open_calls); what they share is in matrix_common.

The world: org A (city W, not verified, like every organisation of the world) owns `need_pub` (a public
open need posted by A's admin) and `need_ver` (for members of verified organisations only). Org B
(admin_b) answered `need_pub` (`interest_b`, waiting). Nobody in the world belongs to a verified
organisation, so posting and answering are refused to every role here (tests/challenges test the
verified paths). What the caller may not see is 404, never 403.
"""

from tests.challenges import matrix_challenges, matrix_needs, matrix_open_calls, matrix_review

CONCERNS = (matrix_needs, matrix_challenges, matrix_review, matrix_open_calls)


def extend_world(world):
    """Needs, then challenges and proposals, reviews, pipelines and open calls (in this order: ids follow it)."""
    matrix_needs.extend_world_with_needs(world)
    matrix_challenges.extend_world_with_challenges(world)
    matrix_review.extend_world_with_reviews(world)
    matrix_review.extend_world_with_pipelines(world)
    matrix_open_calls.extend_world_with_open_calls(world)


PAGES = {key: entry for module in CONCERNS for key, entry in module.PAGES.items()}
API = {key: entry for module in CONCERNS for key, entry in module.API.items()}
PRIVATE_PROBES = {label: probe for module in CONCERNS for label, probe in module.PRIVATE_PROBES.items()}
NOT_EXPOSED = {label: why for module in CONCERNS for label, why in getattr(module, "NOT_EXPOSED", {}).items()}
