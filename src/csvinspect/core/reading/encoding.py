"""Which text encoding the bytes are in, and decoding them without ever failing.

Order (issue 2): a BOM decides; else UTF-16 where every other byte is a NUL; else strict
UTF-8; else a legacy encoding guessed with charset-normalizer, where a Chinese file reads as
gb18030 (a superset of gbk/gb2312, so no character is lost), a Japanese one as cp932
(Windows' Shift_JIS, which Excel writes) and a Western one as cp1252. Names are Python's
own (``codecs.lookup(name).name``).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import charset_normalizer

from csvinspect.core.reading.sources import Buffer
from csvinspect.core.table import LoadError

SAMPLE_BYTES = 1024**2  # how much of the file decides the encoding and the dialect
UTF8 = "utf-8"
UTF8_SIG = "utf-8-sig"
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, UTF8_SIG),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHINESE = {"gb2312", "gbk", "gb18030", "hz"}
_JAPANESE_SJIS = {"shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213"}
_WESTERN = {"latin-1", "iso8859-1", "iso8859-15", "cp1252", "ascii"}
# Characters a cp1252 reading of real Western text contains outside words (money, quotes).
_CJK_LANGUAGES = {"Chinese", "Japanese", "Korean"}
_SCARCE = 12  # fewer non-ASCII characters than this cannot tell Cyrillic from Western
_WESTERN_SYMBOLS = set("€£¥°–—‘’“”•…™\xa0½¼¾µ×§")


@dataclass(frozen=True)
class EncodingChoice:
    """The encoding to read with, and how many BOM bytes precede the text."""

    name: str
    bom_length: int = 0


def python_name(encoding: str) -> str:
    """Python's canonical name for ``encoding``; ``LoadError`` if Python does not know it."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise LoadError(f"unknown text encoding {encoding!r}") from None


def choose_encoding(data: Buffer, override: str | None = None) -> EncodingChoice:
    """Pick the encoding of ``data`` from its BOM, its first MiB, or the user's override."""
    head = bytes(data[:4])
    if override is not None:
        name = python_name(override)
        if name in (UTF8, UTF8_SIG):
            # A BOM is never data; pasted text may carry one from the clipboard.
            bom = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
            return EncodingChoice(name, bom)
        return EncodingChoice(name)
    for mark, name in _BOMS:
        if head.startswith(mark):
            # UTF-8's BOM is stripped here; the UTF-16/32 codecs read (and drop) their own.
            return EncodingChoice(name, len(mark) if name == UTF8_SIG else 0)
    sample = data[:SAMPLE_BYTES]
    utf16 = _utf16_without_bom(sample)  # before UTF-8: ASCII in UTF-16 is valid UTF-8 too
    if utf16:
        return EncodingChoice(utf16)
    if looks_like_utf8(sample, complete=len(data) <= SAMPLE_BYTES):
        return EncodingChoice(UTF8)
    return EncodingChoice(guess_legacy(sample))


def looks_like_utf8(sample: bytes, *, complete: bool) -> bool:
    """True when ``sample`` is UTF-8, allowing a few invalid bytes among many valid ones.

    A UTF-8 export with one damaged byte should still read as UTF-8 (and report that byte),
    while a legacy file forms a valid multi-byte sequence only by chance.
    """
    decoder = codecs.getincrementaldecoder(UTF8)("replace")
    text = decoder.decode(sample, final=complete)
    if "\ufffd" not in text:
        return True
    errors = text.count("\ufffd") - sample.count("\ufffd".encode())
    if errors <= 0:
        return True
    multibyte = sum(1 for ch in text if ch >= "\x80") - text.count("\ufffd")
    return multibyte >= 10 * errors


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``-be`` when mostly-ASCII text shows a NUL in every other byte."""
    even, odd = sample[0:4096:2], sample[1:4096:2]
    if len(odd) < 8:
        return None
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def guess_legacy(sample: bytes) -> str:
    """Guess the legacy (non-UTF) encoding of ``sample``, mapped to the superset we read with."""
    non_ascii_lines = [line for line in sample.split(b"\n") if max(line, default=0) >= 0x80]
    evidence = b"\n".join(non_ascii_lines)[: 64 * 1024] or sample
    best = charset_normalizer.from_bytes(evidence).best()
    if best is not None and best.language in _CJK_LANGUAGES:
        return _superset(best.encoding)
    western = _western_evidence(evidence)
    if western.plausible or western.scarce:
        # Too few accented bytes to tell scripts apart: Western is by far the likeliest.
        return "cp1252"
    if best is None:
        return "cp1252"  # decodes every byte but five; those are reported, never fatal
    return _superset(best.encoding)


def _superset(detected: str) -> str:
    name = python_name(detected)
    if name in _CHINESE:
        return "gb18030"
    if name in _JAPANESE_SJIS:
        return "cp932"
    if name in _WESTERN:
        return "cp1252"
    return name


@dataclass(frozen=True)
class _Western:
    plausible: bool  # cp1252 gives accented letters inside ASCII words
    scarce: bool  # too few non-ASCII bytes to judge


def _western_evidence(evidence: bytes) -> _Western:
    """How ``evidence`` reads as cp1252.

    charset-normalizer mislabels short Western samples ("café" as Farsi cp1006), while a
    Cyrillic file read as cp1252 gives runs of symbols with no ASCII letter beside them.
    """
    text = evidence.decode("cp1252", errors="replace")  # five bytes are undefined in cp1252
    plausible = total = 0
    for i, ch in enumerate(text):
        if ch < "\x80":
            continue
        total += 1
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch in _WESTERN_SYMBOLS or (
            ch != "\ufffd" and (_ascii_letter(before) or _ascii_letter(after))
        ):
            plausible += 1
    return _Western(total > 0 and plausible >= 0.75 * total, total < _SCARCE)


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


@dataclass(frozen=True)
class DecodedText:
    text: str
    invalid: int  # how many undecodable byte sequences became U+FFFD


def decode(data: Buffer | memoryview, encoding: str) -> DecodedText:
    """Decode ``data`` fully, replacing undecodable bytes with U+FFFD and counting them."""
    raw = bytes(data)
    try:
        return DecodedText(raw.decode(encoding), 0)
    except UnicodeDecodeError:
        pass
    text = raw.decode(encoding, errors="replace")
    legit = 0
    try:
        legit = raw.count("\ufffd".encode(encoding))
    except UnicodeEncodeError:
        legit = 0
    return DecodedText(text, max(1, text.count("\ufffd") - legit))
