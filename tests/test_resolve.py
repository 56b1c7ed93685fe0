"""Cross-document actors: normalisation, conservative matching, corrections that survive re-ingest."""

from __future__ import annotations

import itertools

import pytest

from communique.resolve import EntityView, Resolver
from communique.resolve.names import fold, given_compatible, parse_person
from communique.store import Store
from communique.store import schema as s
from tests.test_store import count, country, make_record, person, tokayev_records


def view(doc: str, name: str, country_code: str | None = None, kind: str = "person",
         aliases: list[str] | None = None, title: str | None = None) -> EntityView:
    roles = [{"title": title, "country": country_code}] if title else []
    return EntityView(doc, "e1", kind, name, aliases or [], country_code, roles)


# -- names --------------------------------------------------------------------------------------

def test_fold_and_parse() -> None:
    assert fold("Kassym-Jomart  Tokayev") == "kassym jomart tokayev"
    assert fold("Zelenskyy’s") == "zelenskyy"
    assert fold("Çavuşoğlu") == "cavusoglu"
    p = parse_person("President Tokayev")
    assert p and p.surname == "tokayev" and p.full is None and p.titles == ("president",)
    p = parse_person("H.E. Mr. Yerzhan Kistafin")
    assert p and p.full == "yerzhan kistafin" and p.titles == ()
    p = parse_person("Joseph R. Biden, Jr.")
    assert p and p.surname == "biden" and p.given == ("joseph", "r")
    p = parse_person("Ursula von der Leyen")
    assert p and p.surname == "leyen" and p.given == ("ursula",)
    assert given_compatible(("k",), ("kassym", "jomart"))
    assert not given_compatible(("kassym",), ("karim",))


# -- matching -----------------------------------------------------------------------------------

TOKAYEV = [
    view("d1", "Kassym-Jomart Tokayev", "KZ", title="President"),
    view("d2", "President Tokayev", None, title="President"),
    view("d3", "K. Tokayev", None),
    view("d4", "Kassym-Jomart Tokaev", "KZ"),  # a transliteration variant
    view("d5", "Tokayev", "KZ"),
]


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_three_forms_of_tokayev_are_one_actor_in_any_order(order: tuple[int, ...]) -> None:
    r = Resolver()
    r.resolve(view("d0", "Kassym-Jomart Tokayev", "KZ", title="President"))
    ids = {r.resolve(TOKAYEV[i]) for i in order}
    assert len(ids) == 1


def test_all_tokayev_forms_one_actor_and_named_fully() -> None:
    r = Resolver()
    ids = {r.resolve(v) for v in TOKAYEV}
    assert len(ids) == 1
    actor = r.actors[ids.pop()]
    assert actor.name == "Kassym-Jomart Tokayev" and actor.country == "KZ"
    assert "President Tokayev" in actor.aliases and "K. Tokayev" in actor.aliases


def test_two_mr_khans_with_different_countries_are_two_actors() -> None:
    r = Resolver()
    pk = r.resolve(view("d1", "Mr. Khan", "PK"))
    india = r.resolve(view("d2", "Mr. Khan", "IN"))
    assert pk != india
    assert r.resolve(view("d3", "Mr. Khan", "PK")) == pk


def test_surname_alone_needs_evidence_and_a_unique_candidate() -> None:
    r = Resolver()
    imran = r.resolve(view("d1", "Imran Khan", "PK"))
    other = r.resolve(view("d2", "Sadiq Khan", "GB"))
    assert imran != other
    # No country, no title: "Mr. Khan" could be either, so it is neither.
    unknown = r.resolve(view("d3", "Mr. Khan", None))
    assert unknown not in {imran, other}
    assert r.resolve(view("d4", "Khan", "GB")) == other


def test_role_only_names_are_not_surnames() -> None:
    r = Resolver()
    biden = r.resolve(view("d1", "Joseph R. Biden", "US", aliases=["the President"], title="President"))
    trump = r.resolve(view("d2", "Donald J. Trump", "US", aliases=["The President"], title="President"))
    assert biden != trump
    assert parse_person("The President") is None
    role = r.resolve(view("d3", "The President", "US"))
    assert role not in {biden, trump}
    assert r.resolve(view("d4", "the President", "US")) == role  # one "President (US)" role actor
    assert r.resolve(view("d5", "President Biden", "US")) == biden


def test_different_given_names_same_surname_stay_apart() -> None:
    r = Resolver()
    a = r.resolve(view("d1", "Kassym-Jomart Tokayev", "KZ"))
    b = r.resolve(view("d2", "Karim Tokayev", "KZ"))
    assert a != b


def test_conflicting_countries_never_merge_even_with_the_same_full_name() -> None:
    r = Resolver()
    assert r.resolve(view("d1", "John Smith", "US")) != r.resolve(view("d2", "John Smith", "GB"))
    assert r.resolve(view("d3", "John Smith", None)) is not None


def test_organizations_countries_and_acronyms() -> None:
    r = Resolver()
    sco = r.resolve(view("d1", "Shanghai Cooperation Organisation", None, "organization", ["SCO"]))
    assert r.resolve(view("d2", "SCO", None, "organization")) == sco
    assert r.resolve(view("d3", "The Shanghai Cooperation Organisation", None, "organization")) == sco
    kz_mfa = r.resolve(view("d4", "Ministry of Foreign Affairs", "KZ", "organization", ["MFA"]))
    pk_mfa = r.resolve(view("d5", "Ministry of Foreign Affairs", "PK", "organization", ["MFA"]))
    assert kz_mfa != pk_mfa
    assert r.resolve(view("d6", "MFA", "PK", "organization")) == pk_mfa
    kz = r.resolve(view("d7", "Kazakhstan", "KZ", "country"))
    assert r.resolve(view("d8", "Republic of Kazakhstan", "KZ", "country")) == kz


def test_find_by_name_alias_or_id() -> None:
    r = Resolver()
    aid = r.resolve(TOKAYEV[0])
    r.resolve(TOKAYEV[1])
    assert r.find("president tokayev") == [aid]
    assert r.find(aid) == [aid]
    assert r.find("Kassym-Jomart Tokayev") == [aid]


# -- corrections in the store ---------------------------------------------------------------------

def _khan_records() -> list:
    # Two different Khans that automatic resolution cannot tell apart (no countries), merged;
    # and one person under two unrelated-looking names that it cannot join.
    return [
        make_record("Imran Khan spoke at the forum on connectivity.", [person("e1", "Imran Khan", None)]),
        make_record("Later, Imran Khan met the delegation from Bishkek.", [person("e1", "Imran Khan", None)],
                    published="2022-05-01"),
        make_record("Asif Ali Zardari welcomed the ambassador.", [person("e1", "Asif Ali Zardari", "PK")]),
        make_record("President Zardari received credentials.", [person("e1", "A. A. Z.", "PK")]),
    ]


def _actor_of(store: Store, doc_id: str) -> str:
    _, actors = store.get_record(doc_id)
    return actors["e1"]


def _reingest_all(store: Store, records: list) -> None:
    """Re-extraction of every document (what `ingest --reprocess` does after a version bump)."""
    store.write_batch(records, [])
    store.finish_ingest(reprocessed=True)


def test_merge_survives_reingest(store: Store) -> None:
    recs = _khan_records()
    store.write_batch(recs, [])
    zardari, aaz = _actor_of(store, recs[2].id), _actor_of(store, recs[3].id)
    assert zardari != aaz
    row = store.merge_actors("Asif Ali Zardari", aaz)
    assert row.id == zardari and row.documents == 2
    assert _actor_of(store, recs[3].id) == zardari
    _reingest_all(store, recs)
    assert _actor_of(store, recs[3].id) == zardari
    store.rebuild_actors()
    assert _actor_of(store, recs[3].id) == zardari
    assert not store.find_actors(aaz) or store.find_actors(aaz)[0].id == zardari


def test_split_survives_reingest(store: Store) -> None:
    recs = _khan_records()
    store.write_batch(recs, [])
    khan = _actor_of(store, recs[0].id)
    assert _actor_of(store, recs[1].id) == khan
    new = store.split_actor(khan, doc=recs[1].id[:14])
    assert new.id != khan and new.documents == 1
    assert _actor_of(store, recs[1].id) == new.id and _actor_of(store, recs[0].id) == khan
    _reingest_all(store, recs)
    assert _actor_of(store, recs[1].id) == new.id and _actor_of(store, recs[0].id) == khan


def test_split_by_name(store: Store) -> None:
    recs = [make_record("Mr. Khan visited.", [person("e1", "Imran Khan", "PK", aliases=["Mr. Khan"])]),
            make_record("Mr. Khan of Punjab spoke.", [person("e1", "Mr. Khan", "PK")])]
    store.write_batch(recs, [])
    khan = _actor_of(store, recs[0].id)
    assert _actor_of(store, recs[1].id) == khan  # same surname and country: joined
    new = store.split_actor(khan, name="Mr. Khan")
    assert _actor_of(store, recs[1].id) == new.id and _actor_of(store, recs[0].id) == khan
    _reingest_all(store, recs)
    assert _actor_of(store, recs[1].id) == new.id


def test_bad_corrections_are_store_errors(store: Store) -> None:
    from communique.errors import StoreError

    store.write_batch(tokayev_records(), [])
    with pytest.raises(StoreError):
        store.merge_actors("Kassym-Jomart Tokayev", "K. Tokayev")  # already one
    with pytest.raises(StoreError):
        store.merge_actors("Nobody", "Vladimir Putin")
    with pytest.raises(StoreError, match="ambiguous"):
        store.merge_actors("Mr. Khan", "Vladimir Putin")
    with pytest.raises(StoreError):
        store.split_actor("Vladimir Putin")


def test_tokayev_one_actor_in_the_store(store: Store) -> None:
    store.write_batch(tokayev_records(), [])
    found = store.find_actors("Kassym-Jomart Tokayev")
    assert len(found) == 1 and found[0].documents == 3
    assert len(store.find_actors("Mr. Khan")) == 2
    assert count(store, s.actors) == len({a.id for a in store.iter_actors()})
    assert country("x", "y", "KZ").kind == "country"
