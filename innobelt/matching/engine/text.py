"""Text handling for the matching engine: normalisation, language detection, tokenisation.

Everything the words side (BM25) and the reasons see goes through :class:`Analyzer`:

* :func:`normalize` — NFKC (full-width letters, digits and punctuation become ASCII),
  HTML/Markdown markup stripped, entities unescaped, whitespace collapsed.
* :func:`detect_language` — ``"zh"``, ``"en"`` or ``"mixed"`` by script (``"und"`` when the
  text has no letters at all).  A Han character counts as a fraction of a word, so a Chinese
  abstract that cites a few Latin acronyms stays ``"zh"``.
* :class:`Analyzer` — jieba (precise mode, HMM on) with the Belt's domain dictionary, so
  ``锂电池隔膜`` or ``晶圆级封装`` stay one token; English lowercased, stopwords dropped and
  Snowball-stemmed (PyStemmer); Chinese stopwords dropped; single Han characters kept (the
  bm25s default tokeniser would drop them).  Optionally each long Chinese token also emits the
  dictionary words inside it (jieba's search-mode idea) so ``锂电池隔膜`` still meets ``隔膜``.
* A bilingual bridge from the domain dictionary: :meth:`Analyzer.bridge_terms` maps a query's
  Chinese domain terms to their English stems and English domain phrases to the Chinese term,
  so a cross-language pair can share words when the Belt's vocabulary is involved.

jieba writes a model cache; it goes to ``$INNOBELT_JIEBA_CACHE`` or a private directory
under the system temp dir, never into the package or the working tree.
"""

from __future__ import annotations

import html
import logging
import os
import re
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

_TAG_RE = re.compile(r"<[^>]{0,500}>")
_SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK_RE = re.compile(r"(^|\s)[#>]{1,6}\s+|[*_`~]{1,3}(?=\S)|(?<=\S)[*_`~]{1,3}", re.M)
_WS_RE = re.compile(r"\s+")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")
_LATIN_LETTER_RE = re.compile(r"[A-Za-z]")
# An English token: letters/digits, with an optional decimal part ("0.05", "3d", "5g").
_EN_TOKEN_RE = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")

# One Han character carries less than an English word; about 1.5 characters make a word.
HAN_CHARS_PER_WORD = 1.5


def normalize(text: str | None) -> str:
    """NFKC-normalise, strip HTML/Markdown markup, unescape entities, collapse whitespace."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", str(text))
    if "<" in t:
        t = _SCRIPT_RE.sub(" ", t)
        t = _TAG_RE.sub(" ", t)
    if "&" in t:
        t = unicodedata.normalize("NFKC", html.unescape(t))
    if "[" in t:
        t = _MD_LINK_RE.sub(r"\1", t)
    t = _MD_MARK_RE.sub(lambda m: m.group(1) or "", t)
    t = t.replace("\u200b", "").replace("\ufeff", "")
    return _WS_RE.sub(" ", t).strip()


# A long text (a profile of many papers, a report) is matched passage by passage, not as one
# averaged vector: the sizes are in "units", a Han character counting as 3 (a Chinese abstract of
# ~250 characters and an English one of ~750 letters are about the same size).
PASSAGE_SPLIT_ABOVE = 2400  # texts up to about two abstracts stay whole
PASSAGE_TARGET = 1200  # pieces of about one abstract
_PARAGRAPH_RE = re.compile(r"\n\s*\n|\n")
_SENTENCE_END_RE = re.compile(r"(?<=[。！？；!?;])|(?<=[.])(?=\s)")


def text_units(text: str) -> int:
    return len(text) + 2 * len(_HAN_RE.findall(text))


def _pack(pieces: list[str], target: int) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    size = 0
    for piece in pieces:
        units = text_units(piece) + 1  # and the space that joins it
        if current and size + units > target:
            out.append(" ".join(current))
            current, size = [], 0
        current.append(piece)
        size += units
    if current:
        out.append(" ".join(current))
    return out


def split_passages(text: str | None, *, above: int = PASSAGE_SPLIT_ABOVE, target: int = PASSAGE_TARGET) -> list[str]:
    """A long raw text as passages of about ``target`` units (before :func:`normalize`).

    Texts up to ``above`` units come back whole.  Longer ones split at paragraphs (line
    breaks); paragraphs shorter than a third of the target (titles, list lines) are packed
    together up to the target; a paragraph over twice the target is split at sentence ends
    and packed the same way.  Nothing is dropped: the passages joined hold every word.
    """
    text = (text or "").strip()
    if text_units(text) <= above:
        return [text] if text else []
    paragraphs = [p.strip() for p in _PARAGRAPH_RE.split(text) if p.strip()]
    pieces: list[str] = []
    short: list[str] = []
    for paragraph in paragraphs:
        units = text_units(paragraph)
        if units < target // 3:
            short.append(paragraph)
            continue
        if short:
            pieces.extend(_pack(short, target))
            short = []
        if units > 2 * target:
            sentences = [x.strip() for x in _SENTENCE_END_RE.split(paragraph) if x.strip()]
            pieces.extend(_pack(sentences, target))
        else:
            pieces.append(paragraph)
    if short:
        pieces.extend(_pack(short, target))
    return pieces


def detect_language(text: str) -> str:
    """Return ``"zh"``, ``"en"``, ``"mixed"`` (or ``"und"`` with no letters) by script share."""
    han = len(_HAN_RE.findall(text))
    latin_words = len(_LATIN_WORD_RE.findall(text))
    if not han and not latin_words:
        return "en" if _LATIN_LETTER_RE.search(text) else "und"
    zh_words = han / HAN_CHARS_PER_WORD
    share = zh_words / (zh_words + latin_words)
    if share >= 0.8:
        return "zh"
    if share <= 0.2:
        return "en"
    return "mixed"


def has_han(token: str) -> bool:
    return _HAN_RE.search(token) is not None


@dataclass(frozen=True)
class Token:
    """One analysed token: the index term and where it came from in the normalised text."""

    term: str
    start: int
    end: int


def _read_lines(path: Path) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                out.append(line)
    return out


@dataclass(frozen=True)
class DomainTerm:
    zh: str
    en: tuple[str, ...]
    industry: str


def load_domain_terms(path: Path | None = None) -> list[DomainTerm]:
    """Read ``domain_dict.txt`` (zh TAB en|en2 TAB industry)."""
    terms = []
    for line in _read_lines(path or DATA_DIR / "domain_dict.txt"):
        parts = line.split("\t")
        zh = parts[0].strip()
        en = tuple(e.strip() for e in parts[1].split("|") if e.strip()) if len(parts) > 1 else ()
        industry = parts[2].strip() if len(parts) > 2 else ""
        terms.append(DomainTerm(zh, en, industry))
    return terms


def _jieba_cache_dir() -> str:
    d = os.environ.get("INNOBELT_JIEBA_CACHE") or os.path.join(
        tempfile.gettempdir(), f"innobelt-jieba-{os.getuid() if hasattr(os, 'getuid') else 'u'}")
    os.makedirs(d, exist_ok=True)
    return d


class Analyzer:
    """Turns text into BM25 terms (and positioned tokens for reasons).

    ``subwords=True`` makes a Chinese token longer than two characters also emit the
    dictionary words it contains (as jieba's search mode does), which helps recall when a
    record writes a shorter or longer form of a term.
    """

    def __init__(self, *, subwords: bool = True, domain_dict: Path | None = None,
                 stem_language: str = "english"):
        import jieba
        import Stemmer

        jieba.setLogLevel(logging.WARNING)
        self.subwords = subwords
        self._jieba = jieba.Tokenizer()
        self._jieba.tmp_dir = _jieba_cache_dir()
        self._init_lock = threading.Lock()
        self._ready = False
        self.domain_terms = load_domain_terms(domain_dict)
        self._stemmer = Stemmer.Stemmer(stem_language)
        self._stem_lock = threading.Lock()
        self.stop_zh = frozenset(_read_lines(DATA_DIR / "stopwords_zh.txt"))
        self.stop_en = frozenset(_read_lines(DATA_DIR / "stopwords_en.txt"))
        self._stem_cache: dict[str, str] = {}

    # ------------------------------------------------------------------ setup
    def _ensure_ready(self) -> None:
        if self._ready:
            return
        with self._init_lock:
            if self._ready:
                return
            self._jieba.initialize()
            for t in self.domain_terms:
                # A frequency that lets the whole term win over its pieces (jieba's own rule).
                self._jieba.add_word(t.zh.lower(), freq=self._jieba.suggest_freq(t.zh.lower()))
            self._build_bridge()
            self._ready = True

    def _build_bridge(self) -> None:
        zh_to_en: dict[str, set[str]] = {}
        en_to_zh: dict[tuple[str, ...], set[str]] = {}
        for t in self.domain_terms:
            zh = t.zh.lower()
            for phrase in t.en:
                stems = tuple(self._english_terms(phrase.lower()))
                if not stems:
                    continue
                zh_to_en.setdefault(zh, set()).update(stems)
                en_to_zh.setdefault(stems, set()).add(zh)
        self._zh_to_en = {k: tuple(sorted(v)) for k, v in zh_to_en.items()}
        self._en_to_zh = {k: tuple(sorted(v)) for k, v in en_to_zh.items()}
        self._max_phrase = max((len(k) for k in self._en_to_zh), default=1)

    # ------------------------------------------------------------ English side
    def stem(self, word: str) -> str:
        s = self._stem_cache.get(word)
        if s is None:
            with self._stem_lock:  # PyStemmer objects are not thread-safe
                s = self._stemmer.stemWord(word)
            if len(self._stem_cache) < 200_000:
                self._stem_cache[word] = s
        return s

    def _english_terms(self, chunk: str) -> list[str]:
        out = []
        for w in _EN_TOKEN_RE.findall(chunk):
            if len(w) < 2 or w in self.stop_en:
                continue
            out.append(self.stem(w) if w[0].isalpha() else w)
        return out

    # ----------------------------------------------------------------- public
    def tokens(self, text: str, *, normalized: bool = False,
               subwords: bool | None = None) -> list[Token]:
        """Positioned tokens of ``text`` (offsets refer to the normalised text)."""
        self._ensure_ready()
        subwords = self.subwords if subwords is None else subwords
        t = text if normalized else normalize(text)
        low = t.lower()
        if len(low) != len(t):  # a rare case-mapping that changes length: no offsets
            low = t
        out: list[Token] = []
        for word, start, end in self._jieba.tokenize(low, HMM=True):
            if has_han(word):
                if word in self.stop_zh:
                    continue
                out.append(Token(word, start, end))
                if subwords and len(word) > 2:
                    out.extend(self._subwords(word, start))
            else:
                for m in _EN_TOKEN_RE.finditer(word.lower()):
                    w = m.group(0)
                    if len(w) < 2 or w in self.stop_en:  # single letters/digits carry nothing
                        continue
                    out.append(Token(self.stem(w) if w[0].isalpha() else w,
                                     start + m.start(), start + m.end()))
        return out

    def _subwords(self, word: str, start: int) -> list[Token]:
        freq = self._jieba.FREQ
        out = []
        n = len(word)
        for size in range(2, n):
            for i in range(n - size + 1):
                piece = word[i:i + size]
                if freq.get(piece) and piece not in self.stop_zh:
                    out.append(Token(piece, start + i, start + i + size))
        return out

    def terms(self, text: str, *, normalized: bool = False) -> list[str]:
        """BM25 terms of ``text`` (with repeats)."""
        return [tok.term for tok in self.tokens(text, normalized=normalized)]

    def whole_terms(self, text: str) -> list[str]:
        """Terms without the sub-word expansion: what a reader would call the words."""
        return [tok.term for tok in self.tokens(text, subwords=False)]

    def bridge(self, tokens: list[Token], sources: dict[str, list[tuple[int, int]]] | None = None
               ) -> tuple[list[str], set[int]]:
        """The bilingual bridge: the query translated through the domain dictionary.

        ``tokens`` are the query's tokens (:meth:`tokens`).  A Chinese word (a jieba token
        together with the sub-words inside it) is *bridged* when any of its tokens is a
        domain term; it adds the English stems of all those terms.  English tokens covered by
        a domain phrase ("wafer level packag test") are bridged and add the Chinese term.
        Returns ``(translated terms, indices of the bridged query tokens)``; the fusion uses
        the second to know how much of the query the translation speaks for.  ``sources``, when
        given, receives for each translated term the spans of the query words it translates (the
        counterparts a cross-language reason shows).
        """
        self._ensure_ready()
        present = {t.term for t in tokens}
        terms_in_query = frozenset(present)
        extra: list[str] = []
        bridged: set[int] = set()

        def add(term: str, span: tuple[int, int]) -> None:
            if sources is not None and term not in terms_in_query:
                spans = sources.setdefault(term, [])  # every query word translating it
                if span not in spans:
                    spans.append(span)
            if term not in present:
                present.add(term)
                extra.append(term)

        # Chinese: group every token with the whole word whose span contains it.
        groups: dict[tuple[int, int], list[int]] = {}
        outer: list[tuple[int, int]] = []
        for i, t in enumerate(tokens):
            if not has_han(t.term):
                continue
            span = next((o for o in outer if o[0] <= t.start and t.end <= o[1]), None)
            if span is None:
                span = (t.start, t.end)
                outer.append(span)
            groups.setdefault(span, []).append(i)
        for members in groups.values():
            stems = [(e, (tokens[i].start, tokens[i].end)) for i in members
                     for e in self._zh_to_en.get(tokens[i].term, ())]
            if stems:
                bridged.update(members)
                for e, span in stems:  # the counterpart is the dictionary word itself
                    add(e, span)
        # English: every domain phrase found in the run of English tokens.
        en = [i for i, t in enumerate(tokens) if not has_han(t.term)]
        seq = [tokens[i].term for i in en]
        for size in range(min(self._max_phrase, len(seq)), 0, -1):
            for j in range(len(seq) - size + 1):
                for zh in self._en_to_zh.get(tuple(seq[j:j + size]), ()):
                    bridged.update(en[j:j + size])
                    add(zh, (tokens[en[j]].start, tokens[en[j + size - 1]].end))
        return extra, bridged

    def bridge_terms(self, terms_or_text: str) -> list[str]:
        """The translated terms for a text (convenience for tests and tools)."""
        return self.bridge(self.tokens(terms_or_text))[0]

    def industries_of(self, terms: list[str]) -> list[str]:
        """Industry codes of the domain terms present (a hint the Django layer may use)."""
        self._ensure_ready()
        codes = {t.zh.lower(): t.industry for t in self.domain_terms}
        return sorted({codes[t] for t in terms if t in codes and codes[t]})


@lru_cache(maxsize=4)
def default_analyzer(subwords: bool = True) -> Analyzer:
    """A process-wide analyser (jieba's dictionary is loaded once per process)."""
    return Analyzer(subwords=subwords)
