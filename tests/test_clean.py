from ingest import clean


def test_normalize_spaces_and_unicode():
    text = "Cafe\u0301\u00a0et\u202fthé \u200b\r\n  ligne   deux  \r\n"
    assert clean.normalize(text) == "Café et thé\nligne deux\n"


def numbered(lines):
    return list(enumerate(lines))


def test_boilerplate_lines_are_removed():
    kept, removed, spam = clean.clean_body(numbered([
        "Mon billet commence ici et parle de veille.",
        "Tweet",
        "Partager :",
        "Publié dans Réseaux sociaux | Lien permanent | Commentaires (3) | Tags : veille",
        "Filed under Uncategorized",
    ]))
    assert [l for _, l in kept] == ["Mon billet commence ici et parle de veille."]
    assert {r.reason for r in removed} == {"boilerplate"} and len(removed) == 4
    assert not spam


def test_spam_lines_are_removed_and_flagged():
    kept, removed, spam = clean.clean_body(numbered([
        "Un vrai paragraphe sur le métier de community manager.",
        "cheap viagra online casino bonus http://pills.example/buy",
        "Казино онлайн бесплатно играть без регистрации прямо сейчас",
        "http://x.example/?q=%D9%83%D8%A7%D8%B2%D9%8A%D9%86%D9%88",
    ]))
    assert len(kept) == 1 and spam
    assert [r.reason for r in removed] == ["spam"] * 3


def test_a_quoted_word_of_another_script_is_not_spam():
    assert not clean.is_spam("Le mot « 社区 » veut dire communauté en chinois, nous dit-elle.")


def test_repeated_paragraphs_keep_the_first():
    para = "La veille est le premier travail du community manager, chaque matin."
    kept, removed, _ = clean.clean_body(numbered([para, "Autre chose à dire ici.", para, "Merci !", "Merci !!"]))
    assert [l for _, l in kept] == [para, "Autre chose à dire ici.", "Merci !", "Merci !!"]
    assert [(r.line, r.reason) for r in removed] == [(2, "duplicate")]


def test_image_caption_repeating_a_name_is_removed():
    kept, removed, _ = clean.clean_body(numbered(["Intro du billet.", "Marie Dupont", "Marie Dupont", "Suite."]))
    assert [l for _, l in kept] == ["Intro du billet.", "Suite."]
    assert [r.reason for r in removed] == ["caption", "caption"]
