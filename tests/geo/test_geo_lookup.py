"""Known answers for region lookup by code and name (Kemendagri 2025 codes)."""

from __future__ import annotations

import pickle

import pytest

from sispam import geo
from sispam.i18n import catalogue, t


def test_klaten_counts() -> None:
    villages = geo.villages_in("Klaten")
    assert len(villages) == 401
    assert sum(v.is_desa for v in villages) == 391
    assert sum(v.is_kelurahan for v in villages) == 10
    assert len(geo.villages_in("33.10", desa_only=True)) == 391
    assert all(v.is_desa for v in geo.villages_in("33.10", desa_only=True))
    assert len(geo.districts_in("Klaten")) == 26
    assert [v.code for v in villages] == sorted(v.code for v in villages)
    assert all(v.code.startswith("33.10.") and v.level == "village" for v in villages)


def test_two_karanganom() -> None:
    red_zone = geo.find_village("Karanganom", within="Klaten Utara")
    assert red_zone.code == "33.10.24.2003"
    assert red_zone.district_code == "33.10.24"
    assert geo.region(red_zone.district_code).name == "Klaten Utara"
    assert geo.find_district("Karanganom").code == "33.10.18"
    assert geo.find_district("Karanganom", regency="Klaten").code == "33.10.18"
    assert geo.find_village("Karanganom", within="Kecamatan Karanganom").code == "33.10.18.2011"
    with pytest.raises(geo.GeoAmbiguityError) as err:
        geo.find_village("Karanganom", within="Klaten")
    assert {c.split(" ")[1].strip("(,") for c in err.value.candidates} == {
        "33.10.18.2011",
        "33.10.24.2003",
    }


@pytest.mark.parametrize(
    ("name", "within", "code"),
    [
        ("Glagahwangi", "Polanharjo", "33.10.17.2001"),
        ("Kujon", "Ceper", "33.10.11.2004"),
        ("Brajan", "Prambanan, Klaten", "33.10.01.2014"),
        ("brajan", "33.10.01", "33.10.01.2014"),
        ("Desa Kujon", "Kabupaten Klaten", "33.10.11.2004"),
    ],
)
def test_named_zone_villages(name: str, within: str, code: str) -> None:
    assert geo.find_village(name, within=within).code == code


def test_district_names_repeat_across_regencies() -> None:
    # Prambanan is a kecamatan of both Klaten and Sleman (DIY)
    with pytest.raises(geo.GeoAmbiguityError) as err:
        geo.find_district("Prambanan")
    assert sorted(c.split(" ")[1].strip("(,") for c in err.value.candidates) == [
        "33.10.01",
        "34.04.09",
    ]
    assert geo.find_district("Prambanan", regency="Sleman").code == "34.04.09"
    assert geo.area("Prambanan, Klaten").code == "33.10.01"
    assert geo.area("Kecamatan Prambanan, Kabupaten Sleman").code == "34.04.09"


def test_region_any_level() -> None:
    assert geo.region("33").name == "Jawa Tengah"
    assert geo.region("33").level == "province"
    klaten = geo.region("33.10")
    assert (klaten.name, klaten.level, klaten.parent_code) == ("Kabupaten Klaten", "regency", "33")
    assert geo.region("33.10.24").level == "district"
    v = geo.region("33.10.24.2003")
    assert (v.province_code, v.regency_code, v.district_code) == ("33", "33.10", "33.10.24")
    assert v.village_kind == "desa"
    # BPS-style codes without dots are accepted too
    assert geo.region("3310242003") == v
    assert geo.region(" 33.10 ") == klaten


def test_kelurahan_and_desa_adat() -> None:
    kel = [v for v in geo.villages_in("Klaten") if v.is_kelurahan]
    assert all(v.code[9] == "1" and not v.is_desa for v in kel)
    per_district: dict[str, int] = {}
    for v in kel:
        name = geo.region(v.district_code).name
        per_district[name] = per_district.get(name, 0) + 1
    # the town of Klaten (three kecamatan) plus the old market town of Jatinom
    assert per_district == {
        "Klaten Tengah": 6,
        "Klaten Utara": 2,
        "Klaten Selatan": 1,
        "Jatinom": 1,
    }
    adat = geo.region("91.03.01.3007")
    assert adat.village_kind == "desa_adat" and adat.is_desa
    assert not geo.region("33.10").is_desa


@pytest.mark.parametrize(
    "query",
    [
        "Klaten",
        "klaten",
        "KLATEN",
        "Kabupaten Klaten",
        "Kab. Klaten",
        "kab klaten",
        "33.10",
        "3310",
    ],
)
def test_find_regency_spellings(query: str) -> None:
    assert geo.find_regency(query).code == "33.10"


def test_kota_kabupaten_ambiguity() -> None:
    with pytest.raises(geo.GeoAmbiguityError) as err:
        geo.find_regency("Bandung")
    assert len(err.value.candidates) == 2
    assert "Kabupaten Bandung" in str(err.value) and "Kota Bandung" in str(err.value)
    assert geo.find_regency("Kota Bandung").code == "32.73"
    assert geo.find_regency("Kabupaten Bandung").code == "32.04"
    assert geo.find_regency("Kab. Bandung").code == "32.04"
    assert geo.find_regency("kota bandung").is_kota
    assert geo.find_regency("Jakarta Utara").code == "31.72"  # "Kota Administrasi …"


def test_many_namesakes_are_listed_briefly() -> None:
    with pytest.raises(geo.GeoAmbiguityError) as err:
        geo.find_village("Sukamaju")  # a common village name, nationwide
    n = len(err.value.candidates)
    assert n > 20
    assert f"(dan {n - 8} lainnya)" in err.value.message("id")
    assert f"(and {n - 8} more)" in err.value.message("en")
    assert err.value.message("en").count("Sukamaju (") == 8


def test_typo_suggests_closest_names() -> None:
    with pytest.raises(geo.GeoLookupError) as err:
        geo.find_district("Klaten Utra")
    assert err.value.query == "Klaten Utra"
    assert err.value.suggestions[0] == "Klaten Utara"
    assert "Klaten Utara" in err.value.message("id")
    assert err.value.message("id").startswith("Wilayah 'Klaten Utra' tidak ditemukan")
    assert "Mungkin maksud Anda: Klaten Utara" in err.value.message("id")
    assert err.value.message("en").startswith("Region 'Klaten Utra' not found")
    assert "Did you mean: Klaten Utara" in err.value.message("en")

    with pytest.raises(geo.GeoLookupError) as err:
        geo.find_village("Glagawangi", within="Klaten")
    assert err.value.suggestions[0] == "Glagahwangi"
    assert "Kabupaten Klaten" in str(err.value)

    with pytest.raises(geo.GeoLookupError) as err:
        geo.find_regency("Klatn")
    assert err.value.suggestions[0] == "Kabupaten Klaten"


def test_error_language_follows_current_language() -> None:
    from sispam.i18n import get_language, set_language

    before = get_language()
    with pytest.raises(geo.GeoLookupError) as err:
        geo.region("99.99")
    try:
        set_language("en")
        assert str(err.value) == "Unknown region code '99.99'."
        set_language("id")
        assert str(err.value) == "Kode wilayah '99.99' tidak dikenal."
    finally:
        set_language(before)


def test_errors_are_lookup_errors_and_pickle() -> None:
    for call in (
        lambda: geo.region("not a code"),
        lambda: geo.region("33.99"),
        lambda: geo.find_regency("33.10.24"),
        lambda: geo.find_district("33.10.24", regency="Boyolali"),
        lambda: geo.find_village("", within="Klaten"),
        lambda: geo.find_village("Karanganom", within="Klaten"),
        lambda: geo.villages_in("33.10.24.2003"),
        lambda: geo.districts_in("Klaten Utara"),
    ):
        with pytest.raises(LookupError) as err:
            call()
        assert isinstance(err.value, geo.GeoLookupError)
        back = pickle.loads(pickle.dumps(err.value))
        assert type(back) is type(err.value)
        assert back.message("en") == err.value.message("en")
        assert back.message("id") != back.message("en")


def test_wrong_level_and_scope_messages() -> None:
    with pytest.raises(geo.GeoLookupError) as err:
        geo.find_regency("33.10.24")
    assert (
        err.value.message("id")
        == "'33.10.24' (Klaten Utara) adalah kecamatan, bukan kabupaten/kota."
    )
    with pytest.raises(geo.GeoLookupError) as err:
        geo.find_district("33.10.24", regency="Boyolali")
    assert "Kabupaten Boyolali" in err.value.message("en")
    assert geo.find_district("33.10.24", regency="Klaten").name == "Klaten Utara"


def test_all_geo_messages_have_both_languages() -> None:
    keys = [k for k in catalogue() if k.startswith("geo.")]
    assert len(keys) >= 15
    for key in keys:
        assert t(key, "id") and t(key, "en"), key


def test_area_resolution_prefers_regency_then_district() -> None:
    assert geo.area("Klaten").code == "33.10"
    assert geo.area("Klaten Utara").code == "33.10.24"
    assert geo.area("Kecamatan Karanganom").code == "33.10.18"
    assert len(geo.villages_in("Klaten Utara")) == len(geo.villages_in("33.10.24")) > 0
    assert geo.regencies_in("Jawa Tengah")[0].code == "33.01"
    assert len(geo.regencies_in("33")) == 35


def test_population_and_area() -> None:
    assert geo.regency_population("33.10") == 1_302_648
    assert geo.regency_area_km2("33.10") == pytest.approx(701.511)
    assert geo.regency_population("33") > geo.regency_population("33.10")
    # source codes that had lost a trailing zero are restored (11.1 -> 11.10, 31.0 -> 31)
    assert geo.regency_area_km2("11.10") == pytest.approx(1851.615)
    assert geo.regency_area_km2("31") == pytest.approx(661.53)
    assert geo.regency_population("33.10.24") is None
    with pytest.raises(geo.GeoLookupError):
        geo.regency_population("99")


def test_names_are_trimmed() -> None:
    assert geo.region("31.72").name == "Kota Administrasi Jakarta Utara"


def test_every_klaten_village_round_trips_by_name_within_its_kecamatan() -> None:
    for v in geo.villages_in("33.10"):
        assert geo.find_village(v.name, within=v.district_code) == v
        assert geo.find_village(v.code) == v


def test_every_district_round_trips_by_name_within_its_regency() -> None:
    from sispam.geo import _store

    for code in _store.table().by_level["district"]:
        d = geo.region(code)
        assert geo.find_district(d.name, regency=d.regency_code) == d


def test_names_that_look_like_prefixes() -> None:
    # a village really called "Kelurahan", and villages whose name starts with "Desa"
    assert geo.find_village("Kelurahan", within="33.22").code == "33.22.08.2003"
    assert geo.find_village("Desa Beru", within="52.07").code == "52.07.05.2001"
    assert geo.find_province("Jawa Tengah").code == "33"
    assert geo.find_province("Provinsi Jawa Tengah").code == "33"
    assert geo.region(3310).code == "33.10"  # type: ignore[arg-type]


def test_a_code_found_by_its_row_is_the_region_of_the_table() -> None:
    """Start-up (#14): `region(code)` before the table is built reads one row; it must agree with
    the table for every one of the 91,599 codes, and miss exactly where the table misses."""
    from sispam.geo import _store

    tab = _store.table()
    _store.table.cache_clear()
    try:
        for i, code in enumerate(tab.codes):
            assert _store.row_region(code) == tab.region(i), code
        for missing in ("99", "33.10.24.9999", "33.10.24.200", "33.1", ""):
            assert _store.row_region(missing) is None, missing
        assert _store.table.cache_info().currsize == 0  # the rows alone answered
    finally:
        _store.table.cache_clear()
