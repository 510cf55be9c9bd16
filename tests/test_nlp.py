"""The parse: sentences in capitals are parsed in lower case over the original words."""

from __future__ import annotations

import re

from casus.nlp import load_pipeline, recased_text, shouting, title_cased, with_text


def test_a_sentence_in_capitals_shouts_and_ordinary_ones_do_not() -> None:
    assert shouting("PERU RECALLS ENVOY FROM MEXICO")
    assert not shouting("Peru recalls its envoy from Mexico after a NATO and EU summit.")
    assert not shouting("EU SUMMIT")  # too few capitals to tell a headline from acronyms


def test_shouting_sentences_are_lower_cased_keeping_acronyms_and_offsets() -> None:
    nlp = load_pipeline()
    text = "Lima, Monday.\nNATO SHIPS SHADOW PERUVIAN FRIGATE IN PACIFIC\nIt ended soon."
    recased = recased_text(nlp(text), keep={"NATO"})
    assert recased is not None
    assert (
        recased.text
        == "Lima, Monday.\nNATO ships shadow peruvian frigate in pacific\nIt ended soon."
    )
    # The parser runs the headline into the next line: the line after it starts a sentence.
    assert recased.sentence_starts == {text.index("It ended")}


def test_a_headline_in_title_case_is_told_from_a_sentence_full_of_names() -> None:
    assert title_cased("Ghana Recalls Its Ambassador From Nigeria Over Border Row")
    assert title_cased("Police Fire Tear Gas at Students in Eldoret")
    assert not title_cased("Ghana recalls its ambassador from Nigeria over a border row")
    assert not title_cased(
        "Prime Minister Olu Adeyemi met European Commission President Karl Weber and "
        "Council President Anna Lind in Lagos on Friday."
    )
    assert not title_cased("Breaking News")  # too few words to tell
    assert not title_cased("SAN JOSE, Costa Rica, May 2 (Central Wire Service) -")  # a dateline


def test_title_case_headline_words_are_lower_cased_keeping_names_and_offsets() -> None:
    nlp = load_pipeline()
    text = "Ghana Recalls Its Ambassador From Nigeria Over Border Row\nIt ended badly."
    recased = recased_text(nlp(text), keep={"Ghana", "Nigeria"})
    assert recased is not None and len(recased.text) == len(text)
    assert recased.text.startswith("Ghana recalls its ambassador from Nigeria over border row")
    assert recased.text.endswith("It ended badly.")


def test_text_without_capitals_to_lower_is_left_alone() -> None:
    nlp = load_pipeline()
    assert recased_text(nlp("Peru recalled its ambassador to Mexico on Monday.")) is None
    assert recased_text(nlp("NATO AND UN")) is None


def test_a_word_whose_lower_case_changes_length_keeps_its_capitals() -> None:
    nlp = load_pipeline()
    text = "TURKISH POLICE DETAIN JOURNALISTS IN İZMIR PROTEST"
    recased = recased_text(nlp(text))
    assert recased is not None and len(recased.text) == len(text)
    assert "İZMIR" in recased.text and recased.text.startswith("turkish police detain")


def test_the_lower_case_parse_is_put_on_the_original_words() -> None:
    nlp = load_pipeline()
    text = "PERU RECALLS ENVOY FROM MEXICO\nTalks failed."
    recased = recased_text(nlp(text))
    assert recased is not None and recased.sentence_starts == {text.index("Talks")}
    parsed = nlp.make_doc(recased.text)
    for tok in parsed:
        tok.is_sent_start = True if tok.idx in recased.sentence_starts else None
    doc = with_text(nlp(parsed), text)
    assert doc is not None and doc.text == text
    verb = doc[1]
    assert (verb.text, verb.pos_, verb.lemma_, verb.dep_) == ("RECALLS", "VERB", "recall", "ROOT")
    assert [t.text for t in verb.children if t.dep_ == "nsubj"] == ["PERU"]
    assert [s.text.strip() for s in doc.sents] == [
        "PERU RECALLS ENVOY FROM MEXICO",
        "Talks failed.",
    ]
    assert with_text(nlp("peru recalls envoy"), text) is None  # texts that do not line up


def test_verb_forms_the_model_lemmatises_wrongly_get_their_lemma() -> None:
    nlp = load_pipeline()
    doc = nlp("Rebels staged raids, waged war, hoped for talks and were fined by a court.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert (lemmas["staged"], lemmas["waged"], lemmas["hoped"], lemmas["fined"]) == (
        "stage",
        "wage",
        "hope",
        "fine",
    )
    # A noun keeps the model's lemma ("the staging area" is no act of staging).
    assert nlp("They reached the staging area.")[3].lemma_ != "stage"


def test_each_item_of_a_bulleted_list_is_its_own_sentence() -> None:
    nlp = load_pipeline()
    doc = nlp(
        "In the interview, the Kenyan president also said:\n"
        "- Uganda must reopen the border at Busia\n"
        "- He would visit Somalia next month\n"
        "- Tanzania is a reliable partner"
    )
    starts = [s[0].text for s in doc.sents]
    assert starts.count("-") == 3, [s.text for s in doc.sents]


def test_capitals_are_counted_as_ascii_letters_whatever_else_the_text_holds() -> None:
    from casus.nlp import _capitals

    for text in ["KABUL (Reuters) - Ärzte", "ÀÉÎ ÕÜ İstanbul", "abc \udcff DEF", "", "日本 NHK"]:
        assert _capitals(text) == len(re.findall("[A-Z]", text))
        lower = len(re.findall("[a-z]", text))
        up = _capitals(text)
        assert shouting(text) == (up >= 10 and up > 4 * lower)
    assert shouting("ÉTAT D'URGENCE DÉCRÉTÉ À PARIS APRÈS LES ATTENTATS")
