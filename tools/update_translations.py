"""All translations in one command: the window's (.ts → .qm) and the sentences of core, command line and reports (.po → .mo).

    python tools/update_translations.py [--english my_strings.tsv]

The second half runs tools/core_words.py: it compiles resources/i18n/core_zh_CN.po and
core_en.po and lists every message id the code uses without Chinese or English text
(add one with ``python tools/core_words.py add KEY --zh … --en …``).

The window:

Convention: source strings in the code are Simplified Chinese (the default UI
language), written with ``self.tr("…")``, ``QCoreApplication.translate("Context", "…")``
or ``QT_TRANSLATE_NOOP("Context", "…")``. Then

- ``resources/i18n/retrofit_app_zh_CN.ts`` translates every string to itself
  (this script fills it: nothing to do by hand);
- ``resources/i18n/retrofit_app_en.ts`` holds the English. Edit it with Qt
  Linguist (``pyside6-linguist``), or pass a table of translations:

      python tools/update_translations.py --english my_strings.tsv

  where each line is ``source<TAB>English`` or ``context<TAB>source<TAB>English``
  (a line break inside a string is written ``\\n``).

Run the script after adding or changing a string; it lists the strings still
without English and exits non-zero while any are left. Commit the .ts and the
.qm files (tests/gui/test_translations.py checks both are complete and in step).
Needs ``pyside6-lupdate`` and ``pyside6-lrelease`` (shipped with PySide6-Essentials).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "retrofit_app" / "gui"
I18N = ROOT / "resources" / "i18n"
LANGUAGES = {"zh_CN": "zh_CN", "en": "en"}


def ts_path(language: str) -> Path:
    return I18N / f"retrofit_app_{language}.ts"


def qm_path(language: str) -> Path:
    return I18N / f"retrofit_app_{language}.qm"


def source_files() -> list[Path]:
    return sorted(p for p in SOURCES.rglob("*.py") if "__pycache__" not in p.parts)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install PySide6-Essentials (pip install -e .)")
    return found


def run_lupdate(language: str) -> None:
    files = [str(p.relative_to(ROOT)) for p in source_files()]
    command = [_tool("pyside6-lupdate"), *files, "-no-obsolete", "-locations", "none"]
    command += [
        "-source-language",
        "zh_CN",
        "-target-language",
        language,
        "-ts",
        str(ts_path(language)),
    ]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)


def read_table(path: Path) -> dict[tuple[str | None, str], str]:
    """{(context or None, source): English} from a tab-separated file."""
    table: dict[tuple[str | None, str], str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = [part.replace("\\n", "\n") for part in line.split("\t")]
        if len(parts) == 2:
            table[(None, parts[0])] = parts[1]
        elif len(parts) == 3:
            table[(parts[0], parts[1])] = parts[2]
    return table


def messages(tree: ET.ElementTree) -> list[tuple[str, ET.Element]]:
    return [
        (context.findtext("name") or "", message)
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
    ]


def fill(language: str, table: dict[tuple[str | None, str], str]) -> list[str]:
    """Fill translations (zh_CN: the source itself; en: from `table`); returns what is still missing."""
    path = ts_path(language)
    tree = ET.parse(path)
    missing = []
    for context, message in messages(tree):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if language == "zh_CN":
            translation.text = source
        else:
            chosen = table.get((context, source), table.get((None, source)))
            if chosen:
                translation.text = chosen
        if translation.text:
            translation.attrib.pop("type", None)
        else:
            translation.set("type", "unfinished")
            missing.append(f"{context}\t{source}".replace("\n", "\\n"))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


def run_lrelease(language: str) -> None:
    command = [_tool("pyside6-lrelease"), str(ts_path(language)), "-qm", str(qm_path(language))]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--english", type=Path, help="a TSV of English translations to merge in")
    args = parser.parse_args(argv)
    table = read_table(args.english) if args.english else {}
    I18N.mkdir(parents=True, exist_ok=True)
    missing: list[str] = []
    for language in LANGUAGES:
        run_lupdate(language)
        missing += fill(language, table)
        run_lrelease(language)
    if missing:
        print(f"{len(missing)} strings still need English (context<TAB>source):")
        print("\n".join(missing))
    core = core_sentences()
    if core:
        print(f"{len(core)} sentences of core, command line or reports need text (tools/core_words.py add):")
        print("\n".join(core))
    if missing or core:
        return 1
    print("translations complete")
    return 0


def core_sentences() -> list[str]:
    """Compile the core catalogues (.po → .mo) and list the ids without Chinese or English text."""
    sys.path.insert(0, str(ROOT / "tools"))
    import core_words

    with core_words.locked():
        for language in core_words.CATALOGUES:
            core_words.compile_mo(language)
    return core_words.missing()


if __name__ == "__main__":
    sys.exit(main())
