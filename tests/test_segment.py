"""The tokenizer: its Doc tiles the text, its modes, and a shared vocabulary that stays bounded."""

import pytest

from pipeline.stages.nlp import load_nlp
from extractors.segment import SparseJiebaTokenizer, split_sentences, words

TEXT = "江西省赣州市于都县梓山镇成立联村党委，覆盖12个村。\n2023年村集体经营性收入达86.5万元！另有“乡村振兴”项目？"


def test_sentence_tokens_tile_the_text_and_are_its_sentences():
    nlp = load_nlp()
    doc = nlp.tokenizer(TEXT)
    assert "".join(t.text for t in doc) == TEXT
    assert doc.text == TEXT and doc._.text == TEXT
    assert [s.text for s in doc.sents] == [TEXT[a:b] for a, b in split_sentences(TEXT)]
    assert len(doc) == 4


def test_shared_vocabulary_does_not_grow_with_sentences():
    nlp = load_nlp()
    before = len(nlp.vocab.strings)
    for i in range(300):
        nlp(f"第{i}号文件：甘肃省定西市安定区香泉镇{i}个村组建党建联盟，带动增收{i * 7}万元。")
    assert len(nlp.vocab.strings) - before < 50


@pytest.mark.parametrize("mode", ["chars", "candidates", "all"])
def test_other_modes_tile_the_text(mode):
    nlp = load_nlp()
    doc = SparseJiebaTokenizer(nlp.vocab, mode=mode)(TEXT)
    assert doc.text == TEXT
    if mode == "chars":
        assert len(doc) == len(TEXT)
    else:
        assert any(len(t.text) > 1 for t in doc)


def test_unknown_mode_is_a_clear_error():
    with pytest.raises(ValueError, match="sentences, chars, candidates, all"):
        SparseJiebaTokenizer(load_nlp().vocab, mode="words")


def test_words_are_cut_only_around_the_span_asked_for():
    first_end = split_sentences(TEXT)[0][1]
    spans = words(TEXT, 0, 5)
    assert spans and spans[-1][1] <= first_end
    assert "".join(TEXT[a:b] for a, b in spans) == TEXT[:first_end]


def test_the_old_name_of_the_character_mode_still_works():
    nlp = load_nlp()
    assert len(SparseJiebaTokenizer(nlp.vocab, mode="lazy")(TEXT)) == len(TEXT)
