"""Collocates and relative frequencies (ingest/collocation.py), on counts
whose scores are worked out by hand."""
import math
from collections import Counter

from ingest import collocation


def test_collocates_are_scored_against_their_corpus_frequency():
    # Four occurrences of the node; "métier" stands in three of the windows,
    # "le" in all four but it is everywhere in the corpus.
    contexts = [(["le", "metier"], ["de"]), (["le"], ["metier", "est"]), (["le", "metier"], []), (["le"], ["de"])]
    frequencies = {"le": 400, "metier": 6, "de": 500, "est": 90}
    rows = {r["collocate"]: r for r in collocation.collocates(contexts, frequencies, 1000, min_count=2)}
    # "est" is seen once; "le" (4 where 4 were expected) and "de" (2 for 5)
    # are near the node no more often than anywhere.
    assert set(rows) == {"metier"}
    slots = 10  # the words of all windows
    metier = rows["metier"]
    assert (metier["observed"], metier["left"], metier["right"], metier["corpus"]) == (3, 2, 1, 6)
    assert metier["expected"] == round(6 * slots / 1000, 3)
    assert metier["mi"] == round(math.log2(3 / (6 * slots / 1000)), 3)
    # Dunning's G² over the 2×2 table, written out.
    cells = [(3, 0.06), (7, 9.94), (3, 5.94), (987, 984.06)]
    assert metier["ll"] == round(2 * sum(o * math.log(o / e) for o, e in cells), 3)
    # Without the floor on cooccurrences, the order is by log-likelihood.
    loose = collocation.collocates(contexts, frequencies, 1000, min_count=1)
    assert [r["collocate"] for r in loose] == ["metier", "est"]


def test_the_node_and_words_the_counts_do_not_hold_are_no_collocates():
    contexts = [(["l", "community"], ["manager", "agence"])] * 3
    rows = collocation.collocates(contexts, {"community": 50, "manager": 40, "agence": 20}, 1000,
                                  node={"community", "manager"})
    assert [r["collocate"] for r in rows] == ["agence"]  # "l" (an elided article) is no word of the counts


def test_window_words_takes_the_span_nearest_the_node():
    assert collocation.window_words(["a", "b", "c", "d"], ["e", "f", "g"], 2) == (["c", "d"], ["e", "f"])


def test_per_year_relative_frequency_keeps_the_undated_apart():
    rows = collocation.per_year(Counter({2011: 3, 2012: 0, None: 2}), {2011: 1500, 2012: 4000, None: 800, 2013: 0})
    assert rows == [
        {"year": 2011, "occurrences": 3, "words": 1500, "per_10000_words": 20.0},
        {"year": 2012, "occurrences": 0, "words": 4000, "per_10000_words": 0.0},
        {"year": 2013, "occurrences": 0, "words": 0, "per_10000_words": None},
        {"year": "undated", "occurrences": 2, "words": 800, "per_10000_words": 25.0}]
