from .stats import STATS


def pytest_terminal_summary(terminalreporter):
    if STATS.inputs:
        terminalreporter.write_sep("-", "fuzz")
        terminalreporter.write_line(STATS.summary())
