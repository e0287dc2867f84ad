from pathlib import Path

from ingest import clean

RAW = Path(__file__).resolve().parent.parent / "raw"


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
        "Vous êtes sur la page 1sur 6",
        "Page 2 of 12",
        "Elle a lu la page 3 sur 6 du rapport.",
        "À lire aussi » Ballonnements : quel est votre profil digestif ?",
        "Crédit photo : KB / Bondy Blog",
        "Photo (cc) : svenwerk",
        "Photo : c'est l'outil que j'utilise le plus, avec Instagram, pour raconter la marque au quotidien "
        "à des gens qui ne lisent plus nos communiqués, comme je l'explique dans la suite.",
    ]))
    assert [l for _, l in kept] == ["Mon billet commence ici et parle de veille.",
                                    "Elle a lu la page 3 sur 6 du rapport.",
                                    "Photo : c'est l'outil que j'utilise le plus, avec Instagram, pour raconter "
                                    "la marque au quotidien à des gens qui ne lisent plus nos communiqués, comme "
                                    "je l'explique dans la suite."]
    assert {r.reason for r in removed} == {"boilerplate"} and len(removed) == 9
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


def lines_of(name):
    """The non-empty lines of a text of raw/, numbered as the cleaner gets them."""
    text = clean.normalize((RAW / name).read_text(encoding="utf-8"))
    return [(n, line) for n, line in enumerate(text.split("\n")) if line]


def test_a_hard_wrapped_text_is_read_in_paragraphs():
    """A PDF's text, cut at about 90 characters, with a page break (a
    footer and a blank line) inside a quotation."""
    joined, furniture = clean.unwrap(lines_of("219_scribd_animer_le_web20_community_manager.txt"))
    paragraphs = [line for _, line in joined]
    assert "Du jeu au marketing" in paragraphs  # a heading stays a paragraph
    assert ("Joachim Schöpfel est maître de conférences à l’UFR IDIST de l’université Charles de Gaulle Lille 3. "
            "Ses centres d’intérêt : l’information et la communication scientifique, l’évolution des métiers "
            "de l’information, les nouveaux médias.") in paragraphs
    quotation = next(p for p in paragraphs if p.startswith("« Le web 2.0"))
    # the archive's running footer, left by the page break inside the sentence, is taken out
    assert "Ses tâches se sont transformées" in quotation
    assert [(r.reason, r.text) for r in furniture] == [("page furniture", "sic_00459993, version 1 - 26 Feb 2010")]
    assert quotation.endswith("leader mondial de la gestion de carrière en ligne).")
    assert any("d'une marque, d'une entreprise », selon S.Magniant" in p for p in paragraphs)


def test_a_page_break_alone_takes_no_line_out():
    """The same text with its footer line gone: the blank line of the page
    break still sits inside the sentence, and every line is kept."""
    lines = [(n, line) for n, line in lines_of("219_scribd_animer_le_web20_community_manager.txt")
             if not line.startswith("sic_")]
    joined, furniture = clean.unwrap(lines)
    assert furniture == []
    assert any("Ses tâches se sont transformées" in p for _, p in joined)
    assert sum(len(p.split()) for _, p in joined) == sum(len(line.split()) for _, line in lines)


def test_a_text_whose_lines_are_paragraphs_is_left_as_it_is():
    lines = lines_of("228_jessicabensaid_quest_ce_quun_cm.txt")
    assert clean.unwrap(lines) == (lines, [])


def test_a_column_of_short_items_is_not_a_wrapped_text():
    items = numbered(["Les missions du community manager :", "animer la communauté de la marque",
                      "répondre aux questions", "modérer les commentaires des internautes", "faire de la veille",
                      "mesurer l'audience", "rédiger des billets", "organiser des jeux concours sur les réseaux"])
    assert clean.unwrap(items) == (items, [])
