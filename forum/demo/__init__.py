"""The seed content `load_demo` loads: every fact the seed article states, nothing it does not.

Layout: `article.txt` is the article itself (the one source). The content is data, in
`data/`: `source.toml` describes the article; `sectors.toml`, `organizations.toml`,
`people.toml` (with roles and quotes), `milestones.toml`, `forum.toml` (the series, editions,
tracks, participations) and `figures.toml` with one file per topic in `data/figures/`
(indicators and observations); `registration.toml` and `privacy_notice.toml` the registration
the demo opens. Each file's header comments say how it is written. `data.py` reads and checks
the content files; `loader.py` builds the rows through the apps' services; `registration.py`
opens registration. Every excerpt and every quote is a verbatim sentence of `article.txt`
(tests/demo/test_load_demo.py checks it).
"""
