"""The spaCy pipeline: the project's own components, on real sentences."""
from ingest import nlp


def test_sentence_starts_are_set_before_the_parser_and_kept():
    # Train 370's by-line above its first paragraph, and train 354's
    # quotation after a full stop: a line break and an opening quotation
    # start sentences the parser, left alone, ran into the one before.
    assert "corpus_sentence_starts" in nlp.load().pipe_names
    assert nlp.load().pipe_names.index("corpus_sentence_starts") < nlp.load().pipe_names.index("parser")
    text = ("Community manager ou journaliste social media ?\nPar Pierre-Gaël Pasquiou\n\nMême son de cloche du côté"
            " d’Étienne Lessard, qui gère la communauté d’ESI Marketing. «Combien de personnes me disent qu’elles ne "
            "savent pas ce que je fais!»")
    doc = nlp.analyse([text])[0]
    starts = [s[0].text for s in doc.sents if not s[0].is_space]
    assert starts[:3] == ["Community", "Par", "Même"]
    assert "«" in starts
