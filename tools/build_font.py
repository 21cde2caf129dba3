"""Build helpers/fonts/NotoSansSC-CourseSubset.otf: Noto Sans CJK SC cut down to the glyphs the course needs.

Glyphs kept: the 3,755 level-1 汉字 of GB 2312 (derived from Python's gb2312 codec), CJK punctuation,
full-width forms, and every CJK character of what a learner reads (notebooks of both editions, docs, README,
datasets with their metadata, helpers' messages), so every Chinese name renders without a missing glyph: in
figures (matplotlib) and in the browser, where the same file is the web-font fallback of JupyterLab and the
Voilà apps (helpers/jupyter_config/). Author tool, not run by tests; tests/test_course_font.py checks that the
committed font covers every character the course uses. Licence: SIL OFL 1.1.

Needs Noto Sans CJK from Debian's ``fonts-noto-cjk``. Installing that package gives the machine a system CJK font,
which hides missing-font problems in the browser tests, so better unpack it without installing:

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb /tmp/noto
    python -m tools.build_font /tmp/noto/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

from tools._project import ROOT, run

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_INDEX = 2  # face order in the collection: JP, KR, SC, TC, HK
TARGET = ROOT / "helpers" / "fonts" / "NotoSansSC-CourseSubset.otf"
FAMILY = "Noto Sans SC Course Subset"  # renamed so it never collides with a system-wide Noto CJK
CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))


def gb2312_level1() -> set[str]:
    """The level-1 (most common) 汉字 of GB 2312: rows 0xB0-0xD7 of the codec."""
    chars = set()
    for first in range(0xB0, 0xD8):
        for second in range(0xA1, 0xFF):
            try:
                chars.add(bytes([first, second]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


LEARNER_TEXT = ["README.md", "docs/**/*.md", "notebooks/**/*.ipynb", "notebooks/**/*.md", "datasets/**/*.csv",
                "datasets/**/*.json", "datasets/**/*.md", "helpers/**/*.py"]  # what a learner reads or is shown


def course_text_files() -> list[Path]:
    """Files whose characters the font must cover (checkpoint copies excluded)."""
    found = {p for pattern in LEARNER_TEXT for p in ROOT.glob(pattern) if ".ipynb_checkpoints" not in p.parts}
    return sorted(found)


def is_cjk(char: str) -> bool:
    """True for CJK ideographs, CJK punctuation and full-width forms (what this font is for)."""
    return any(low <= ord(char) <= high for low, high in CJK_RANGES)


def course_characters() -> set[str]:
    """Every CJK character in the course's datasets, notebooks and helpers."""
    return {c for p in course_text_files() for c in p.read_text(encoding="utf-8") if is_cjk(c)}


def rename(font) -> None:
    """Give the subset its own family name (name IDs 1, 4, 6 and 16)."""
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "")


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else SOURCE
    if not source.exists():
        sys.exit(f"{source} not found: give the path of NotoSansCJK-Regular.ttc (see this module's docstring).")
    options = subset.Options()
    options.font_number = SC_INDEX
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    font = subset.load_font(str(source), options)
    wanted = {ord(c) for c in gb2312_level1() | course_characters()}
    wanted |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFF60))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    rename(font)
    TARGET.parent.mkdir(exist_ok=True)
    font.save(str(TARGET))
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size // 1000} kB, {len(wanted)} code points)")
    return 0


if __name__ == "__main__":
    run(main)
