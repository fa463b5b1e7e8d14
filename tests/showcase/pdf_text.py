"""Text back out of a WeasyPrint PDF, for tests (no PDF text library is installed, nor poppler's pdftotext).

Reads every object, inflates the streams, maps each font's codes to text through its ToUnicode CMap and
walks the page content streams (`/font size Tf`, then `<hex> Tj` or `[...] TJ`). Enough for WeasyPrint's
output (embedded fonts, hex strings); not a general PDF parser.
"""

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    found = {}
    for match in OBJECT.finditer(pdf):
        body = match.group(2)
        stream = STREAM.search(body)
        data = None
        if stream:
            data = stream.group(1)
            if b"/FlateDecode" in body[: stream.start()]:
                data = zlib.decompress(data)
        found[int(match.group(1))] = (body[: stream.start()] if stream else body, data)
    for head, data in list(found.values()):  # objects packed in object streams (the font dictionaries)
        if data is None or b"/ObjStm" not in head:
            continue
        first = int(re.search(rb"/First (\d+)", head).group(1))  # type: ignore[union-attr]
        numbers = [int(n) for n in data[:first].split()]
        pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
        for n, (number, offset) in enumerate(pairs):
            end = first + pairs[n + 1][1] if n + 1 < len(pairs) else len(data)
            found.setdefault(number, (data[first + offset : end], None))
    return found


def _cmap(data: bytes) -> tuple[dict[int, str], int]:
    text = data.decode("latin-1")
    mapping: dict[int, str] = {}
    width = 2
    space = re.search(r"begincodespacerange\s*<([0-9a-fA-F]+)>", text)
    if space:
        width = len(space.group(1)) // 2

    def uni(hexes: str) -> str:
        raw = bytes.fromhex(hexes)
        return raw.decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(src, 16)] = uni(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(dst, 16)
            for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + n)
    return mapping, width


def pdf_text(pdf: bytes) -> str:
    objects = _objects(pdf)
    fonts: dict[bytes, tuple[dict[int, str], int]] = {}
    blocks = []
    for head, _data in objects.values():
        blocks += re.findall(rb"/Font\s*<<(.*?)>>", head, re.S)
        blocks += [objects.get(int(n), (b"", None))[0] for n in re.findall(rb"/Font (\d+) 0 R", head)]
    if blocks:
        for block in blocks:
            for name, number in re.findall(rb"/([\w.+-]+)\s+(\d+) 0 R", block):
                font_head = objects.get(int(number), (b"", None))[0]
                to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font_head)
                if to_unicode:
                    cmap_data = objects[int(to_unicode.group(1))][1] or b""
                    fonts[name] = _cmap(cmap_data)
    out: list[str] = []
    token = re.compile(rb"/([\w.+-]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>|\((?:[^()\\]|\\.)*\)|(T\*|Tj|TJ|ET|Td|TD)")
    for _head, data in objects.values():
        if not data or b"Tf" not in data:
            continue
        current: tuple[dict[int, str], int] = ({}, 2)
        for match in token.finditer(data):
            if match.group(1):
                current = fonts.get(match.group(1), ({}, 2))
            elif match.group(2) is not None:
                mapping, width = current
                raw = bytes.fromhex(match.group(2).decode())
                for i in range(0, len(raw), width):
                    out.append(mapping.get(int.from_bytes(raw[i : i + width], "big"), ""))
            elif match.group(3) in (b"ET", b"T*", b"Td", b"TD"):
                out.append("\n")
    return "".join(out)
