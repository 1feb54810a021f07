import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores into a folder of its own, so 'nothing was stored' can be checked."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def stored_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
