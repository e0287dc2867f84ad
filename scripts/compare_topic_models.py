"""Compare ways of deciding a claim's topic by cross-validation grouped by site.

    .venv/bin/pip install -e '.[topic-models]'      # scikit-learn, for this script only
    .venv/bin/python scripts/compare_topic_models.py

The labelled claims are the train set's (``../shared/eval/train``: 362
claims of 79 page openings from 78 sites), each read as the build reads a
claim: its whole sentence, and for an answer the question before it
(``scripts/topic_data.py``). Five folds keep every site in one fold
(``GroupKFold``): a model is never scored on a site it learned from. Each
way is also trained on all of train and scored on the dev claims (107,
never used to choose). The printed table is the one the README quotes.

Ways compared: the codebook's present scoring (``ingest.topics``, no
training); logistic regressions over tf-idf of the claim's lemmas, the
spaCy model's mean vector of its content words, the codebook's cue weights
per topic, and their combinations (with the question's cues and vector,
and the codebook's similarity to each topic's nearest example); and the
codebook with the train claims added as examples (its nearest-example
evidence learning from labelled claims).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

EVAL = ROOT.parent / "shared" / "eval"
SEED = 0


def main() -> int:
    try:
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import accuracy_score, f1_score
        from sklearn.model_selection import GroupKFold
    except ImportError:
        sys.exit("compare_topic_models: scikit-learn is needed: .venv/bin/pip install -e '.[topic-models]'")
    import topic_data
    from ingest import nlp, topics

    train, _ = topic_data.examples(EVAL / "train")
    dev, _ = topic_data.examples(EVAL / "dev")
    book = topics.codebook()

    def read(examples):
        claims = nlp.analyse([e.text for e in examples])
        questions = nlp.analyse([e.question or "" for e in examples])
        return ([topics.read(d) for d in claims],
                [topics.read(q) if e.question else None for q, e in zip(questions, examples)])

    def cues(reading):
        return [sum(c.weight for c in topics.found_cues(t, reading.text)) for t in book.topics] if reading \
            else [0.0] * len(book.topics)

    nearest = topics._example_vectors()

    def similarity(reading):
        if reading.vector is None:
            return [0.0] * len(book.topics)
        return [max(0.0, float((nearest[t.name][1] @ reading.vector).max()) - 0.5) for t in book.topics]

    def block(claims, questions):
        zero = np.zeros(300)
        return {"lemmas": [r.text.lemmas for r in claims],
                "vector": np.array([r.vector if r.vector is not None else zero for r in claims]),
                "question_vector": np.array([q.vector if q is not None and q.vector is not None else zero
                                             for q in questions]),
                "cues": np.log1p(np.array([cues(r) for r in claims])),
                "question_cues": np.log1p(np.array([cues(q) for q in questions])),
                "similarity": np.array([similarity(r) for r in claims])}

    (train_claims, train_questions), (dev_claims, dev_questions) = read(train), read(dev)
    X_train, X_dev = block(train_claims, train_questions), block(dev_claims, dev_questions)
    y, y_dev = np.array([e.topic for e in train]), np.array([e.topic for e in dev])
    groups = np.array([e.site for e in train])

    def features(parts, rows, use, vectorizer):
        mats = []
        if "lemmas" in use:
            mats.append(vectorizer.transform([parts["lemmas"][i] for i in rows]))
        for name in ("vector", "question_vector", "cues", "question_cues", "similarity"):
            if name in use:
                mats.append(csr_matrix(parts[name][rows]))
        return hstack(mats).tocsr()

    def logistic(use, C):
        def fit_predict(train_rows, test_parts, test_rows):
            vectorizer = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True).fit(
                [X_train["lemmas"][i] for i in train_rows])
            model = LogisticRegression(C=C, max_iter=5000, random_state=SEED).fit(
                features(X_train, train_rows, use, vectorizer), y[train_rows])
            return model.predict(features(test_parts, test_rows, use, vectorizer))
        return fit_predict

    def codebook_with_examples(train_rows, test_parts, test_rows):
        """The codebook's decision, the train claims of ``train_rows`` added to its examples."""
        extra = {}
        for i in train_rows:
            if train_claims[i].vector is not None and y[i] != topics.OTHER:
                extra.setdefault(y[i], []).append(train_claims[i].vector)
        readings = (train_claims, train_questions) if test_parts is X_train else (dev_claims, dev_questions)
        out = []
        for i in test_rows:
            claim, asked = readings[0][i], readings[1][i]
            vector = claim.vector
            if vector is not None and asked is not None and asked.vector is not None:
                vector = vector + asked.vector
                vector = vector / np.linalg.norm(vector)
            best, best_score = topics.OTHER, 0.0
            for t in book.topics:
                found = topics.found_cues(t, claim.text)
                score = sum(c.weight for c in found)
                if asked is not None:
                    score += sum(c.weight for c in topics.found_cues(t, asked.text) if c not in found)
                if vector is not None:
                    matrix = nearest[t.name][1]
                    if extra.get(t.name):
                        matrix = np.vstack([matrix, np.array(extra[t.name])])
                    score += book.vector_weight * max(0.0, float((matrix @ vector).max()) - book.vector_floor)
                if score > best_score:
                    best, best_score = t.name, score
            out.append(best if best_score >= book.min_score else topics.OTHER)
        return np.array(out)

    def codebook_alone(train_rows, test_parts, test_rows):
        readings = (train_claims, train_questions) if test_parts is X_train else (dev_claims, dev_questions)
        return np.array([topics.decide_read(readings[0][i], readings[1][i]).topic for i in test_rows])

    ways = {"codebook (no training)": codebook_alone,
            "codebook + train claims as examples": codebook_with_examples}
    for label, use in (("lemmas (tf-idf)", {"lemmas"}), ("vectors", {"vector"}), ("codebook cues", {"cues"}),
                       ("lemmas + vectors", {"lemmas", "vector"}),
                       ("lemmas + vectors + cues", {"lemmas", "vector", "cues"}),
                       ("lemmas + vectors + cues + similarity", {"lemmas", "vector", "cues", "similarity"}),
                       ("all, with the question", {"lemmas", "vector", "cues", "similarity", "question_vector",
                                                   "question_cues"})):
        for C in (1.0, 4.0):
            ways[f"logistic regression: {label}, C={C:g}"] = logistic(use, C)

    print(f"{len(y)} train claims from {len(set(groups))} sites; {len(y_dev)} dev claims\n")
    print(f"| way | grouped CV accuracy | grouped CV macro-F1 | dev accuracy (trained on all train) |")
    print("|---|---|---|---|")
    every = np.arange(len(y))
    for name, fit_predict in ways.items():
        predicted = np.empty(len(y), dtype=object)
        for train_rows, test_rows in GroupKFold(n_splits=5).split(every, y, groups):
            predicted[test_rows] = fit_predict(train_rows, X_train, test_rows)
        on_dev = fit_predict(every, X_dev, np.arange(len(y_dev)))
        print(f"| {name} | {accuracy_score(y, predicted):.3f} | {f1_score(y, predicted, average='macro'):.3f} "
              f"| {accuracy_score(y_dev, on_dev):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
