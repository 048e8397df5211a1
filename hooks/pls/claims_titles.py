"""A short title for each claim: the words the claims register links, with the full claim below.

Why this exists: a claim is a paragraph of 60 to 300 words; as link text it is a wall that a screen
reader reads whole in a list of links, and that buries the next claim. The title is derived, the
same for the same text on every build: the claim's first sentence, cut at its first clause break
(a colon, semicolon, dash or ", which") when that leaves a readable phrase, and otherwise at a word
boundary near `MAX_WORDS`, marked with an ellipsis.
"""

from __future__ import annotations

import re

MAX_WORDS = 14
MIN_WORDS = 5
# Where a sentence ends: a full stop, question or exclamation mark before a space and a capital or
# a digit (so "e.g. a" and "5.8 years" do not end it).
SENTENCE_END = re.compile(r"(?<=[.?!])[\"”’)]?\s+(?=[A-Z0-9\"“(])")
CLAUSE_BREAK = re.compile(r"\s*(?:[:;]|\s[—–]\s|,\s(?=which\b|although\b|but\b|so\b))")
ELLIPSIS = "…"


def short_title(text: str) -> str:
    """The claim's short title (the whole text when it is already short)."""
    words = text.split()
    if len(words) <= MAX_WORDS:
        return " ".join(words)
    sentence = SENTENCE_END.split(" ".join(words), maxsplit=1)[0].rstrip()
    for clause in CLAUSE_BREAK.split(sentence)[:1]:
        if MIN_WORDS <= len(clause.split()) <= MAX_WORDS:
            return clause.rstrip(" ,.")
    sentence_words = sentence.split()
    if len(sentence_words) <= MAX_WORDS:
        return sentence.rstrip()
    return " ".join(sentence_words[:MAX_WORDS]).rstrip(" ,;:—–") + ELLIPSIS
