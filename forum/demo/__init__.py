"""The seed content `load_demo` loads: every fact the seed article states, nothing it does not.

Layout: `article.txt` is the article itself (the one source); `source.py` describes it;
`sectors.py`, `organizations.py`, `people.py` (with roles and quotes), `milestones.py`,
`forum.py` (the series, editions, tracks, participations) and `figures.py` (indicators and
observations) hold the content as plain data; `loader.py` builds it through the apps' services.
Every excerpt and every quote is a verbatim sentence of `article.txt` (tests/test_load_demo.py
checks it).
"""
