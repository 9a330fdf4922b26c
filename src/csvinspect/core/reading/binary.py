"""Files that are not text at all: named for what they are instead of read as a table.

A program, an image or a workbook picked or dropped by mistake would otherwise decode as
cp1252 into a screen of garbage under an "invalid bytes" banner (issue 9: "An ELF or other
binary opens as a table of cp1252 garbage"). Known formats are named by their signature;
anything else is recognised by the control bytes no text export contains.
"""

from __future__ import annotations

import codecs
import mmap

from csvinspect.core.table import LoadError

Data = bytes | mmap.mmap  # what ``sources.read_source`` returns

# How much of the start of a file the checks look at.
HEAD_BYTES = 4096
# Share of the head that is control bytes (NUL included), and share that is control bytes
# other than NUL, from which the head is binary. Text holds none besides tab, line breaks,
# form feed and ESC (colour codes), while random or compressed bytes hold about 10%; NULs
# alone do not count, so a log whose tail a crash filled with zeros still opens.
BINARY_SHARE = 0.05
NON_NUL_SHARE = 0.01
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b")
_NON_NUL_CONTROL = _CONTROL[1:]
_UTF16_32_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)
_WIDE_ENCODINGS = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")

_OPEN_THE_CSV = "open the CSV export itself"
_UNPACK = "unpack it and open the CSV inside"
_SAVE_AS_CSV = "save it as CSV first (in Excel: File > Save As > CSV UTF-8)"
# Signatures at offset 0: (magic, what the file is, what to do instead).
_SIGNATURES = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel workbook (.xls)", _SAVE_AS_CSV),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", _OPEN_THE_CSV),
    (b"\xff\xd8\xff", "a JPEG image", _OPEN_THE_CSV),
    (b"GIF87a", "a GIF image", _OPEN_THE_CSV),
    (b"GIF89a", "a GIF image", _OPEN_THE_CSV),
    (b"%PDF-", "a PDF document", _OPEN_THE_CSV),
    (b"SQLite format 3\x00", "an SQLite database", "export the table as CSV first"),
    (b"\x7fELF", "a program or library (ELF)", _OPEN_THE_CSV),
    (b"\xfe\xed\xfa\xce", "a macOS program (Mach-O)", _OPEN_THE_CSV),
    (b"\xfe\xed\xfa\xcf", "a macOS program (Mach-O)", _OPEN_THE_CSV),
    (b"\xce\xfa\xed\xfe", "a macOS program (Mach-O)", _OPEN_THE_CSV),
    (b"\xcf\xfa\xed\xfe", "a macOS program (Mach-O)", _OPEN_THE_CSV),
    (b"\x00asm", "a WebAssembly module", _OPEN_THE_CSV),
    (b"\xfd7zXZ\x00", "an xz archive (only gzip is read)", _UNPACK),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", _UNPACK),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive (only gzip is read)", _UNPACK),
    (b"Rar!\x1a\x07", "a RAR archive", _UNPACK),
)
_ZIP = b"PK\x03\x04"
_ZIP_ENTRIES_BYTES = 64 * 1024  # where the first entries' names are found
# Entries whose names show what a zip holds (they come first in Office files).
_ZIP_CONTENTS = (
    (b"xl/", "an Excel workbook (.xlsx)", _SAVE_AS_CSV),
    (b"word/", "a Word document (.docx)", _OPEN_THE_CSV),
    (b"ppt/", "a PowerPoint presentation (.pptx)", _OPEN_THE_CSV),
    (
        b"application/vnd.oasis.opendocument.spreadsheet",
        "an OpenDocument spreadsheet (.ods)",
        "save it as CSV first",
    ),
)


def refuse_signature(data: Data, shown: str) -> None:
    """Raise ``LoadError`` naming the format when ``data`` starts with a known signature."""
    found = _by_signature(data)
    if found is not None:
        what, advice = found
        raise LoadError(f"{shown}: this is {what}, not a CSV file; {advice}")


def refuse_binary(data: Data, shown: str) -> None:
    """Raise ``LoadError`` when the start of ``data`` is binary rather than text.

    The loader skips this check when the user names the encoding (``--encoding``), the way
    to open an odd text file it would refuse.

    UTF-16 and UTF-32 text is full of NULs and, without a BOM, of bytes below 0x20: it is
    recognised by decoding cleanly into printable text and is never refused.
    """
    head = bytes(data[:HEAD_BYTES])
    if not head or head.startswith(_UTF16_32_BOMS):
        return
    controls = len(head) - len(head.translate(None, _CONTROL))
    others = len(head) - len(head.translate(None, _NON_NUL_CONTROL))
    if controls < BINARY_SHARE * len(head) or others < NON_NUL_SHARE * len(head):
        return
    if any(_is_wide_text(head, encoding) for encoding in _WIDE_ENCODINGS):
        return
    share = max(1, round(100 * controls / len(head)))
    raise LoadError(
        f"{shown}: this is a binary file, not a CSV file: {share}% of its first "
        f"{_size(len(head))} are control bytes that text never holds; {_OPEN_THE_CSV}"
    )


def _by_signature(data: Data) -> tuple[str, str] | None:
    head = bytes(data[:HEAD_BYTES])
    if head.startswith(_ZIP):
        entries = bytes(data[:_ZIP_ENTRIES_BYTES])
        for marker, what, advice in _ZIP_CONTENTS:
            if marker in entries:
                return what, advice
        return "a zip archive or an Excel workbook (.xlsx)", f"{_UNPACK}, or {_SAVE_AS_CSV}"
    for magic, what, advice in _SIGNATURES:
        if head.startswith(magic):
            return what, advice
    if head.startswith(b"MZ") and _is_windows_program(data):
        return "a Windows program (.exe or .dll)", _OPEN_THE_CSV
    return None


def _is_windows_program(data: Data) -> bool:
    """``MZ`` alone could start a header; a program also has the PE signature it points to."""
    if len(data) < 0x40:
        return False
    offset = int.from_bytes(bytes(data[0x3C:0x40]), "little")
    return bytes(data[offset : offset + 4]) == b"PE\x00\x00"


def _is_wide_text(head: bytes, encoding: str) -> bool:
    """True when ``head`` decodes as ``encoding`` into text with almost no control characters."""
    unit = 4 if "32" in encoding else 2
    usable = head[: len(head) - len(head) % unit]
    try:
        text = codecs.decode(usable, encoding)
    except UnicodeDecodeError:
        # The head may end inside a surrogate pair.
        try:
            text = codecs.decode(usable[:-unit], encoding)
        except UnicodeDecodeError:
            return False
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\x0c\x1b")
    return bool(text) and controls <= 0.01 * len(text)


def _size(n: int) -> str:
    return f"{n // 1024} KB" if n >= 1024 and n % 1024 == 0 else f"{n:,} bytes"
