"""Keep the sentences of core, command line and reports: resources/i18n/core_zh_CN.po and core_en.po.

    python tools/core_words.py add KEY --zh "中文" --en "English"   # a new sentence in both
    python tools/core_words.py compile                              # .po → .mo (after editing a .po)
    python tools/core_words.py check                                # ids used in code but missing

Message ids are keys (``error.not_found``, ``title.acceptance``); the Chinese and
the English are both translations of the key, so a missing one is seen at once.
Code reads them with ``retrofit_app.core.words.say``. Babel is the only tool used
(``pip install babel``); the program itself reads the .mo files with stdlib gettext.
Window widgets are translated by Qt instead: tools/update_translations.py.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import fcntl
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
CATALOGUES = {"zh": "core_zh_CN", "en": "core_en"}
LOCALES = {"zh": "zh_Hans_CN", "en": "en"}
# Calls whose first argument is a message id written out in the code.
MARKERS = {"say", "N_", "Msg"}


def po_path(lang: str) -> Path:
    return I18N / f"{CATALOGUES[lang]}.po"


def mo_path(lang: str) -> Path:
    return I18N / f"{CATALOGUES[lang]}.mo"


def load(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=LOCALES[lang], project="retrofit-app", charset="utf-8")
    with path.open("rb") as handle:
        return read_po(handle, locale=LOCALES[lang])


def save(lang: str, catalog: Catalog) -> None:
    tmp = po_path(lang).with_suffix(".po.tmp")
    with tmp.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=True)
    tmp.replace(po_path(lang))


def compile_mo(lang: str, catalog: Catalog | None = None) -> None:
    catalog = catalog or load(lang)
    tmp = mo_path(lang).with_suffix(".mo.tmp")
    with tmp.open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)
    tmp.replace(mo_path(lang))


@contextlib.contextmanager
def locked() -> Iterator[None]:
    """Several people (or helpers) may add sentences at once: one at a time."""
    with (I18N / ".core_words.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def add(key: str, texts: dict[str, str], *, replace: bool = False) -> None:
    with locked():
        catalogs = {lang: load(lang) for lang in CATALOGUES}
        if not replace:
            for lang, catalog in catalogs.items():
                if key in catalog and catalog[key].string and catalog[key].string != texts[lang]:
                    sys.exit(
                        f"{key} is already in {po_path(lang).name}: use --replace to change it"
                    )
        for lang, catalog in catalogs.items():
            if key in catalog:
                catalog[key].string = texts[lang]  # Catalog.add keeps an existing text
            else:
                catalog.add(key, texts[lang])
            save(lang, catalog)
            compile_mo(lang, catalog)


def used_ids(root: Path = ROOT / "retrofit_app") -> dict[str, str]:
    """Message ids written out in the code as say("id"...), N_("id") or Msg("id"), with where."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in MARKERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def missing() -> list[str]:
    """Ids the code uses without Chinese or English text, and ids one catalogue has and not the other."""
    catalogs = {lang: load(lang) for lang in CATALOGUES}
    texts = {lang: {m.id: m.string for m in c if m.id} for lang, c in catalogs.items()}
    problems = []
    for msgid, where in used_ids().items():
        for lang in CATALOGUES:
            if not texts[lang].get(msgid):
                problems.append(f"{where}: {msgid} has no {lang} text")
    for lang, other in (("zh", "en"), ("en", "zh")):
        for msgid in sorted(set(texts[lang]) - set(texts[other])):
            problems.append(f"{po_path(lang).name}: {msgid} is missing from {po_path(other).name}")
        for msgid, text in sorted(texts[lang].items()):
            if not text:
                problems.append(f"{po_path(lang).name}: {msgid} has no text")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    adding = sub.add_parser("add", help="add one sentence in both languages")
    adding.add_argument("key")
    adding.add_argument("--zh", required=True)
    adding.add_argument("--en", required=True)
    adding.add_argument("--replace", action="store_true", help="change an existing sentence")
    sub.add_parser("compile", help="compile both .po files to .mo")
    sub.add_parser("check", help="list ids without Chinese or English text")
    args = parser.parse_args(argv)
    if args.command == "add":
        add(args.key, {"zh": args.zh, "en": args.en}, replace=args.replace)
    elif args.command == "compile":
        with locked():
            for lang in CATALOGUES:
                compile_mo(lang)
    problems = missing()
    for line in problems:
        print(line)
    return 1 if problems and args.command == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
