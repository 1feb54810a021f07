"""How many rows a search shows, and how far it counts: read by every part of the search at
the time it runs (tests change them here)."""

LIMIT = 20
# One rule for a query matching many rows: counting a tier (and a kind) stops past this many
# rows, shown as "300+", and a tier past it is large: only its first 2 × LIMIT rows in page
# order are ranked (`RankedKind.candidates`), which gives the same page whatever the limit.
# Lower costs less to count but more to rank: the database finds a large tier's first rows by
# walking the page order, and a tier of a few hundred rows among 10,000 makes that walk long
# (at 100, 沐曦's ~100 people at MetaX doubled its search; at 1000, counting 智能 cost most).
COUNT_LIMIT = 300
