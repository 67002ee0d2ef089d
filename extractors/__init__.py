"""Extractor components: each module registers one spaCy factory (see extractors/config.cfg).

Importing any extractors module registers the Doc extensions the components fill.
"""

from spacy.tokens import Doc

for _name in ("places", "alliances", "figures", "cases"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _doc_text(doc: Doc) -> str:
    # The tokenizer keeps the text in user_data: spaCy's doc.text re-joins every token on each
    # call, which on a character-token Doc was most of the pipeline's time.
    text = doc.user_data.get("text")
    return doc.text if text is None else text


if not Doc.has_extension("text"):
    Doc.set_extension("text", getter=_doc_text)
