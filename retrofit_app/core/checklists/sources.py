"""Where a checklist item's rule comes from: its sources, the register of cited codes, the check."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from retrofit_app.core.resources import resources_dir
from retrofit_app.core.words import N_, in_language, say


class Item(Protocol):
    """What this module reads of a template item (template_model.Item; no import, no circle)."""

    @property
    def id(self) -> str: ...
    @property
    def standard(self) -> str: ...
    @property
    def sources(self) -> tuple[Source, ...]: ...
    @property
    def fail_when(self) -> Any: ...


class Template(Protocol):
    @property
    def items(self) -> tuple[Item, ...]: ...


# What kind of text a source is; the first three bind by law, programme_rule is the programme's own.
SOURCE_KINDS = (
    "law",
    "regulation",
    "mandatory_code",
    "national_standard",
    "recommended_standard",
    "industry",
    "local",
    "policy",
    "programme_rule",
)
LEGAL_KINDS = frozenset({"law", "regulation", "mandatory_code"})
PROGRAMME = "programme_rule"
# A register status a template must not cite; "clauses_abolished" only beside its successor.
RETIRED = frozenset({"superseded", "repealed"})
ABOLISHED = "clauses_abolished"

# How an item's basis reads: catalogue ids.
BASIS_LABELS: dict[str, str] = {
    "legal": N_("basis.legal"),
    "local": N_("basis.local"),
    "standard": N_("basis.standard"),
    "programme": N_("basis.programme"),
    "none": N_("basis.none"),
}


@dataclass(frozen=True)
class Threshold:
    op: str  # ">=" or "<="
    value: float
    unit: str = ""

    def text(self) -> str:
        sign = {">=": "≥", "<=": "≤"}.get(self.op, self.op)
        return f"{sign} {self.value:g} {self.unit}".strip()


@dataclass(frozen=True)
class Source:
    kind: str
    code: str = ""
    title: str = ""
    clause: str = ""
    edition: str = ""
    jurisdiction: str = ""
    paraphrase: tuple[str, str] = ("", "")
    threshold: Threshold | None = None
    verified: bool = False
    verified_on: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Source:
        limit = data.get("threshold")
        words = data.get("paraphrase") or {}
        return cls(
            kind=data["kind"],
            code=data.get("code", ""),
            title=data.get("title", ""),
            clause=data.get("clause", ""),
            edition=data.get("edition", ""),
            jurisdiction=data.get("jurisdiction", ""),
            paraphrase=(words.get("zh", ""), words.get("en", "")),
            threshold=Threshold(limit["op"], limit["value"], limit.get("unit", ""))
            if limit
            else None,
            verified=bool(data.get("verified", False)),
            verified_on=data.get("verified_on", ""),
        )

    @property
    def legal(self) -> bool:
        return self.kind in LEGAL_KINDS

    def label(self, lang: str = "zh") -> str:
        """One line: 'GB 55037-2022《建筑防火通用规范》（条文待核实）', or '项目自定：…'."""
        if self.kind == PROGRAMME:  # the programme's choice in its own words
            return in_language(*self.paraphrase, lang) or say("basis.programme", lang)
        name = self.name()
        if not self.clause:
            # No clause was checked against the official text, so none is printed.
            return say("source.clause_to_confirm", lang, name=name)
        name = say("source.clause", lang, name=name, clause=self.clause)
        return name if self.verified else say("source.to_confirm", lang, name=name)

    def name(self) -> str:
        """'GB 55037-2022《建筑防火通用规范》'; a law or rule named by its short title alone reads
        as its full title once: '《中华人民共和国民法典》', not '民法典《中华人民共和国民法典》'."""
        if not self.title or not self.code:
            return self.code or self.title
        if self.code in self.title:
            return f"《{self.title}》"
        return f"{self.code}《{self.title}》"

    def status(self, lang: str = "zh") -> str:
        """What the register says of the cited code: in force since when, or whose code abolished
        its mandatory clauses; with a note while that status is not checked. "" when unlisted."""
        entry = register().get(self.code) if self.kind != PROGRAMME else None
        if entry is None:
            return ""
        if entry.get("status") == ABOLISHED:
            words = say("source.abolished", lang, successor=entry.get("superseded_by", ""))
        elif entry.get("in_force_since"):
            words = say("source.in_force", lang, since=entry["in_force_since"])
        else:
            words = say("source.in_force_undated", lang)
        return words if entry.get("checked") else say("source.status_unchecked", lang, status=words)

    def detail(self, lang: str = "zh", *, judged: bool = True) -> str:
        """The label, its kind, the register's status of the code, what it asks in our words and
        the threshold it sets: the item's own when the item is judged by it, else only what the
        source asks (an item that records a car size without failing it)."""
        kind = f"[{say('source_kind.' + self.kind, lang)}] "
        parts = [kind + self.label(lang)]
        if self.status(lang):
            parts.append(self.status(lang))
        words = in_language(*self.paraphrase, lang)
        if words and self.kind != PROGRAMME:
            parts.append(words)
        if self.threshold is not None:
            words = "source.threshold" if judged else "source.threshold_asked"
            parts.append(say(words, lang, limit=self.threshold.text()))
        return " — ".join(parts)


def sources_from_json(items: list[dict[str, Any]] | None) -> tuple[Source, ...]:
    return tuple(Source.from_json(s) for s in items or ())


def basis(item: Item) -> str:
    """'legal' when a law, regulation or mandatory code stands behind the item; 'local' for a
    local rule (its text to be confirmed by the district); 'standard' for standards and policy;
    'programme' when only the programme's own choice does; 'none'."""
    kinds = {s.kind for s in item.sources}
    if kinds & LEGAL_KINDS:
        return "legal"
    if "local" in kinds:
        return "local"
    if kinds - {PROGRAMME}:
        return "standard"
    if PROGRAMME in kinds:
        return "programme"
    return "standard" if item.standard else "none"


def basis_label(item: Item, lang: str = "zh") -> str:
    return say(BASIS_LABELS[basis(item)], lang)


def sources_text(item: Item, lang: str = "zh", *, detailed: bool = False) -> str:
    """The item's sources as one text (the old free `standard` when it has no list)."""
    if not item.sources:
        return item.standard
    if detailed:
        judged = item.fail_when is not None
        return "\n".join(s.detail(lang, judged=judged) for s in item.sources)
    return ("；" if lang == "zh" else "; ").join(s.label(lang) for s in item.sources)


# ------------------------------------------------------------------ register
def register_path() -> Path:
    return Path(str(resources_dir("standards", "register.json")))


@functools.cache
def register() -> dict[str, dict[str, Any]]:
    """Every code a shipped template may cite, by code: edition, status, what superseded it."""
    data = json.loads(register_path().read_text(encoding="utf-8"))
    return {entry["code"]: entry for entry in data["codes"]}


def citation_problems(
    template: Template, codes: dict[str, dict[str, Any]] | None = None
) -> list[tuple[str, str]]:
    """(item id, problem id) for each citation the register does not back: a code it lacks, one
    it marks superseded or repealed, an abolished one cited without its successor, a clause number
    not checked against the official text, a threshold that disagrees with the fail rule, and an
    item that can fail an estate with no source at all."""
    codes = register() if codes is None else codes
    found: list[tuple[str, str]] = []
    for item in template.items:
        cited = {s.code for s in item.sources}
        for source in item.sources:
            found += [(item.id, p) for p in _source_problems(source, cited, codes)]
        if item.fail_when is not None and not item.sources:
            found.append((item.id, "sources.unsourced_blocking"))
        if _threshold_disagrees(item):
            found.append((item.id, "sources.threshold_mismatch"))
    return found


def _source_problems(
    source: Source, cited: set[str], codes: dict[str, dict[str, Any]]
) -> list[str]:
    if source.kind == PROGRAMME:
        return []
    entry = codes.get(source.code)
    if entry is None:
        return ["sources.not_in_register"]
    problems = []
    status = entry.get("status", "")
    if status in RETIRED:
        problems.append("sources.retired")
    elif status == ABOLISHED and entry.get("superseded_by") not in cited:
        problems.append("sources.abolished_alone")
    if source.clause and not source.verified:  # a law's article as much as a code's clause
        problems.append("sources.unconfirmed_clause")
    return problems


def _threshold_disagrees(item: Item) -> bool:
    """True when the item fails beyond a limit looser than one of its sources asks (a ≥ 4.00 m
    code under a 3.5 m rule), or when no source states the limit it enforces. A stricter local
    rule or programme choice beside a code is fine: it carries the item's limit itself."""
    test = item.fail_when
    if test is None or (test.below is None and test.above is None):
        return False
    limits = [s.threshold for s in item.sources if s.threshold is not None]
    if not limits:
        return False
    if test.below is not None:
        op, value, looser = ">=", test.below, lambda limit: test.below < limit
    else:
        op, value, looser = "<=", test.above, lambda limit: test.above > limit
    if any(limit.op != op or looser(limit.value) for limit in limits):
        return True
    return all(limit.value != value for limit in limits)


# A template a district imports or edits is refused for these (a clause or article number, of a
# code or a law, is printed only once checked against its text); a local code the register does
# not list is not.
REFUSED_PROBLEMS = frozenset(
    {
        "sources.retired",
        "sources.abolished_alone",
        "sources.threshold_mismatch",
        "sources.unconfirmed_clause",
    }
)


def sources_json(item: Item, lang: str = "zh") -> list[dict[str, Any]]:
    """The sources as a program reads them: kind, code, title, clause, words, threshold."""
    return [
        {
            "kind": s.kind,
            "code": s.code,
            "title": s.title,
            "clause": s.clause,
            "edition": s.edition,
            "jurisdiction": s.jurisdiction,
            "label": s.label(lang),
            "paraphrase": in_language(*s.paraphrase, lang),
            "threshold": None
            if s.threshold is None
            else {"op": s.threshold.op, "value": s.threshold.value, "unit": s.threshold.unit},
            "verified": s.verified,
            "verified_on": s.verified_on or None,
            **_register_fields(s.code if s.kind != PROGRAMME else ""),
        }
        for s in item.sources
    ]


def _register_fields(code: str) -> dict[str, Any]:
    """The register's word on a cited code: its status, since when, what superseded it."""
    entry = register().get(code) if code else None
    if entry is None:
        return {"status": None, "in_force_since": None, "superseded_by": None,
                "status_checked": False}  # fmt: skip
    return {
        "status": entry.get("status") or None,
        "in_force_since": entry.get("in_force_since") or None,
        "superseded_by": entry.get("superseded_by") or None,
        "status_checked": bool(entry.get("checked")),
    }


@dataclass(frozen=True)
class Citation:
    """One text a template cites, with the items citing it: what a district checks next."""

    source: Source
    items: tuple[str, ...]


def citations(template: Template) -> list[Citation]:
    """Each law, code, rule or policy the template cites (same code and clause once), in the
    order the items first cite it; programme choices are the programme's own and left out."""
    found: dict[tuple[str, str, str], tuple[Source, list[str]]] = {}
    for item in template.items:
        for source in item.sources:
            if source.kind == PROGRAMME:
                continue
            key = (source.code, source.title, source.clause)
            found.setdefault(key, (source, []))[1].append(item.id)
    return [Citation(source, tuple(items)) for source, items in found.values()]


def citation_json(citation: Citation, lang: str = "zh") -> dict[str, Any]:
    source = citation.source
    return {
        "kind": source.kind,
        "code": source.code,
        "title": source.title,
        "clause": source.clause,
        "label": source.label(lang),
        "verified": source.verified,
        "verified_on": source.verified_on or None,
        **_register_fields(source.code),
        "items": list(citation.items),
    }
