"""`load_demo --data DIR` on a broken copy of the shipped data files: each problem is reported
with the file and the entry it is in, and nothing is saved."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from forum.demo.data import DATA_DIR
from metrics.models import Observation, Sector, Source
from profiles.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(tmp_path):
    """A copy of the shipped data files, to break."""
    return shutil.copytree(DATA_DIR, tmp_path / "data")


def edit(folder, name, old, new):
    path = folder / name
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} is not written once in {name}"
    path.write_text(text.replace(old, new))


def load(folder):
    call_command("load_demo", "--data", str(folder), stdout=io.StringIO())


def error_of(folder):
    with pytest.raises(CommandError) as raised:
        load(folder)
    return str(raised.value)


BROKEN = {
    "missing key": (
        "sectors.toml",
        'slug = "gpu"\nname_zh = "GPU"\n',
        'slug = "gpu"\n',
        "sectors.toml, sector 2 (gpu): missing key name_zh",
    ),
    "misspelt key": (
        "people.toml",
        'headline_zh = "沐曦股份创始人、董事长兼总经理"',
        'headlin_zh = "沐曦股份创始人、董事长兼总经理"',
        "people.toml, person 1 (chen-weiliang): unknown key headlin_zh (allowed here: slug, ",
    ),
    "unknown slug": (
        "people.toml",
        'organization = "metax"',
        'organization = "metaks"',
        'people.toml, person 1 (chen-weiliang), role 1 (metaks): organization "metaks" is not '
        "an organization slug in organizations.toml",
    ),
    "unknown sector of an organization": (
        "organizations.toml",
        'sectors = ["large-models"]',
        'sectors = ["llm"]',
        'organizations.toml, organization 5 (minimax): sector "llm" is not in sectors.toml',
    ),
    "unknown enum value": (
        "figures/private-economy.toml",
        'value = "6003.93"\n  scale = "yi"\n  qualifier = "about"',
        'value = "6003.93"\n  scale = "yi"\n  qualifier = "approximately"',
        "figures/private-economy.toml, indicator 10 (shanghai-private-tax), observation 1: "
        'qualifier "approximately" is not one of: exact, over, about, nearly, at_least',
    ),
    "unknown scale": (
        "milestones.toml",
        'amount_scale = "yi"',
        'amount_scale = "亿"',
        "milestones.toml, milestone 14 (宣布完成近10亿元D轮融资): "
        'amount_scale "亿" is not one of: one, wan, yi',
    ),
    "published number written as a float": (
        "figures/private-economy.toml",
        'value = "6003.93"',
        "value = 6003.93",
        "figures/private-economy.toml, indicator 10 (shanghai-private-tax), observation 1: "
        'value must be written as a string, e.g. value = "6003.93", so it stays exact',
    ),
    "period that is no date": (
        "milestones.toml",
        'date = "2026-04-23"',
        'date = "2026-04-31"',
        'milestones.toml, milestone 14 (宣布完成近10亿元D轮融资): date "2026-04-31" is not a '
        'period: write "2025", "2025-end", "2026-01" or "2026-04-23"',
    ),
    "unknown excerpt key": (
        "figures/integrated-circuits.toml",
        'excerpt = "ic-rank"',
        'excerpt = "ic-ranking"',
        "figures/integrated-circuits.toml, indicator 5 (shanghai-ic-competitiveness): "
        'excerpt "ic-ranking" is not a key of [excerpts] in this file (ic, ic-rank)',
    ),
    "undated figure with its own note": (
        "figures/gpu.toml",
        'qualifier = "over"\n  note_zh = "原文为“十余个”"',
        'qualifier = "over"\n  undated = true\n  note_zh = "原文为“十余个”"',
        "figures/gpu.toml, indicator 2 (metax-computing-clusters), observation 1: "
        "undated = true writes the note: leave out note_zh and note_en",
    ),
    "participation in an edition that does not exist": (
        "forum.toml",
        "editions = [1, 2, 3, 4, 5, 6]",
        "editions = [1, 2, 3, 4, 5, 6, 8]",
        "forum.toml, participation 3 (nan-yi): edition 8 is not an edition number in forum.toml",
    ),
    "sub-sector listed before its parent": (
        "sectors.toml",
        'parent = "integrated-circuits"',
        'parent = "new-energy"',
        'sectors.toml, sector 2 (gpu): parent "new-energy" is not a sector listed above it in '
        "sectors.toml",
    ),
    "the same natural key twice": (
        "sectors.toml",
        'slug = "evtol"',
        'slug = "gpu"',
        "sectors.toml, sector 7 (gpu): same slug as sectors.toml, sector 2 (gpu)",
    ),
    "TOML syntax error": (
        "forum.toml",
        'slug = "youth50"',
        'slug = "youth50',
        "forum.toml: not valid TOML: ",
    ),
}


@pytest.mark.parametrize(("file", "old", "new", "message"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_data_file_is_reported_with_its_file_and_entry(data, file, old, new, message):
    edit(data, file, old, new)

    assert error_of(data).startswith(f"Nothing was loaded: {message}")


def test_a_missing_file_is_named(data):
    (data / "milestones.toml").unlink()

    assert error_of(data) == f"Nothing was loaded: milestones.toml: no such file in {data}"


def test_a_topic_file_not_listed_in_figures_toml_is_an_error(data):
    shutil.copy(data / "figures" / "gpu.toml", data / "figures" / "gpus.toml")

    assert error_of(data) == (
        "Nothing was loaded: figures.toml: figures/gpus.toml is not listed in topics"
    )


def test_a_row_its_model_rejects_names_the_entry_and_rolls_everything_back(data):
    edit(
        data,
        "figures/robotics.toml",
        'value = "39"\n  comparison = "share_of_world"',
        'value = "139"\n  comparison = "share_of_world"',
    )

    message = error_of(data)

    assert message.startswith(
        "Nothing was loaded: figures/robotics.toml, indicator 1 (agibot-shipments), observation 2: "
    )
    assert "100" in message
    assert (Source.objects.count(), Sector.objects.count(), Person.objects.count()) == (0, 0, 0)
    assert not Observation.objects.exists()


def test_the_data_option_loads_the_folder_it_names(data):
    edit(data, "people.toml", 'name_en = "Chen Weiliang"', 'name_en = "Weiliang Chen"')

    load(data)

    assert Person.objects.get(slug="chen-weiliang").name_en == "Weiliang Chen"
