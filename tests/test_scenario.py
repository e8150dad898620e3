from pathlib import Path

import pytest

from planner.errors import InputError
from planner.scenario import Scenario, load_scenario, parse_override

ROOT = Path(__file__).resolve().parents[1]
BASE = {
    "name": "t",
    "data": {"areas": "a.geojson", "sites": "s.geojson", "cameras": "c.toml"},
    "budget": {"total_sek": 1000},
}


def make(**changes):
    raw = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE.items()}
    for dotted, value in changes.items():
        table, _, key = dotted.partition("__")
        if key:
            raw.setdefault(table, {})[key] = value
        else:
            raw[table] = value
    return Scenario.from_mapping(raw, source=Path("x.toml"))


def test_default_scenario_is_the_2018_grant_case():
    s = load_scenario(ROOT / "scenarios" / "katrineholm.toml")
    assert s.budget.total_sek == 8_000_000
    assert s.budget.horizon_years == 5
    assert s.budget.include_yearly_costs is True
    assert s.crs == "EPSG:3006"
    assert (
        s.data.areas == (ROOT / "data" / "areas.geojson").resolve()
        or s.data.areas.resolve() == (ROOT / "data" / "areas.geojson").resolve()
    )
    assert s.level_values == (0.0, 0.25, 0.5, 0.75, 1.0)


def test_scenario_is_frozen():
    s = make()
    with pytest.raises(Exception, match="frozen"):
        s.name = "other"  # type: ignore[misc]


def test_defaults_documented_in_readme_hold():
    s = make()
    assert s.coverage.orientations == 8
    assert s.demand.grid_spacing_m == 10
    assert s.solver.backend == "auto"
    assert s.constraints.privacy == "exclude"


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        ({"budget__total_sek": -5}, r"key budget\.total_sek: .*greater than 0 \(got -5\)"),
        ({"budget__total_sek": float("nan")}, r"budget\.total_sek: .*finite.*got nan"),
        (
            {"budget__totl_sek": 5},
            r"key budget\.totl_sek: Extra inputs are not permitted.*spelling",
        ),
        ({"coverage__orientations": 0}, r"coverage\.orientations"),
        ({"crs": "EPSG:4326"}, r"key crs: .*not projected"),
        ({"crs": "EPSG:999999"}, r"key crs: unknown CRS"),
        (
            {"constraints__privacy": "maybe"},
            r"constraints\.privacy: Input should be 'off', 'exclude' or 'penalty'",
        ),
        ({"demand__grid_spacing_m": 0.1}, r"demand\.grid_spacing_m"),
        ({"solver__gap": 0.5}, r"key solver\.gap: Input should be less than 0\.5 \(got 0\.5\)"),
        # (pydantic's message had named "literal['all']" and "tuple[str, ...]")
        ({"demand__areas": "east"},
         r'^[^|]*key demand\.areas: give "all" or a list of area ids, e\.g\. \["east"\] '
         r"\(got 'east'\)$"),
        ({"demand__areas": [["a"]]}, r"key demand\.areas: give a list of area ids"),
    ],
)
def test_bad_values_name_the_key_and_the_expected_form(change, pattern):
    with pytest.raises(InputError, match=pattern) as err:
        make(**change)
    assert str(err.value).startswith("x.toml: ")
    assert "\n" not in str(err.value)


def test_greedy_with_maxmin_is_refused_naming_both_keys():
    with pytest.raises(InputError) as err:
        make(solver__backend="greedy", constraints={"equity_mode": "maxmin"})
    assert str(err.value) == (
        'x.toml: solver.backend = "greedy" does not maximise the smallest area share '
        '(constraints.equity_mode = "maxmin"); use backend "scip" or "cpsat", or equity_mode '
        '"hard" with a share greedy tries to meet')
    assert make(solver__backend="greedy", constraints={"equity_mode": "hard"})


def test_level_values_must_not_decrease():
    with pytest.raises(InputError, match="must not decrease"):
        make(coverage={"level_values": {"detect": 0.9, "observe": 0.5}})


def test_overrides_and_variants():
    s = make(variants={"cheap": {"budget": {"total_sek": 10}}})
    assert s.with_overrides({"budget.total_sek": 500}).budget.total_sek == 500
    v = s.variant("cheap")
    assert v.budget.total_sek == 10 and v.name == "t:cheap"
    with pytest.raises(InputError, match="no variant 'dear'; known variants: cheap"):
        s.variant("dear")
    with pytest.raises(InputError, match="unknown key"):
        s.with_overrides({"budget.nope": 1})
    with pytest.raises(InputError, match="greater than 0"):
        s.with_overrides({"budget.total_sek": -1})


def test_parse_override_reads_toml_values():
    assert parse_override("budget.total_sek=6000000") == ("budget.total_sek", 6000000)
    assert parse_override("coverage.night=true") == ("coverage.night", True)
    assert parse_override("demand.areas=['a','b']") == ("demand.areas", ["a", "b"])
    with pytest.raises(InputError, match="expected KEY=VALUE"):
        parse_override("budget")
    # named by the option that gave it (compare's --set-b had been named --set)
    with pytest.raises(InputError) as err:
        parse_override("coverage.night=maybe", option="--set-b")
    assert str(err.value) == ("--set-b coverage.night=maybe: not true or false; write true or "
                              "false")


def test_file_errors(tmp_path):
    with pytest.raises(InputError, match="scenario file not found"):
        load_scenario(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("name = \n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_scenario(bad)
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "Nävertorp"\n'.encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_scenario(latin)
    # (Notepad's "Unicode": it had been told "not UTF-8 text (byte 0)")
    wide = tmp_path / "wide.toml"
    wide.write_bytes('name = "Nävertorp"\n'.encode("utf-16"))
    with pytest.raises(InputError) as err:
        load_scenario(wide)
    assert str(err.value) == (f"{wide}: UTF-16 text (Notepad's \"Unicode\"), not UTF-8; save the "
                              "scenario as UTF-8")

@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", ["Nävertorp", "Navertorp"])
def test_utf16_without_its_mark_is_named(tmp_path, encoding, name):
    # its Latin letters' NUL bytes are valid UTF-8: it had been told "not valid TOML (Expected
    # '=' after a key ... (at line 1, column 2))", or "not UTF-8 text (byte 16)" with an ä
    wide = tmp_path / "wide.toml"
    wide.write_bytes(f'name = "{name}"\n'.encode(encoding))
    with pytest.raises(InputError) as err:
        load_scenario(wide)
    assert str(err.value) == (f"{wide}: UTF-16 text without a byte-order mark, not UTF-8; save "
                              "the scenario as UTF-8")


def test_utf16_is_not_seen_in_utf8_or_windows_1252_text():
    from planner.errors import utf16

    text = "site_id;x;y;gata\nlamp-1;1;2;Östra vägen\n" * 3
    assert [utf16(text.encode(e)) for e in ("utf-8", "utf-8-sig", "cp1252", "utf-16",
                                             "utf-16-le", "utf-16-be")] == [
        None, None, None, "marked", "unmarked", "unmarked"]
    assert [utf16(b""), utf16(b"\x00\x00\x00\x00")] == [None, None]  # (empty; NULs, no text)


def test_utf16_with_a_character_whose_other_byte_is_nul_is_seen():
    # (U+2500 and U+0100 put a NUL on the letters' other side: such a CSV had been read as
    # Windows-1252, its column names garbage)
    from planner.errors import utf16_codec

    text = "site_id;x;y;gata\nlamp-1;1;2;Östra vägen ─ Ā\n" * 3
    assert [utf16_codec(text.encode(e)) for e in ("utf-16-le", "utf-16-be")] == [
        "utf-16-le", "utf-16-be"]
    # NULs on both sides alike are no text (padding after UTF-8 text)
    assert utf16_codec(text.encode("utf-8") + b"\x00" * 200) is None


def test_relative_paths_resolve_against_the_scenario_file(tmp_path):
    folder = tmp_path / "sc"
    folder.mkdir()
    f = folder / "s.toml"
    f.write_text(
        'name = "s"\n[data]\nareas = "../d/a.geojson"\nsites = "s.gpkg"\ncameras = "c.toml"\n'
        "[budget]\ntotal_sek = 1\n"
    )
    s = load_scenario(f)
    assert s.data.areas.resolve() == (tmp_path / "d" / "a.geojson").resolve()
    assert s.data.sites.resolve() == (folder / "s.gpkg").resolve()


def test_demand_area_ids_given_as_numbers_are_text():
    # area ids are text in every layer (a numeric id 1 is read as "1")
    assert make(demand__areas=[1, "0483C1010"]).demand.areas == ("1", "0483C1010")
    assert make(demand__areas="all").demand.areas == "all"


def test_a_misspelt_override_gets_the_nearest_key():
    with pytest.raises(InputError, match=r"override 'budget\.totl_sek': unknown key; did you "
                                         r"mean budget\.total_sek\?$"):
        make().with_overrides({"budget.totl_sek": 5})
    with pytest.raises(InputError, match=r"override 'solver\.qq': unknown key; see the README$"):
        make().with_overrides({"solver.qq": 5})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # TOML has types: a value of the wrong one is named, not converted (true had planned
        # with one orientation, "40000" passed as a number, "yes" as a flag)
        ({"coverage__orientations": True}, r"key coverage\.orientations: write a number, not "
                                           r"true or false \(got True\)"),
        ({"budget__total_sek": True}, r"key budget\.total_sek: write a number, not true or false"),
        ({"coverage__orientations": "8"},
         r"key coverage\.orientations: write a number without quotes"),
        ({"coverage__night": "yes"}, r"key coverage\.night: write true or false, without quotes"),
        ({"budget__include_yearly_costs": 1}, r"key budget\.include_yearly_costs: write true or "
                                              r"false \(got 1\)"),
        ({"surveillance__storage_days": False}, r"key surveillance\.storage_days: write a number"),
        # an empty model list had passed validate and failed the plan (max() of nothing)
        ({"coverage__models": []}, r"key coverage\.models: .*at least 1"),
        # a penalty of 1e308 had reached the optimiser as infinite penalties
        ({"constraints__privacy_penalty_per_m2": 1e308},
         r"key constraints\.privacy_penalty_per_m2: .*less than or equal to 1000000"),
    ],
)
def test_values_of_the_wrong_type_or_size_are_named(changes, expected):
    with pytest.raises(InputError, match=expected):
        make(**changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"constraints__equity_min_share": 5}, "key constraints.equity_min_share: Input should be "
         "less than or equal to 1 (got 5); write it as a share between 0 and 1: 5 % is 0.05"),
        ({"constraints__equity_min_share": 150}, "key constraints.equity_min_share: Input should "
         "be less than or equal to 1 (got 150); write it as a share between 0 and 1 (e.g. 5 % is "
         "0.05)"),
        ({"solver__gap": 1}, "key solver.gap: Input should be less than 0.5 (got 1); write it as a "
         "share between 0 and 0.5: 1 % is 0.01"),
        # (not a percentage: the plain fix)
        ({"solver__gap": 0.7}, "key solver.gap: Input should be less than 0.5 (got 0.7); use a "
         "smaller number"),
    ],
)
def test_a_share_written_as_a_percentage_is_told_its_share(changes, message):
    # (5 had been told "use a smaller number", and nothing of shares)
    with pytest.raises(InputError) as err:
        make(**changes)
    assert str(err.value) == f"x.toml: {message}"


def test_numbers_stay_numbers():
    s = make(budget__total_sek=40_000, budget__horizon_years=3, surveillance__storage_days=14)
    assert (s.budget.total_sek, s.budget.horizon_years, s.surveillance.storage_days) == (
        40_000.0, 3.0, 14.0)


def test_a_variants_data_path_is_relative_to_the_scenario_file(tmp_path, monkeypatch):
    # (it had been read from the current folder: the same command worked from one folder only)
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "s.toml").write_text(
        'name = "s"\n[data]\nareas = "../data/a.geojson"\nsites = "../data/s.geojson"\n'
        'cameras = "../data/c.toml"\n[budget]\ntotal_sek = 1000\n'
        '[variants.other]\ndata.sites = "../data/other.geojson"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    chosen = load_scenario(folder / "s.toml", variant="other")
    assert chosen.data.sites.resolve() == (tmp_path / "data" / "other.geojson").resolve()
    assert chosen.name == "s:other"
    # --set (the command line) reads a relative path from the current folder
    given = load_scenario(folder / "s.toml", overrides={"data.sites": "mine.geojson"})
    assert given.data.sites.resolve() == (elsewhere / "mine.geojson").resolve()
    # and wins over the variant's value
    both = load_scenario(folder / "s.toml", variant="other",
                         overrides={"data.sites": "mine.geojson"})
    assert both.data.sites.resolve() == (elsewhere / "mine.geojson").resolve()


def test_set_is_checked_against_the_chosen_variant_only(tmp_path):
    # greedy with a max-min variant in the file had been refused although that variant was not
    # chosen
    path = tmp_path / "s.toml"
    path.write_text(
        'name = "s"\n[data]\nareas = "a.geojson"\nsites = "s.geojson"\ncameras = "c.toml"\n'
        '[budget]\ntotal_sek = 1000\n[variants.m]\nconstraints.equity_mode = "maxmin"\n')
    s = load_scenario(path, overrides={"solver.backend": "greedy"})
    assert s.solver.backend == "greedy" and s.constraints.equity_mode == "hard"
    with pytest.raises(InputError, match=r"\"greedy\".*\"maxmin\""):
        load_scenario(path, overrides={"solver.backend": "greedy"}, variant="m")


def test_source_is_no_key_to_suggest():
    with pytest.raises(InputError) as err:
        make().with_overrides({"source": "x"})
    assert "did you mean" not in str(err.value) and "unknown key" in str(err.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # not TOML: the value had been taken as text and told "write a number without quotes",
        # given none; an amount of SEK is read as people write it, else told how to write it
        ("budget.total_sek=8,000,000", '--set budget.total_sek=8,000,000: not an amount of SEK; '
                                       'write 5000000 or "5 mnkr"'),
        ("budget.total_sek=8,000 kr", '--set budget.total_sek=8,000 kr: not an amount of SEK; '
                                      'write 5000000 or "5 mnkr"'),
        ("budget.total_sek=abc", '--set budget.total_sek=abc: not an amount of SEK; write 5000000 '
                                 'or "5 mnkr"'),
        ("coverage.orientations=8 000", "--set coverage.orientations=8 000: not a number; write "
                                        "it as a TOML number without thousands separators, e.g. "
                                        "8000 or 8_000"),
        ("constraints.equity_min_share=0,05", "--set constraints.equity_min_share=0,05: not a "
                                              "number; write the decimals after a point, e.g. "
                                              "0.05"),
        # (a share as a percentage had been told "e.g. 0.5", which reads as 50 %)
        ("constraints.equity_min_share=5%", "--set constraints.equity_min_share=5%: not a "
                                            "number; write it as a share between 0 and 1: 5 % "
                                            "is 0.05"),
        ("constraints.equity_min_share=12,5 %", "--set constraints.equity_min_share=12,5 %: not "
                                                "a number; write it as a share between 0 and 1: "
                                                "12.5 % is 0.125"),
        ("solver.gap=1%", "--set solver.gap=1%: not a number; write it as a share between 0 and "
                          "0.5: 1 % is 0.01"),
        ("coverage.orientations=eight", "--set coverage.orientations=eight: not a number; write "
                                        "it as a TOML number, e.g. 8"),
        ("coverage.night=yes", "--set coverage.night=yes: not true or false; write true or false"),
        ("coverage.models=[dome, bullet]", '--set coverage.models=[dome, bullet]: not a TOML '
                                           'list; quote each item as text, e.g. ["a", "b"]'),
    ],
)
def test_a_set_value_that_is_not_toml_is_named(text, message):
    with pytest.raises(InputError) as err:
        parse_override(text)
    assert str(err.value) == message


def test_a_set_value_that_is_not_toml_is_text_where_text_goes():
    assert parse_override("solver.backend=scip") == ("solver.backend", "scip")
    assert parse_override("data.sites=my lamps.gpkg") == ("data.sites", "my lamps.gpkg")
    assert parse_override("budget.nope=x") == ("budget.nope", "x")  # (the unknown key is named)
    # a number really given as text keeps its message
    key, value = parse_override('coverage.orientations="8"')
    with pytest.raises(InputError) as err:
        make().with_overrides({key: value})
    assert str(err.value) == ("x.toml: key coverage.orientations: write a number without quotes "
                              "(got '8')")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # (it had been "lower demand.min_priority", which was 0 already)
        ({"demand__areas": []}, 'x.toml: key demand.areas: an empty list plans no area; list at '
                                'least one area id (area_id of data.areas), e.g. ["0483C1010"], '
                                'or write "all" (got [])'),
        # (pydantic's "Tuple should have at least 1 item after validation, not 0", no fix)
        ({"coverage__models": []}, 'x.toml: key coverage.models: give at least 1 camera model id '
                                   'of the catalogue (data.cameras), e.g. ["dome-2mp"] (got []); '
                                   'or leave coverage.models out to consider every model'),
    ],
)
def test_an_empty_list_names_what_it_should_hold(changes, message):
    with pytest.raises(InputError) as err:
        make(**changes)
    assert str(err.value) == message


def test_variants_combine_in_order():
    s = make(variants={"a": {"budget": {"total_sek": 10}, "title": "A"},
                      "b": {"budget": {"total_sek": 20}, "coverage": {"night": True}}})
    ab = s.variant("a+b")
    assert (ab.budget.total_sek, ab.coverage.night, ab.title, ab.name) == (20, True, "A", "t:a+b")
    ba = s.variant("b+a")  # the later wins on the key both set
    assert (ba.budget.total_sek, ba.coverage.night, ba.name) == (10, True, "t:b+a")
    assert s.variant_overrides("a+b") == {"budget.total_sek": 20, "title": "A",
                                          "coverage.night": True}
    with pytest.raises(InputError) as err:
        s.variant("a+c")
    assert str(err.value) == "x.toml: no variant 'c' (in 'a+c'); known variants: a, b"
    with pytest.raises(InputError) as err:
        s.variant("a,b")
    assert str(err.value) == ("x.toml: no variant 'a,b'; known variants: a, b; to apply several "
                              "in order, join them with '+': a+b")
    # a '+' with nothing on one side says so ("sv+" had said "no variant ''")
    for name in ("a+", "+b", "a++b", "+"):
        with pytest.raises(InputError) as err:
            s.variant(name)
        assert str(err.value) == (
            f"x.toml: an empty variant name in {name!r}; write FILE.toml#NAME+OTHER (or --variant "
            "NAME+OTHER), a variant's name on each side of every '+'; known variants: a, b")
    # a name the file defines with a '+' is that variant
    plus = make(variants={"a+b": {"budget": {"total_sek": 30}}, "a": {"title": "A"},
                          "a+": {"title": "A+"}})
    assert plus.variant("a+b").budget.total_sek == 30
    assert plus.variant("a+").title == "A+"
    # a bad combination names both tables
    rules = make(variants={"g": {"solver": {"backend": "greedy"}},
                           "m": {"constraints": {"equity_mode": "maxmin"}}})
    with pytest.raises(InputError, match=r"\(in \[variants\.g\] \+ \[variants\.m\]\)$"):
        rules.variant("g+m")


def test_every_missing_data_file_is_named_at_once(tmp_path, monkeypatch):
    from planner.scenario import check_data_files

    # a scenario copied to another folder: five reruns had found its five files one by one
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "s.geojson").write_text("{}")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "s.toml").write_text(
        'name = "s"\n[data]\nareas = "../data/a.geojson"\nsites = "../data/s.geojson"\n'
        'cameras = "../data/c.toml"\nbuildings = "b.gpkg|layername=houses"\n'
        '[budget]\ntotal_sek = 1000\n')
    monkeypatch.chdir(tmp_path)
    s = load_scenario(Path("copy") / "s.toml")
    with pytest.raises(InputError) as err:
        check_data_files(s)
    assert str(err.value) == (
        "copy/s.toml: 3 data files not found: data.areas = '../data/a.geojson', data.cameras = "
        "'../data/c.toml', data.buildings = 'b.gpkg|layername=houses' (relative paths are read "
        "from the scenario file's folder, copy); correct the paths in [data] or put the files "
        "there")
    for name in ("a.geojson", "c.toml"):
        (tmp_path / "data" / name).write_text("x")
    (tmp_path / "copy" / "b.gpkg").write_text("x")
    check_data_files(s)  # (the layer name is no part of the file's name)


def test_a_library_caller_gets_every_missing_data_file_at_once(tiny_town, tmp_path, monkeypatch):
    from planner.plan import load_inputs, plan, prepare, solve_prepared

    # a notebook's plan(load_scenario(...)) had been told of one file at a time, the catalogue
    # first, as a machine path ("/.../copy/cameras.toml: camera catalogue file not found")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "s.toml").write_text(tiny_town.read_text(encoding="utf-8"),
                                              encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    s = load_scenario(Path("copy") / "s.toml")
    line = ("copy/s.toml: 4 data files not found: data.areas = 'areas.geojson', data.sites = "
            "'sites.gpkg', data.cameras = 'cameras.toml', data.buildings = 'buildings.gpkg' "
            "(relative paths are read from the scenario file's folder, copy); correct the paths "
            "in [data] or put the files there")
    for call in (plan, prepare, load_inputs):
        with pytest.raises(InputError) as err:
            call(s)
        assert str(err.value) == line, call
    # and as notebook 01 re-plans with a layer of its own (a path in full)
    ok = load_scenario(tiny_town)
    with pytest.raises(InputError) as err:
        solve_prepared(prepare(ok.with_overrides({"data.areas": str(tmp_path / "gone.geojson")})))
    assert str(err.value) == (
        f"{tiny_town}: data file not found: data.areas = '{tmp_path / 'gone.geojson'}' (relative "
        f"paths are read from the scenario file's folder, {tiny_town.parent}); correct the paths "
        "in [data] or put the files there")


def test_a_missing_file_set_on_the_command_line_is_named_by_its_option(tmp_path, monkeypatch):
    from planner.scenario import check_data_files

    # a --set path is read from the current folder: the message had sent the user to the
    # scenario file's folder and its [data]
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "s.toml").write_text(
        'name = "s"\n[data]\nareas = "a.geojson"\nsites = "s.geojson"\ncameras = "c.toml"\n'
        '[budget]\ntotal_sek = 1000\n')
    (tmp_path / "copy" / "a.geojson").write_text("{}")
    monkeypatch.chdir(tmp_path)
    s = load_scenario(Path("copy") / "s.toml", overrides={
        "data.areas": "new/a.geojson", "data.cameras": str(tmp_path / "c.toml")})
    with pytest.raises(InputError) as err:
        check_data_files(s, given={"data.areas": "--set", "data.cameras": "--set-b"})
    assert str(err.value) == (
        "copy/s.toml: 3 data files not found: data.areas = 'new/a.geojson' (given by --set, "
        "read from the current folder), data.sites = 's.geojson', data.cameras = "
        f"'{tmp_path / 'c.toml'}' (given by --set-b) (relative paths in [data] are read from "
        "the scenario file's folder, copy); correct the --set and --set-b values and the paths "
        "in [data] or put the files there")
    # a key the command line did not set is named as the scenario's own path
    with pytest.raises(InputError) as err:
        check_data_files(s.with_overrides({"data.sites": "a.geojson"}, base=Path("copy")),
                         given={"data.areas": "--set-a"})
    assert str(err.value) == (
        "copy/s.toml: 2 data files not found: data.areas = 'new/a.geojson' (given by --set-a, "
        f"read from the current folder), data.cameras = '{tmp_path / 'c.toml'}' (relative "
        "paths in [data] are read from the scenario file's folder, copy); correct the --set-a "
        "value and the paths in [data] or put the files there")


def test_dori_levels_may_be_named_in_swedish(tmp_path):
    # (a Swedish coordinator's "observera", the word the Swedish documents use, had been refused:
    # "Input should be 'detect', 'observe', 'recognise' or 'identify' (got 'observera')")
    path = tmp_path / "s.toml"
    path.write_text(
        'name = "s"\n[data]\nareas = "a.geojson"\nsites = "s.geojson"\ncameras = "c.toml"\n'
        '[budget]\ntotal_sek = 1000\n[coverage]\nmin_level = "observera"\n'
        '[coverage.level_values]\n"upptäcka" = 0.2\n"känna igen" = 0.8\n'
        '[constraints]\nprivacy_min_level = "Identifiera"\n'
        '[variants.v]\ncoverage.level_values.observera = 0.6\n', encoding="utf-8")
    s = load_scenario(path)
    assert (s.coverage.min_level, s.constraints.privacy_min_level) == ("observe", "identify")
    assert s.level_values == (0.0, 0.2, 0.5, 0.8, 1.0)
    assert s.variant("v").level_values == (0.0, 0.2, 0.6, 0.8, 1.0)
    s = load_scenario(path, overrides={"coverage.min_level": "känna igen",
                                       "coverage.level_values.identifiera": 0.9})
    assert s.coverage.min_level == "recognise" and s.level_values == (0.0, 0.2, 0.5, 0.8, 0.9)
    with pytest.raises(InputError) as err:
        make(coverage={"level_values": {"observera": 0.6, "observe": 0.5}})
    assert str(err.value) == ("x.toml: key coverage.level_values: 'observera' and 'observe' are "
                              "the same level (observe); give it once")
    with pytest.raises(InputError) as err:  # (any other word: the field's own message)
        make(coverage={"min_level": "se"})
    assert str(err.value) == ("x.toml: key coverage.min_level: Input should be 'detect', "
                              "'observe', 'recognise' or 'identify' (got 'se'); use one of the "
                              "listed values")


def test_a_number_with_spaces_between_thousands_is_named_by_line_and_key(tmp_path):
    # (a Swedish "8 000 000" had been "not valid TOML (Expected newline or end of document after
    # a statement (at line 26, column 15)); fix the syntax")
    path = tmp_path / "s.toml"
    head = 'name = "s"\n[data]\nareas = "a.geojson"\nsites = "s.geojson"\ncameras = "c.toml"\n'
    for text, message in [
        ("[budget]\ntotal_sek = 8 000 000\n",
         "line 7 (budget.total_sek): no spaces between thousands; write 8000000 or 8_000_000"),
        ("[budget]\ntotal_sek = 8\u00a0500\u00a0000 kr # budget\n",
         "line 7 (budget.total_sek): no spaces between thousands; write 8500000 or 8_500_000"),
        ('[budget]\ntotal_sek = 1\n[variants.big]\n"budget".total_sek = 12 000 000\n',
         "line 9 (variants.big.budget.total_sek): no spaces between thousands; write 12000000 or "
         "12_000_000"),
        # (decimals after the groups kept, after a point: they had not been recognised)
        ("[budget]\ntotal_sek = 8 000 000,5\n",
         "line 7 (budget.total_sek): no spaces between thousands; write 8000000.5 or "
         "8_000_000.5"),
        # an amount with its unit, unquoted: the quotes are what it lacks
        ("[budget]\ntotal_sek = 5,5 mnkr  # the grant\n",
         'line 7 (budget.total_sek): an amount with its unit is text; quote it, "5,5 mnkr"'),
        # a number with a word no unit of SEK: the forms there are ("8 000 apples" had kept
        # tomllib's words, "5 mdkr" too)
        ("[budget]\ntotal_sek = 8 000 apples\n",
         'line 7 (budget.total_sek): 8 000 apples is no amount of SEK; write 5000000 or "5 mnkr"'),
        ("[budget]\ntotal_sek = 5 mdkr\n",
         'line 7 (budget.total_sek): 5 mdkr is no amount of SEK; write 5000000 or "5 mnkr"'),
        # (other syntax errors keep tomllib's words)
        ("[budget]\ntotal_sek = 1\n[solver]\ntime_limit_s = 60 s\n",
         "not valid TOML (Expected newline or end of document after a statement (at line 9, "
         "column 19)); fix the syntax"),
    ]:
        path.write_text(head + text, encoding="utf-8")
        with pytest.raises(InputError) as err:
            load_scenario(path)
        assert str(err.value) == f"{path}{':' if message.startswith('not') else ''} {message}"


def test_a_quoted_number_with_spaces_is_given_as_a_number():
    # (it had been told "write a number without quotes" (got '8 000 000 kr'): the spaces and the
    # unit would have failed next); a key that takes no amount of SEK still is
    with pytest.raises(InputError) as err:
        make(coverage__orientations="8 000")
    assert str(err.value) == ("x.toml: key coverage.orientations: write a number without quotes, "
                              "spaces or unit: 8000 or 8_000 (got '8 000')")


@pytest.mark.parametrize(("written", "sek"), [
    ("5 mnkr", 5_000_000), ("5 MSEK", 5_000_000), ("5 Mkr", 5_000_000), ("5,5 mnkr", 5_500_000),
    ("5.5 MSEK", 5_500_000), ("500 tkr", 500_000), ("500 kSEK", 500_000),
    ("5 000 000 kr", 5_000_000), ("5\u00a0000\u00a0000 SEK", 5_000_000), ("5000000", 5_000_000),
    ("8 000 000,50 kr", 8_000_000.5),
])
def test_a_budget_is_read_as_people_write_money(written, sek):
    # (a coordinator's "5 mnkr" had been told "write a number without quotes")
    assert make(budget__total_sek=written).budget.total_sek == sek
    assert make().with_overrides(
        {"budget.total_sek": parse_override(f"budget.total_sek={written}")[1]}
    ).budget.total_sek == sek


def test_text_that_is_no_amount_of_sek_is_told_the_forms():
    for written in ("fem miljoner", "8,000,000", "8,000 kr", "5 EUR"):
        with pytest.raises(InputError) as err:
            make(budget__total_sek=written)
        assert str(err.value) == ('x.toml: key budget.total_sek: not an amount of SEK; write '
                                  f'5000000 or "5 mnkr" (got {written!r})')


def test_a_key_written_in_capitals_is_suggested_as_written_in_the_readme():
    # every "did you mean" of the scenario is errors.closest's (three had been difflib's own,
    # which finds no key for TOTAL_SEK: the case was not ignored)
    with pytest.raises(InputError) as err:
        make(budget={"TOTAL_SEK": 1000})
    assert "key budget.TOTAL_SEK: Extra inputs are not permitted (got 1000); did you mean " \
           "'total_sek'? remove it or check its spelling against the README" in str(err.value)
    with pytest.raises(InputError, match=r"override 'budget\.TOTAL_SEK': unknown key; did you "
                                         r"mean budget\.total_sek\?$"):
        make().with_overrides({"budget.TOTAL_SEK": 5})
    with pytest.raises(InputError, match=r"sites: the planner reads no column 'SITE_ID'; did you "
                                         r"mean 'site_id'\? it reads site_id, "):
        make(data={**BASE["data"], "columns": {"sites": {"SITE_ID": "ID"}}})


def test_a_misspelt_key_in_capitals_is_suggested_too():
    # difflib compares letters as written: a misspelt TOTAL_SEKK had been told of no key at all
    from planner.errors import closest

    with pytest.raises(InputError, match=r"key budget\.TOTAL_SEKK: Extra inputs are not permitted "
                                         r"\(got 1000\); did you mean 'total_sek'\? "):
        make(budget={"TOTAL_SEKK": 1000})
    assert [closest("BEF_TOTT", ["bef_tot", "area_id"]), closest("pole-002", ["pole-0012",
            "POLE-0002"]), closest("x", []), closest("zzz", ["total_sek"])] == [
        "bef_tot", "POLE-0002", None, None]
    # (an id of 5000 digits had raised int()'s ValueError, exit 1; pole-0 is pole-000)
    assert [closest("lamp-" + "1" * 5000, ["lamp-1"]), closest("pole-0", ["pole-000"])] == [
        None, "pole-000"]


@pytest.mark.parametrize(("key", "hint"), [
    ("BUDGET.total_sek", "did you mean budget.total_sek?"),
    ("coverage.level_value.detect", "did you mean coverage.level_values.detect?"),
    ("zzz.total_sek", "see the README"),
])
def test_an_override_of_a_misspelt_table_is_told_the_table_it_means(key, hint):
    # (as a misspelt key is, by errors.closest: the table had been sent to the README alone)
    table = key.split(".")[-2]
    with pytest.raises(InputError) as err:
        make().with_overrides({key: 1})
    assert str(err.value) == f"x.toml: override {key!r}: no table {table!r}; {hint}"


def test_an_override_may_add_a_layers_default_and_crs():
    # data.defaults and data.crs are open tables, as data.columns is: --set
    # data.defaults.sites.mount_type=pole had been told "no table 'sites'", and
    # --set data.crs.sites=EPSG:3021 "unknown key"
    s = make().with_overrides({"data.defaults.sites.mount_type": "pole",
                               "data.crs.sites": "EPSG:3021",
                               "data.columns.sites.site_id": "ID"})
    assert (s.data.defaults, s.data.crs, s.data.columns) == (
        {"sites": {"mount_type": "pole"}}, {"sites": "EPSG:3021"}, {"sites": {"site_id": "ID"}})
    with pytest.raises(InputError, match=r"key data\.defaults: no layer 'site'; did you mean "
                                         r"'sites'\? give one of areas, sites, "):
        make().with_overrides({"data.defaults.site.mount_type": "pole"})


@pytest.mark.parametrize(("table", "key", "said"), [
    ("columns", "SITES", "no layer 'SITES'; did you mean 'sites'? give one of areas, sites, "
                         "buildings, privacy_zones, demand_points, incidents"),
    ("crs", "area", "no layer 'area'; did you mean 'areas'? give one of areas, sites, "
                    "buildings, privacy_zones, demand_points, incidents"),
    ("defaults", "lamps", "no layer 'lamps'; give one of areas, sites, buildings, "
                          "privacy_zones, demand_points, incidents"),
])
def test_a_misspelt_layer_of_the_data_tables_is_told_the_layer_it_means(table, key, said):
    value = "EPSG:3006" if table == "crs" else {"site_id": "ID"}
    with pytest.raises(InputError) as err:
        make(data={**BASE["data"], table: {key: value}})
    assert f"key data.{table}: {said}" in str(err.value)


def test_counts_in_messages_are_words_for_one_and_for_several():
    # the layers' messages count through errors.counted and errors.plural ("1 feature(s) are"
    # had stood for one)
    from planner.errors import counted, joined, plural

    assert [counted(1, 1, "feature", ("is", "are")), counted(3, 3, "feature", ("is", "are")),
            counted(1, 3, "feature", ("is", "are")), counted(2, 3, "site")] == [
        "its one feature is", "all 3 features are", "1 of the 3 features is",
        "2 of the 3 sites lie"]
    assert [plural(1, "value"), plural(2, "negative value"), plural(2, "DeSO box", "DeSO boxes"),
            joined(["a"]), joined(["a", "b", "c"])] == [
        "1 value", "2 negative values", "2 DeSO boxes", "a", "a, b and c"]


def test_a_data_file_whose_name_is_decomposed_on_disk_is_found(tmp_path):
    """A folder unpacked from a Mac's zip spells "Vingåker data/stolpar_öst.gpkg" with å and ö
    decomposed (NFD), the scenario typed on Windows or Linux composed (NFC): the file had been
    "data file not found: data.sites = 'Vingåker data/stolpar_öst.gpkg'", a name `ls` shows."""
    import unicodedata

    from planner.plan import load_inputs
    from planner.scenario import check_data_files
    from tests.conftest import write_town

    scenario = write_town(tmp_path / "t")
    folder = scenario.parent / unicodedata.normalize("NFD", "Vingåker data")
    folder.mkdir()
    (scenario.parent / "sites.gpkg").rename(folder / unicodedata.normalize("NFD",
                                                                           "stolpar_öst.gpkg"))
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(
        'sites = "sites.gpkg"', 'sites = "Vingåker data/stolpar_öst.gpkg|layername=sites"'),
        encoding="utf-8")
    loaded = load_scenario(scenario)
    check_data_files(loaded)
    assert load_inputs(loaded).sites["site_id"].tolist() == ["lamp-1", "lamp-2"]
    # a name that is truly not there is still named as written
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("stolpar_öst", "stolpar_ost"),
                        encoding="utf-8")
    with pytest.raises(InputError, match=r"data\.sites = 'Vingåker data/stolpar_ost\.gpkg"):
        check_data_files(load_scenario(scenario))
