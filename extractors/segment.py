"""Segmentation: jieba inside spaCy, spent only where and when an extractor asks for words.

Measured on the benchmark corpus: jieba cuts 140-180 k chars/s, and the old "sparse" rule
(segment sentences holding a number or an alliance word) still sent 92% of the text through it,
which made the tokenizer half of the pipeline's time. No extractor reads the Doc's tokens (they
scan doc._.text with regexes, the gazetteer automaton and cached jieba look-ups of short runs and
give character offsets), so by default each sentence is one token, and a sentence (``doc.sents``).

That Doc gets a small Vocab of its own: interning every sentence into the pipeline's shared
Vocab would grow a worker's StringStore without end (about 0.5 KB a sentence), and a fresh Vocab
costs 3 µs. Building it takes about 0.05 ms an article against 0.4 ms for a Doc of characters
(mode ``chars``, spaCy's own "char" segmentation for Chinese, on the shared Vocab, where every
character span is a valid Span).

Words are cut lazily: ``doc._.words(start, end)`` (or ``words(text, start, end)``) runs jieba,
with the domain dictionary, on the sentences overlapping that span only, cached by sentence.
``mode = "candidates"`` restores the old eager sparse segmentation, ``segment_all`` segments all.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jieba
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extractors.sentences import split_sentences

DEFAULT_USERDICT = Path(__file__).resolve().parent.parent / "extractors" / "data" / "userdict.txt"
MODES = ("sentences", "chars", "candidates", "all")

# Sentences worth segmenting eagerly in "candidates" mode: a number or an alliance-like organisation.
_CANDIDATE = re.compile(r"[0-9０-９一二两三四五六七八九十百千万亿]|联盟|党委|联村|联建|共同体|党组织|联合体")

jieba.setLogLevel(60)


@lru_cache(maxsize=None)
def _jieba(userdict: str | None) -> jieba.Tokenizer:
    tok = jieba.Tokenizer()
    tok.initialize()
    if userdict and Path(userdict).exists():
        tok.load_userdict(userdict)
    return tok


@lru_cache(maxsize=20_000)
def _cut_sentence(sentence: str, userdict: str | None) -> tuple[str, ...]:
    # Reprints repeat sentences, and extractors ask about the same sentence more than once.
    return tuple(w for w in _jieba(userdict).cut(sentence, HMM=True) if w)


def words(text: str, start: int = 0, end: int | None = None, userdict: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of the jieba words of the sentences that overlap text[start:end]."""
    end = len(text) if end is None else end
    userdict = userdict or str(DEFAULT_USERDICT)
    out: list[tuple[int, int]] = []
    for s0, s1 in split_sentences(text):
        if s1 <= start:
            continue
        if s0 >= end:
            break
        pos = s0
        for w in _cut_sentence(text[s0:s1], userdict):
            out.append((pos, pos + len(w)))
            pos += len(w)
    return out


def doc_text(doc: Doc) -> str:
    """The Doc's text, kept by the tokenizer (``doc._.text``, see extractors/__init__.py)."""
    text = doc.user_data.get("text")
    return doc.text if text is None else text


def _doc_words(doc: Doc, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    return words(doc_text(doc), start, end, doc.user_data.get("jieba_userdict"))


if not Doc.has_extension("words"):
    Doc.set_extension("words", method=_doc_words)


class SparseJiebaTokenizer:
    """A spaCy tokenizer: sentences, characters, jieba on candidate sentences, or jieba on all."""

    def __init__(self, vocab: Vocab, userdict: str | None = None, segment_all: bool = False, mode: str = "sentences"):
        mode = "chars" if mode == "lazy" else mode  # the old name of the character mode
        if mode not in MODES:
            raise ValueError(f"tokenizer mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.vocab = vocab
        self.userdict = userdict
        self.mode = "all" if segment_all else mode

    def __call__(self, text: str) -> Doc:
        if self.mode == "sentences":
            tokens = [text[s:e] for s, e in split_sentences(text)]
            n = len(tokens)
            doc = Doc(Vocab(), words=tokens, spaces=[False] * n, sent_starts=[True] * n)
        else:
            tokens = list(text) if self.mode == "chars" else self._jieba_tokens(text)
            doc = Doc(self.vocab, words=tokens, spaces=[False] * len(tokens))
        doc.user_data["jieba_userdict"] = self.userdict
        doc.user_data["text"] = text
        return doc

    def _jieba_tokens(self, text: str) -> list[str]:
        jb = _jieba(self.userdict)
        tokens: list[str] = []
        for start, end in split_sentences(text):
            sentence = text[start:end]
            if self.mode == "all" or _CANDIDATE.search(sentence):
                tokens.extend(w for w in jb.cut(sentence, HMM=True) if w)
            else:
                tokens.append(sentence)
        return tokens

    # spaCy serialises tokenizers with the pipeline; this one has no state beyond its config.
    def to_bytes(self, **_kw) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_kw) -> "SparseJiebaTokenizer":
        return self

    def to_disk(self, _path, **_kw) -> None:
        return None

    def from_disk(self, _path, **_kw) -> "SparseJiebaTokenizer":
        return self


@spacy.registry.tokenizers("partybuild.sparse_jieba.v1")
def create_sparse_jieba(userdict: str | None = None, segment_all: bool = False, mode: str = "sentences"):
    def make(nlp):
        return SparseJiebaTokenizer(nlp.vocab, userdict or str(DEFAULT_USERDICT), segment_all, mode)

    return make
