"""The site search: every read behind /search/ lives in this package.

What a query matches, per kind of result, in either language:

- sectors by name; organizations by name, short name, pinyin of the Chinese name, description,
  or a matching sector (GPU → the GPU companies); people by name, pinyin, headline, biography,
  or a role at an organization the query names (沐曦 → the people at MetaX); editions by theme,
  venue, track, number or year; indicators by name, description or a matching sector; news
  articles by title or standfirst.
- A Chinese query is also read in pinyin, so a homophone typed by mistake still finds the name
  (沐熙 → 沐曦股份), and a Latin query finds a Chinese name by its pinyin (chenweiliang).

Results rank in the database, the same on SQLite and PostgreSQL: the name itself, then the
name's start, a part of the name, its pinyin, a related sector or organization, then the text.
On PostgreSQL English text also matches by full-text search (stemmed: "robots" finds "robot"),
and people, organizations and indicators are found through columns PostgreSQL generates and
indexes with pg_trgm (`SearchColumn`), so that every query, one or two Chinese characters
included (沐, 沐曦), is answered from an index; SQLite tests the same fields without indexes.
People, organizations and indicators match in tiers (by name, through a related row, by
text): each tier is counted up to COUNT_LIMIT ("300+" beyond), and only a tier's first rows
in page order are ranked when it holds more (`RankedKind`), so a query matching most of the
site (上海) costs about what a narrow one does. The same statement counts the sectors and
editions matching (up to COUNT_LIMIT too); a second ranks the first rows of every kind that
matched, each in its own order. The statements are compiled once per shape and run with each
query's text (`_statement`); the rows shown are then read by key, the sectors and editions
(tens of rows) from a copy read once per version of the public content (`shown_rows`). News
articles are matched in memory against their titles and standfirsts, read once per version of
the public content (`news_texts`), and only the page shown is read from the database.

A query that finds nothing is checked word by word against the words of the names on the site
(trigram word similarity, as pg_trgm computes it) and the closest spelling is suggested, and
searched ("Did you mean MetaX?"). Those words are read once per version of the public content
(config.common.content_cache), so a name edited, unpublished or deleted stops being suggested
at once, and one past its unpublishing time as soon as that time comes.

Where each part lives: `page` assembles the results (the entry points `search` and
`start_page`); `matching` says what a query matches and how it ranks, as querysets; `statements`
compiles the ranked kinds' statements once and runs them; `indexes` holds what is read once per
content version (news texts and the names' words, matched in memory; the sectors and editions
shown); `suggestions` finds the "did you mean"; `limits` holds how much is shown and counted.
"""

from .page import EXAMPLES, KINDS, Group, Results, search, start_page

__all__ = ["EXAMPLES", "KINDS", "Group", "Results", "search", "start_page"]
