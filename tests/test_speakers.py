import pytest

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


def test_labels_set_off_by_a_dash():
    # Premium Beauty News's layout (corpus 631): the name, a dash, the turn.
    paras = ["Premium Beauty News - Vous avez fait de votre passion un métier. Pouvez-vous nous parler de votre activité ?",
             "Laetitia Luthringer - En tant que consultante au sein du pôle Social Media de KRDS, j'aide les marques.",
             "En ce qui me concerne, je suis chargée des marques du luxe.",
             "Premium Beauty News - Précisément quels sont les objectifs du community management sur Facebook ?",
             "Laetitia Luthringer - À mon avis, créer autour de la marque une communauté de fans."]
    itv = speakers.find_interview(paras)
    assert itv.labeled
    assert itv.interviewer_labels == ["Premium Beauty News"] and itv.interviewee_labels == ["Laetitia Luthringer"]
    assert itv.turns[1].paragraphs == [1, 2] and paras[1][itv.turns[1].content_start:].startswith("En tant que")
    # A dash after a place or a list item's name makes no interview.
    assert speakers.find_interview(["Paris - Le maire a ouvert un compte Twitter.",
                                    "Lyon - La ville suit ?", "Hootsuite - pour publier."]) is None


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


# --- interviews from one turn -------------------------------------------------------

def test_a_single_question_counts_when_the_lead_announces_an_interview():
    paragraphs = ["Cette semaine, Léa Martin a accepté de répondre à nos questions.",
                  "Comment es-tu devenue community manager ?",
                  "Par hasard, après un stage dans une agence."]
    itv = speakers.find_interview(paragraphs)
    assert itv is not None and not itv.labeled
    assert [(t.paragraphs, t.is_question) for t in itv.turns] == [([1], True), ([2], False)]


def test_a_single_question_without_announcement_is_not_an_interview():
    paragraphs = ["Le métier change vite.", "Faut-il un diplôme ?", "Pas forcément, disent les recruteurs."]
    assert speakers.find_interview(paragraphs) is None


def test_numbered_questions_with_an_aside_make_an_interview():
    paragraphs = ["Le talent web de la semaine.",
                  "1/ Pouvez-vous vous présenter en un tweet ? (140 caractères, hashtags autorisés)",
                  "Curieux, passionné, autodidacte.",
                  "2/ Comment êtes-vous arrivé dans le community management ?",
                  "Par les forums, il y a dix ans."]
    itv = speakers.find_interview(paragraphs)
    assert [t.is_question for t in itv.turns] == [True, False, True, False]


def test_a_name_with_an_initial_and_its_initials_are_one_speaker():
    paragraphs = ["Romain : Comment es-tu devenu community manager ?",
                  "Walter F. : Disons que j'ai toujours aimé internet.",
                  "R. : Et aujourd'hui ?",
                  "W.F. : Je travaille pour un site de jeux."]
    itv = speakers.find_interview(paragraphs)
    assert itv.interviewer_labels == ["Romain", "R."]
    assert itv.interviewee_labels == ["Walter F.", "W.F."]


def test_question_marks_before_closing_quotes_and_asides():
    assert speakers.is_question("Et demain ? »")
    assert speakers.is_question("Votre parcours ? (en deux mots)")
    assert not speakers.is_question("Il se demande pourquoi (et comment ?) cela marche.")


def test_an_essay_whose_headings_are_questions_is_not_an_interview():
    body = "Les revues ne se valent pas, et les classements le montrent depuis longtemps."
    paras = ["Introduction de l'essai.", body, "Quelles revues prendre en compte ?", body,
             "Combien d'articles ?", body, "Qui publie dans ces revues ?", body]
    assert speakers.find_interview(paras) is None
    # Put to someone, the same questions make an interview.
    asked = [p.replace("Combien d'articles ?", "Combien d'articles publiez-vous ?") for p in paras]
    assert speakers.find_interview(asked) is not None
    # The price: terse questions put to nobody, with no lead to announce
    # them, are read as an essay's headings too.
    assert speakers.find_interview(["Parcours ?", "Oui.", "Outils ?", "Twitter.", "Avenir ?", "Radieux."]) is None


def test_an_announcement_far_from_the_question_is_not_one():
    opening = ["Premier paragraphe d'un long essai sur la presse."] * 5
    paras = opening + ["Il faut répondre aux critiques, dit-on.", "La presse, un contre-pouvoir ?",
                       "Elle l'a été, et le reste parfois."]
    assert speakers.find_interview(paras) is None


def test_the_title_announces_an_unlabeled_interview():
    """After educpros.fr: one question put to someone and its answer; only
    the title ("Rencontre avec …") says it is an interview."""
    paragraphs = ["Cette semaine c’est Nicolas qui prend la parole ! Nicolas est le community manager de"
                  " Reims Management School.",
                  "Peux-tu te présenter en quelques lignes ?",
                  "Je suis Community Manager à Reims Management School."]
    assert speakers.find_interview(paragraphs) is None
    itv = speakers.find_interview(paragraphs, "Rencontre avec Nicolas, Community Manager de Reims Management School")
    assert itv is not None and not itv.labeled
    assert [t.paragraphs for t in itv.turns] == [[1], [2]]


@pytest.mark.parametrize("title,paragraphs", [
    ("L'interview du mois : Thomas Blanc (Decathlon)",   # the question is put to someone by name
     ["Thomas, comment es-tu arrivé chez Decathlon ?", "Après mon école, j'ai fait un stage et je suis resté.",
      "Qu'est-ce qui te plaît dans ce métier ?", "La relation directe avec les sportifs."]),
    ("Portrait : Léa Garnier, community manager",          # dashed questions and answers
     ["- Comment définiriez-vous votre métier ?", "- C'est un métier d'écoute avant tout.",
      "- Quelle formation avez-vous suivie ?", "- Un master en communication à Rennes."]),
    ("Interview de Claire Dupuis, community manager",     # only the title says it
     ["Votre journée type ?", "Je commence par une veille sur Twitter.",
      "Le plus difficile ?", "Gérer les crises le week-end."]),
])
def test_an_interview_may_open_on_its_first_question_under_its_title(title, paragraphs):
    """The title is not among the paragraphs: the first question may be the
    first paragraph (two questions are few: the layout or the title must
    mark them as an interview's)."""
    itv = speakers.find_interview(paragraphs, title)
    assert itv is not None and [t.paragraphs for t in itv.turns] == [[0], [1], [2], [3]]
    if title.startswith("Interview"):
        assert speakers.find_interview(paragraphs, "Le quotidien d'un métier") is None


def test_two_interviewees_answer_each_unlabelled_question_under_their_labels():
    paragraphs = ["Quel est votre rôle dans l'agence ?", "Karim Benali : Je gère la stratégie.",
                  "Anne Roux : Pour ma part, j'anime les communautés.", "Quelles sont vos difficultés ?",
                  "Karim Benali : Convaincre les directions.", "Anne Roux : Mesurer le retour sur investissement."]
    itv = speakers.find_interview(paragraphs, "Entretien avec Karim Benali et Anne Roux")
    assert itv is not None
    assert [t.label for t in itv.turns if not t.is_question] == ["Karim Benali", "Anne Roux"] * 2


def test_a_question_put_to_someone_by_name_is_an_interviewers():
    """After lesautodidactes.fr: a single question, unannounced, greets the
    interviewee by name; the page is an interview. A greeting word that is
    also a given name somewhere ("Mais, me direz-vous, …") names nobody."""
    lead = "Louisa a toujours aimé écrire et ce, depuis son plus jeune âge."
    answer = "Un journaliste m'a dit quand j'étais encore étudiante que je voulais faire trop de choses."
    itv = speakers.find_interview([lead, "Salut Louisa, tu es social media manager. Pourrais-tu te présenter ?",
                                   answer])
    assert itv is not None and [t.paragraphs for t in itv.turns] == [[1], [2]]
    assert speakers.find_interview([lead, "Mais, me direz-vous, en quoi ce métier a-t-il changé ma vie ?",
                                    answer]) is None


def test_two_questions_that_say_vous_make_an_interview():
    """After gendinfo.fr: two questions in the second person, no lead that
    announces them. The same lines inside quotation marks are an exchange
    the text reports (two clubs' tweets, after euronews.com), not questions."""
    lead = "À l'occasion de la Journée de la femme digitale, l'adjudante Émilie présente son rôle."
    questions = ["Vous êtes affectée à la cellule renseignement. Quel a été votre parcours ?",
                 "En parallèle, vous êtes community manager. En quoi cela consiste-t-il ?"]
    answers = ["J'ai un parcours diversifié, toujours au sein de la Picardie.",
               "Le groupement dispose d'une page Facebook que nous animons à trois."]
    itv = speakers.find_interview([lead, questions[0], answers[0], questions[1], answers[1]])
    assert itv is not None and [t.paragraphs for t in itv.turns] == [[1], [2], [3], [4]]
    quoted = [f"“{q}”" for q in questions]
    assert speakers.find_interview([lead, quoted[0], answers[0], quoted[1], answers[1]]) is None


def test_labels_with_initials_in_parentheses():
    """cercledescommunicants.com: "Sophie Barré (SB) : …" then "(SB) : …"."""
    assert speakers.parse_label("Sophie Barré (SB) : Quand j’ai pris mes fonctions") == ("Sophie Barré", 20)
    assert speakers.parse_label("(SB) : L’objectif principal selon moi est de fédérer.") == ("SB", 7)


def test_answers_that_open_with_a_label_mark_unlabelled_questions_as_an_interview():
    paragraphs = ["Sophie Barré, chargée de communication digitale, revient sur son expérience.",
                  "Les établissements sont-ils suffisamment présents sur les réseaux sociaux ?",
                  "Sophie Barré (SB) : Quand j’ai pris mes fonctions, il n’y avait pas de stratégie.",
                  "Comment communiquent-ils ?",
                  "(SB) : L’objectif principal selon moi est de fédérer la communauté."]
    itv = speakers.find_interview(paragraphs)
    assert itv is not None and not itv.labeled
    assert [t.label for t in itv.turns if not t.is_question] == ["Sophie Barré", "SB"]


def test_a_label_inside_an_answer_starts_the_turn_of_the_speaker_it_names():
    """#41: two interviewees answer one unlabelled question; the second's
    label ("Edouard :") opens a paragraph inside the answer."""
    paragraphs = ["Nous avons rencontré Marie Durand et Edouard Lefèvre, community managers de la mairie de Lyon.",
                  "Comment organisez-vous votre journée ?",
                  "Marie Durand : Le matin je fais la veille sur les réseaux sociaux.",
                  "Puis je prépare les publications de la journée.",
                  "Edouard : Pour ma part je réponds d'abord aux messages des habitants.",
                  "Quels outils utilisez-vous ?",
                  "Marie Durand : Nous utilisons Hootsuite pour programmer les messages.",
                  "Edouard : Et un tableur partagé pour le planning éditorial."]
    itv = speakers.find_interview(paragraphs)
    answers = [(t.label, t.paragraphs) for t in itv.turns if not t.is_question]
    assert answers == [("Marie Durand", [2, 3]), ("Edouard", [4]), ("Marie Durand", [6]), ("Edouard", [7])]
    # An answer that opens without a label stays whole, whatever it holds.
    plain = speakers.find_interview(paragraphs[:2] + ["Le matin je fais la veille.", "Conseil : lire la presse."]
                                    + paragraphs[5:6] + ["Nous utilisons Hootsuite."])
    assert [t.paragraphs for t in plain.turns if not t.is_question] == [[2, 3], [5]]


def test_the_name_a_question_is_put_to():
    assert speakers.addressed_name("Bonjour Laura, pourrais-tu nous rédiger un poème ?") == "Laura"
    assert speakers.addressed_name("Rudy, peux-tu te présenter en quelques mots ?") == "Rudy"
    assert speakers.addressed_name("Concrètement, que faites-vous au quotidien ?") is None
    assert speakers.addressed_name("Bonjour Facebook, es-tu là ?") is None
    # Corpus 651 (Konbini): a greeting with "!" and a request after it.
    assert speakers.addressed_name("Hello Rémi ! Explique-nous comment tu es devenu CM du TFC.") == "Rémi"


def test_a_request_without_a_question_mark_is_a_question():
    # The opening of a real unlabelled interview (train 307, Archimag, 2016):
    # its first question is a request.
    paras = ["Clément est community manager (CM) dans une entreprise de production audiovisuel.",
             "Parlez-nous de vos outils de travail.",
             "Ce ne sont pas des outils fondamentalement professionnels. J'utilise presque exclusivement "
             "Twitter et Facebook.",
             "Vous vous contentez de produire du contenu ?",
             "Non ! Je suis en permanence à l’affût de tout et pour tout.",
             "Pourquoi ?",
             "Il faut regarder les pages des émissions et les notifications de nos comptes."]
    assert speakers.question_paragraphs(paras) == [1, 3, 5]
    assert speakers.is_request("Présente-toi en quelques mots.")
    assert not speakers.is_request("Chez nous, le CM est rattaché au marketing.")
    assert not speakers.is_request("Dites-vous bien que " + "le métier change vite " * 8 + ".")
    assert speakers.is_request("Hello Rémi ! Explique-nous comment tu es devenu CM du TFC.")
    assert not speakers.is_request("J'ai dit à mon équipe : allons-y. Prenez-vous en main, les gars, " + "vite " * 20)


def test_an_answer_introduces_its_speaker_only_by_a_self_introduction():
    # Corpus 208 ("Je m'appelle Flavien Chantrel") and 626 ("moi c'est Nis");
    # a person the answer only mentions, or a post, is no introduction.
    assert speakers.self_introduced("Je suis ton pèèère. Ah non pardon... Je m'appelle Flavien Chantrel, "
                                    "j'ai 28 ans") == ["Flavien Chantrel"]
    assert speakers.self_introduced("Hello, moi c’est Nis je suis originaire de Cergy") == ["Nis"]
    assert speakers.self_introduced("J'ai travaillé avec Marie Dupont chez Publicis.") == []
