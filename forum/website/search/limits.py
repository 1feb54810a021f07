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
# A broad first tier holding more rows than this is ranked from each name rank's first rows in
# page order (`RankedKind.candidates`) instead of ranking every row it holds: 5,000
# organizations named (上海, AI) ranked 4-5 times faster so, while robot's 500 ranked 3 times
# slower (each name rank reads them again). Only a tier whose keys counting reads from a table
# of its own (the organizations named) is counted this far: reading on costs little there.
RANK_BY_NAME_FROM = 1000
