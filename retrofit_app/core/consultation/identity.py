"""Identity questions: which owners written in the roster are one person, which flats one owner.

The roster names owners as staff typed them: a name, sometimes an ID number.
Nothing here guesses. Where the writing leaves it open whether two entries are
one person, or whether two flats have one owner, the committee is asked, and
the tally blocks until it answers (blocking.IDENTITY_OPEN):

- ``name_with_without_id``: the same name with an ID number in one place and
  none in another (张三 / 张三（320105********1207）);
- ``name_different_ids``: the same name with different ID numbers;
- ``name_no_id``: the same name, with no ID number anywhere, on several flats;
- ``id_different_names``: one ID number under different names (a typo in the
  name, or in the number);
- ``co_owners_overlap``: flats whose owner sets overlap without being the same
  set (A+B own 101, B+C own 102): under Art. 9 of the interpretation on building
  co-ownership (法释〔2009〕7号) "同一买受人拥有一个以上专有部分的，按一人计算",
  so 101 and 102 count as one only if the committee finds one buyer behind both.

What is certain without asking: the same ID number under the same name is one
person; the same name with no ID number within one flat is one person; flats
whose owner sets are the same set are one buyer. Co-owners are compared as
sets, whatever their order or separator (roster_columns.split_owner_names).

A decision is "same" (join) or "different" (keep apart). Each question has a
key, a hash of what it asks (kind, rooms, names, ID numbers masked as shown),
so a decision survives a re-import of the same roster; a question that changes
(another flat, another number) is a new question. Keys hash masked numbers
only, so they say nothing a printed list would not, and a field copy holding
masked numbers asks the same questions as the office.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import chain, combinations
from operator import itemgetter
from typing import Generic, NamedTuple, TypeVar

from retrofit_app.core.consultation.blocking import IDENTITY_OPEN, Blocking
from retrofit_app.core.consultation.roster_columns import split_owner_names
from retrofit_app.core.privacy import mask_id_number

SAME, DIFFERENT = "same", "different"
DECISIONS = (SAME, DIFFERENT)
NAME_WITH_WITHOUT_ID = "name_with_without_id"
NAME_DIFFERENT_IDS = "name_different_ids"
NAME_NO_ID = "name_no_id"
ID_DIFFERENT_NAMES = "id_different_names"
CO_OWNERS_OVERLAP = "co_owners_overlap"
KINDS = (
    NAME_WITH_WITHOUT_ID,
    NAME_DIFFERENT_IDS,
    NAME_NO_ID,
    ID_DIFFERENT_NAMES,
    CO_OWNERS_OVERLAP,
)


class OwnedFlat(NamedTuple):
    """A flat with its owners as stored: (name, ID number) each, "" where no number is known."""

    household_uuid: str
    room: str  # as the tally names it (幢/单元/室)
    owners: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Side:
    """One of the entries a question asks about: how it is written and where."""

    label: str  # 张三, 张三（320105********1207）, or a set of co-owners 张三、李四
    rooms: tuple[str, ...]
    households: frozenset[str]


@dataclass(frozen=True)
class Question:
    key: str
    kind: str  # one of KINDS
    sides: tuple[Side, ...]
    decision: str | None = None  # SAME, DIFFERENT, or None while open
    # DIFFERENT, yet other SAME decisions join the entries anyway (A = B, B = C, but A ≠ C):
    # the question is open again until the decisions agree.
    contradicted: bool = False

    @property
    def rooms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r for s in self.sides for r in s.rooms))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.label for s in self.sides)

    @property
    def households(self) -> frozenset[str]:
        return frozenset().union(*(s.households for s in self.sides))

    def matters_in(self, households: Iterable[str]) -> bool:
        """Whether the answer can change the heads of a scope holding `households`: it does
        when the scope holds flats of two sides (one flat alone is one head either way)."""
        scope = set(households)
        touched = [s.households & scope for s in self.sides]
        return sum(1 for t in touched if t) >= 2 and len(frozenset().union(*touched)) >= 2

    def blocking(self) -> Blocking:
        return Blocking(IDENTITY_OPEN, self.rooms, " / ".join(self.names))


@dataclass(frozen=True)
class Identities:
    """The owners of an estate's flats as decided: owner keys per flat and every question."""

    owner_keys: dict[str, tuple[str, ...]]  # household uuid → keys (heads_of groups equal sets)
    questions: list[Question]

    @property
    def open(self) -> list[Question]:
        return [q for q in self.questions if q.decision is None or q.contradicted]

    def blocking_in(self, households: Iterable[str]) -> list[Blocking]:
        """The open questions that keep a scope holding `households` from a conclusion."""
        scope = set(households)
        return [q.blocking() for q in self.open if q.matters_in(scope)]


def _name(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _id(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().upper()


def _label(name: str, id_number: str) -> str:
    return f"{name}（{mask_id_number(id_number)}）" if id_number else name


def _key(kind: str, sides: Sequence[tuple[str, Sequence[str]]]) -> str:
    """A short stable key: the kind and each side's label and rooms, in a fixed order."""
    text = "\n".join(
        [kind, *sorted(f"{label}\t{'|'.join(sorted(rooms))}" for label, rooms in sides)]
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


_T = TypeVar("_T", bound=Hashable)


class _Joins(Generic[_T]):
    """Union-find over hashable items."""

    def __init__(self) -> None:
        self.parent: dict[_T, _T] = {}

    def root(self, item: _T) -> _T:
        path = []
        while (parent := self.parent.setdefault(item, item)) != item:
            path.append(item)
            item = parent
        for on_path in path:
            self.parent[on_path] = item
        return item

    def join(self, a: _T, b: _T) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[max(ra, rb, key=str)] = min(ra, rb, key=str)


# An entry as written: (name, number, ""), one person wherever it stands; (name, "", household),
# a name without a number, one person within its flat until the committee says more.
Entry = tuple[str, str, str]


def _entries(flats: Sequence[OwnedFlat]) -> dict[str, list[Entry]]:
    """household → its owners' entries, co-owner cells split into people (an ID number
    goes with the first name of its cell, as the roster pairs them in order)."""
    found: dict[str, list[Entry]] = {}
    for household, _room, owners in flats:
        entries = found.setdefault(household, [])
        for raw_name, raw_id in owners:
            for name, number in _people(raw_name or "", raw_id or ""):
                entry = (name, number, "") if number else (name, "", household)
                if entry not in entries:
                    entries.append(entry)
    return found


@functools.lru_cache(maxsize=1 << 16)  # the tally runs again after every vote: owners read once
def _people(raw_name: str, raw_id: str) -> tuple[tuple[str, str], ...]:
    """(name, ID number) of each person an owner entry names; the number goes with the first."""
    number = _id(raw_id) if raw_id else ""
    names = split_owner_names(_name(raw_name))
    return tuple((name, number if i == 0 else "") for i, name in enumerate(names))


class _Places:
    """Where each flat is: its room as the tally names it, and its place in the roster's order."""

    def __init__(self, flats: Sequence[OwnedFlat]) -> None:
        self.room = {f.household_uuid: f.room for f in flats}
        self.order = {h: i for i, h in enumerate(self.room)}

    def side(self, label: str, households: Iterable[str]) -> Side:
        ordered = sorted(set(households), key=self.order.__getitem__)
        return Side(label, tuple(self.room[h] for h in ordered), frozenset(ordered))


def _person_questions(
    entries: Mapping[str, list[Entry]], places: _Places
) -> list[tuple[str, list[list[Entry]], list[Side]]]:
    """(kind, the groups of entries a SAME joins, sides) for names and numbers written more than
    one way. Co-owners named alike without numbers on the same flats (张三、李四 on 101 and on
    102) make one question, not one per name."""
    where: dict[Entry, list[str]] = {}
    for household, found in entries.items():
        for entry in found:
            where.setdefault(entry, []).append(household)
    by_name, by_id = _written_twice(where)
    asked = []
    unnumbered: dict[tuple[str, ...], list[tuple[str, list[Entry]]]] = {}
    for name, group in by_name.items():
        written = {e[1] for e in group if e[1]}
        if not written:  # one entry per flat: grouped with co-owners on the same flats
            unnumbered.setdefault(tuple(e[2] for e in group), []).append((name, group))
            continue
        kind = NAME_DIFFERENT_IDS if len(written) >= 2 else NAME_WITH_WITHOUT_ID
        sides = [places.side(_label(name, e[1]), where[e]) for e in group]
        asked.append((kind, [group], sides))
    asked += [_unnumbered(households, named, places) for households, named in unnumbered.items()]
    for number, group in by_id.items():
        sides = [places.side(_label(e[0], number), where[e]) for e in group]
        asked.append((ID_DIFFERENT_NAMES, [group], sides))
    return asked


def _unnumbered(
    households: tuple[str, ...], named: list[tuple[str, list[Entry]]], places: _Places
) -> tuple[str, list[list[Entry]], list[Side]]:
    """One question for the names without numbers written on the same flats (co-owners)."""
    label = "、".join(sorted(name for name, _ in named))
    sides = [places.side(label, [h]) for h in households]
    return NAME_NO_ID, [group for _, group in named], sides


def _written_twice(
    where: Mapping[Entry, list[str]],
) -> tuple[dict[str, list[Entry]], dict[str, list[Entry]]]:
    """The entries by name, and by ID number, of the names and numbers in more than one entry."""
    # Most names and numbers are written once: counted in C, and only the others grouped.
    names = Counter(map(itemgetter(0), where))
    numbers = Counter(map(itemgetter(1), where))
    by_name: dict[str, list[Entry]] = {}
    by_id: dict[str, list[Entry]] = {}
    for entry in where:
        if names[entry[0]] > 1:
            by_name.setdefault(entry[0], []).append(entry)
        if entry[1] and numbers[entry[1]] > 1:
            by_id.setdefault(entry[1], []).append(entry)
    return by_name, by_id


def _decided_persons(
    entries: Mapping[str, list[Entry]], places: _Places, decisions: Mapping[str, str]
) -> tuple[list[Question], _Joins[Entry]]:
    """The questions on names and numbers, and the entries each SAME joins into one person; a
    DIFFERENT that other SAMEs join all the same is marked contradicted."""
    persons: _Joins[Entry] = _Joins()
    questions: list[Question] = []
    kept_apart: dict[int, list[list[Entry]]] = {}  # DIFFERENT: question index → its groups
    for kind, groups, sides in _person_questions(entries, places):
        key = _key(kind, [(s.label, s.rooms) for s in sides])
        decision = decisions.get(key)
        if decision == DIFFERENT:
            kept_apart[len(questions)] = groups
        questions.append(Question(key, kind, tuple(sides), decision))
        if decision == SAME:
            for group in groups:
                for entry in group[1:]:
                    persons.join(group[0], entry)
    for i, groups in kept_apart.items():
        if any(len(g) > 1 and len(set(map(persons.root, g))) == 1 for g in groups):
            questions[i] = replace(questions[i], contradicted=True)
    return questions, persons


def identities(
    flats: Sequence[OwnedFlat], decisions: Mapping[str, str] | None = None
) -> Identities:
    """The owner keys of every flat under the committee's `decisions` (question key → SAME or
    DIFFERENT) and every question, decided or open. An open question keeps its entries apart."""
    decisions = decisions or {}
    places = _Places(flats)
    entries = _entries(flats)
    questions, persons = _decided_persons(entries, places, decisions)
    every = list(dict.fromkeys(chain.from_iterable(entries.values())))
    roots = map(persons.root, every) if persons.parent else every
    person_of = dict(zip(every, map("\t".join, roots), strict=True))
    owner_sets = {h: frozenset(map(person_of.__getitem__, found)) for h, found in entries.items()}
    overlaps, buyers = _buyer_questions(flats, entries, owner_sets, decisions, places)
    questions += overlaps
    owner_keys = {h: tuple(sorted(buyers.get(owners, owners))) for h, owners in owner_sets.items()}
    return Identities(owner_keys, questions)


def _buyer_questions(
    flats: Sequence[OwnedFlat],
    entries: Mapping[str, list[Entry]],
    owner_sets: Mapping[str, frozenset[str]],
    decisions: Mapping[str, str],
    places: _Places,
) -> tuple[list[Question], dict[frozenset[str], frozenset[str]]]:
    """Questions on owner sets that overlap, and the sets joined into one buyer by a SAME.

    A joined buyer's flats all get the union of the joined sets as owner keys, so heads_of
    (which groups flats with equal owner sets) counts them once.
    """
    households_of: dict[frozenset[str], list[str]] = {}
    for flat in flats:
        owners = owner_sets[flat.household_uuid]
        if owners:
            households_of.setdefault(owners, []).append(flat.household_uuid)
    pairs = _overlapping(households_of)
    if not pairs:
        return [], {}
    buyers: _Joins[frozenset[str]] = _Joins()
    questions = []
    for pair in pairs:
        sides = [
            places.side(_set_label(entries[households_of[owners][0]]), households_of[owners])
            for owners in pair
        ]
        key = _key(CO_OWNERS_OVERLAP, [(s.label, s.rooms) for s in sides])
        decision = decisions.get(key)
        questions.append(Question(key, CO_OWNERS_OVERLAP, tuple(sides), decision))
        if decision == SAME:
            buyers.join(*pair)
    questions = [
        replace(q, contradicted=True)
        if q.decision == DIFFERENT and buyers.root(pair[0]) == buyers.root(pair[1])
        else q
        for q, pair in zip(questions, pairs, strict=True)
    ]
    joined: dict[frozenset[str], frozenset[str]] = {}
    for owners in households_of:
        root = buyers.root(owners)
        joined[root] = joined.get(root, frozenset()) | owners
    return questions, {o: joined[buyers.root(o)] for o in households_of}


def _overlapping(
    households_of: Mapping[frozenset[str], list[str]],
) -> dict[tuple[frozenset[str], frozenset[str]], None]:
    """The pairs of owner sets that share a person, in a fixed order (as dict keys)."""
    shared = Counter(chain.from_iterable(households_of))  # in how many owner sets each person is
    sets_of_person: dict[str, list[frozenset[str]]] = {}
    for owners in households_of:
        for person in owners:
            if shared[person] > 1:
                sets_of_person.setdefault(person, []).append(owners)
    return dict.fromkeys(
        pair
        for found in sets_of_person.values()
        if len(found) > 1
        for pair in combinations(found, 2)
    )


def _set_label(entries: Sequence[Entry]) -> str:
    """Co-owners as one label, in a fixed order whatever order the roster gave them."""
    return "、".join(sorted(_label(e[0], e[1]) for e in entries))
