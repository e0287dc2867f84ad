from ingest import speakers


def test_full_names_and_dotted_initials_are_one_speaker():
    paras = ["Intro.", "Anne Roux : Quel est ton rôle ?", "Marc Blin : Animer la communauté.",
             "A.R. : Et les outils ?", "M.B : Hootsuite surtout.", "Il complète sa réponse."]
    itv = speakers.find_interview(paras)
    assert itv.labeled
    assert itv.interviewer_labels == ["Anne Roux", "A.R."]
    assert itv.interviewee_labels == ["Marc Blin", "M.B"]
    assert itv.turns[-1].paragraphs == [4, 5]
    assert itv.first_paragraph == 1


def test_generic_q_r_labels():
    paras = ["Q : Ton parcours ?", "R : Une école de commerce.", "Q : Tes outils ?", "R : Twitter."]
    itv = speakers.find_interview(paras)
    assert itv.interviewer_labels == ["Q"] and itv.interviewee_labels == ["R"]


def test_a_list_of_tools_is_not_an_interview():
    paras = ["Mes outils :", "Netvibes : pour la veille.", "Hootsuite : pour publier.", "Bitly : pour mesurer."]
    assert speakers.find_interview(paras) is None


def test_concept_label_is_not_a_speaker():
    assert speakers.parse_label("Community Manager : un métier qui monte.") is None
    assert speakers.parse_label("Jeanne d'Arc : bonjour") == ("Jeanne d'Arc", 15)


def test_unlabeled_interview():
    paras = ["Votre parcours ?", "Une licence.", "Vos outils ?", "Twitter.", "Un conseil ?", "Lire.", "Fin."]
    itv = speakers.find_interview(paras)
    assert not itv.labeled
    assert [t.is_question for t in itv.turns] == [True, False] * 3
    assert itv.turns[-1].paragraphs == [5, 6]


def test_speaker_lists():
    paras = ["Voici les idées :", "Paul :", "• Premier point.", "• Second point.", "Lina :", "• Un seul.", "Fin."]
    lists = speakers.find_speaker_lists(paras)
    assert [(l.label, l.items) for l in lists] == [("Paul", [2, 3]), ("Lina", [5])]


def test_initials():
    assert speakers.initials_of("Vanina Delobelle") == "VD"
    assert speakers.initials_of("Théo le Gurun") == "TG"
    assert speakers.is_initials("V.D.") and speakers.is_initials("RT") and not speakers.is_initials("Rudy")
