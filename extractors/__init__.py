"""Extractor components: each module registers one spaCy factory (see extractors/config.cfg).

Importing any extractors module registers the Doc extensions the components fill.
"""

from spacy.tokens import Doc

for _name in ("places", "alliances", "figures", "cases"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
