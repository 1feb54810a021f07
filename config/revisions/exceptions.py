class NotPending(Exception):
    """The revision is not the item's current draft any more (published, replaced or sent back
    meanwhile)."""

    code = "not_pending"


class StillExists(Exception):
    """The item to recover exists: restore a revision instead."""

    code = "still_exists"
