from ingest import metadata, speakers


def test_site_name_key():
    assert metadata.site_name_key("http://narominded.blogspot.com") == "narominded"
    assert metadata.site_name_key("www.narominded.com") == "narominded"
    assert metadata.site_name_key("http://monblog.over-blog.com/article-1.html") == "monblog"
    assert metadata.site_name_key("http://twitter.com/someone") is None


def test_interview_author_is_the_interviewer():
    paras = ["Nous avons rencontré Paul Durand, community manager.",
             "Blogueuse : Comment es-tu arrivé là ?", "Paul Durand : Par hasard.",
             "Blogueuse : Et demain ?", "Paul Durand : On verra bien."]
    interview = speakers.find_interview(paras)
    assert interview.interviewer_labels == ["Blogueuse"]
    assert metadata.find_author([], interview, paras, [], None) == ("Blogueuse", "interview")


def test_an_interviewer_known_by_initials_or_a_first_name_is_no_author():
    for label in ("C", "Romain"):
        paras = ["Nous avons rencontré Paul Durand, community manager.",
                 f"{label} : Comment es-tu arrivé là ?", "Paul Durand : Par hasard.",
                 f"{label} : Et demain ?", "Paul Durand : On verra bien."]
        interview = speakers.find_interview(paras)
        assert interview.interviewer_labels == [label]
        assert metadata.find_author([], interview, paras, [], None) is None
    # A pseudonym stays the author.
    paras = [p.replace("Blogueuse", "MarketingIsDead") for p in
             ["Blogueuse : Comment es-tu arrivé là ?", "Paul Durand : Par hasard.",
              "Blogueuse : Et demain ?", "Paul Durand : On verra bien."]]
    assert metadata.find_author([], speakers.find_interview(paras), paras, [], None).name == "MarketingIsDead"


def test_interview_reposted_by_the_interviewee():
    paras = ["J'ai répondu aux questions de Marie Curtis pour son blog, voici l'échange :",
             "Marie Curtis : Pourquoi ce métier ?", "Luc Bon : Pour les gens.",
             "MC : Un conseil ?", "LB : Écouter."]
    interview = speakers.find_interview(paras)
    assert metadata.find_author([], interview, paras, [], None).name == "Luc Bon"


def test_author_from_a_commenter_on_the_site():
    commenters = [("Julie", "http://twitter.com/julie"), ("Max", "http://max-web.fr/")]
    assert metadata.find_author([], None, ["Texte."], commenters, "http://www.max-web.fr/2011/02/x") == ("Max", "commenter")
    assert metadata.find_author(["Claire"], None, ["Texte."], commenters, "max-web.fr") == ("Claire", "byline")
    assert metadata.find_author(["Claire Roy"], None, ["Texte."], [], None, {"Claire Roy"}).evidence == "name_line"
    assert metadata.find_author([], None, ["Texte."], commenters, None) is None


def test_author_from_a_by_line_sentence_of_the_lead():
    lead = ["Le marketing change de visage.",
            "Retour sur dix ans de réseaux sociaux. Une chronique de Hélène Garnier, fondatrice de l'agence Lune."]
    assert metadata.find_author([], None, lead + ["Texte."], [], None) == ("Hélène Garnier", "lead")
    assert metadata.find_author([], None, ["Outils", "Marc Vidal vous raconte son métier", "Texte."], [],
                                None).name == "Marc Vidal"
    # Not a by-line: no given name, or past the lead.
    assert metadata.find_author([], None, ["Une tribune de Bercy sur le web."], [], None) is None
    body = ["Le métier change vite, dit-on.", "Les agences recrutent encore.", "Les écoles suivent le mouvement."]
    assert metadata.find_author([], None, body + ["Une tribune de Marc Vidal."], [], None) is None


def test_genre_and_language():
    first_person = ["Je pense que mon métier change et je le vois chaque jour dans mon travail "
                    "de veille, moi qui suis community manager depuis trois ans dans une petite agence."]
    third_person = ["Le community manager anime la communauté de la marque sur les réseaux sociaux "
                    "et répond aux clients, explique la directrice de la communication du groupe."]
    assert metadata.guess_genre(None, first_person, None) == "blog_post"
    assert metadata.guess_genre(None, third_person, None) == "article"
    assert metadata.guess_genre("Podcast #3 : la veille", third_person, None) == "podcast_notes"
    assert metadata.guess_genre("Interview de Paul", third_person, None) == "interview"
    assert metadata.guess_language(third_person[0]) == "fr"
    assert metadata.guess_language("The community manager is the voice of the brand on the web.") == "en"


def test_a_guest_post_is_its_guest_s():
    """barbaranativel.fr hands its post to a guest; arabesques asks one."""
    assert metadata.find_author([], None, [
        "Le web 2.0 a permis l’émergence de nouveaux métiers. Je laisse la parole à Aurélie Gastineau qui"
        " fait partie de ces jeunes talents.", "Le community management, je suis tombée dedans."], [], None) \
        == ("Aurélie Gastineau", "lead")
    assert metadata.lead_author(["Nous avons demandé à Marc Brohée, du LILLIAD, de résumer son parcours."]) \
        == "Marc Brohée"
    assert metadata.lead_author(["Je laisse la parole aux lecteurs."]) is None


def test_a_post_that_ends_with_its_by_line():
    """communitymanagers.blogspot.com: "Source : Par X http://…" closes the post."""
    paragraphs = ["Le poste de community manager commence à se généraliser.",
                  "Son rôle est assez simple : il est l'interface entre la marque et la communauté.",
                  "Le community manager a un double objectif.", "C'est là que le terme me gêne.",
                  "Il faut un leader, à mon sens.", "Source : Par Jean Dubearnes http://www.blog-introduction.fr/"]
    assert metadata.find_author([], None, paragraphs, [], None) == ("Jean Dubearnes", "closing")
    assert metadata.closing_author(["Un paragraphe.", "Par ailleurs, le métier évolue vite."]) is None


def test_a_by_line_paragraph_under_the_lead():
    """epjt.fr prints "Par X" under the lead's first paragraph."""
    assert metadata.lead_author(["Venus du monde de la communication, les community managers ont fait leur entrée.",
                                 "Par Corentin LACOSTE", "Tu fais juste des Tweets."]) == "Corentin LACOSTE"


def test_a_short_paragraph_that_ends_with_par_and_a_name_or_a_dated_by_line_names_the_author():
    standfirst = "Le métier fait débat dans les entreprises depuis quelques années."
    for line in ["Un billet rédigé par Jean Dupont", "Tribune signée par Jean Dupont, consultant",
                 "Interview par Jean Dupont", "Chronique rédigée par Jean Dupont le 12 mars dans Actualités",
                 "Texte et photos : Jean Dupont",
                 "Jean Dupont | 12 mars 2012"]:
        assert metadata.lead_author([standfirst, line, "Le texte."]) == "Jean Dupont", line
    # A picture's credit or caption names its maker.
    for line in ["Photo par Jean Dupont", "Catherine Créhange par Jean Dupont"]:
        assert metadata.lead_author([standfirst, line, "Le texte."]) is None, line


def test_a_post_s_author_who_introduces_themselves():
    paragraphs = ["Bonjour à tous, moi c'est Jean Dupont, community manager chez Webcom.", "Le texte."]
    assert metadata.find_author([], None, paragraphs, [], None) == ("Jean Dupont", "lead")
    itv = speakers.find_interview(["Votre parcours ?", "Je m'appelle Jean Dupont et je suis CM.",
                                   "Votre outil ?", "Hootsuite."], "Interview")
    assert metadata.find_author([], itv, itv and ["Votre parcours ?", "Je m'appelle Jean Dupont et je suis CM.",
                                                  "Votre outil ?", "Hootsuite."], [], None) is None


def test_the_site_owner_is_the_author_when_nothing_else_names_one():
    assert metadata.find_author([], None, ["Le texte."], [], None, site_owners=["Jean Dupont"]) == \
        ("Jean Dupont", "site_owner")
    assert metadata.find_author(["Marie Durand"], None, ["Le texte."], [], None,
                                site_owners=["Jean Dupont"]).name == "Marie Durand"


def test_a_by_line_that_says_so_under_a_notice_title_and_standfirst():
    # corpus 602 (francetvinfo.fr): the by-line is the fourth paragraph and
    # names a desk, not a person; a verb of publishing makes it a by-line.
    paragraphs = ["Cet article date de plus de neuf ans.", "La journée type d'un community manager",
                  "Pour comprendre la réalité du métier de community manager, il faut s'intéresser à sa journée type.",
                  "Article rédigé par Francetv Emploi", "France Télévisions",
                  "Fascinant à plus d'un titre, le métier de community manager tente chaque année un nombre croissant."]
    assert metadata.lead_author(paragraphs) == "Francetv Emploi"
    assert metadata.lead_author(paragraphs[:3] + ["Publié par ailleurs dans Le Monde.", "Par Twitter ou Facebook"]
                                + paragraphs[5:]) is None


def test_the_lead_is_read_past_the_page_s_labels_and_a_lost_capital():
    # The opening of a journal's web page (train 470, Arabesques): four
    # labels, then the guest lead, whose given name lost its capital.
    paragraphs = ["DOI : 10.35562/arabesques.453", "p. 18-19", "Plan", "Texte",
                  "Comment devient-on community manager ? Nous avons demandé à marc Brohée, du LILLIAD Learning "
                  "Center Innovation, de résumer son parcours personnel, entre hasards et nécessités.",
                  "« Êtes-vous bibliothécaire ou community manager ? » Voici la première question."]
    assert metadata.lead_author(paragraphs) == "Marc Brohée"
    assert metadata.lead_author(["Un article de la semaine.", "Le métier change vite, dit-on partout.",
                                 "Les agences recrutent encore beaucoup.",
                                 "Nous avons demandé à Marc Brohée de résumer son parcours."]) is None


def test_the_title_is_the_line_the_address_spells():
    """Train 464 and 516, corpus 627 and 654: a site makes its address of
    its title; the line near the top that the address spells is the title,
    not the site's name, a category or a menu above it."""
    lines = ["Le magazine des professionnels de la gestion territoriale.", "La Lettre du Cadre Territorial",
             "Community manager, un nouveau métier territorial ?", "Article du numéro 442 - 01 mai 2012"]
    url = ("https://www.territorial.fr/PAR_TPL_IDENTIFIANT/19349/TPL_CODE/TPL_REVUE_ART_FICHE/PAG_TITLE/"
           "Community+manager%2C+un+nouveau+m%E9tier+territorial+%3F/47-lettre-du-cadre")
    assert metadata.title_in_address(url, lines) == "Community manager, un nouveau métier territorial ?"
    assert metadata.title_in_address("http://strategiemedia.fr/2012/03/28/nimporte-qui-peut-etre-community-manager/",
                                     ["Stratégie Média", "N’importe qui peut être Community Manager / Edit",
                                      "N’importe qui peut être Community Manager"]) \
        == "N’importe qui peut être Community Manager"
    # A category's segment is spelt too, but by fewer words than the title's.
    url = "https://www.lci.fr/faits-divers/sur-twitter-la-police-nationale-lance-son-onze-de-depart-1512641.html"
    assert metadata.title_in_address(url, ["FAITS DIVERS", "Sur Twitter, la police nationale lance son Onze de"
                                           " départ"]).startswith("Sur Twitter")
    # An address of ids spells no line.
    assert metadata.title_in_address("https://oniseptv.onisep.fr/video/12345", ["COMMUNITY MANAGER JEU VIDÉO"]) is None
    assert metadata.title_in_address(None, lines) is None


def test_an_interview_s_question_is_never_the_title_its_address_spells():
    # Dev 205 (Culture RP): ".../community-manager-de-la-ville-de-paris"
    # spells the first question as well as any title.
    from ingest.analyse import _title_lines
    paragraphs = ["Culture RP a rencontré Noémie Buffault, Community Manager de la mairie de Paris.",
                  "En quoi consiste une journée type du Community Manager de la ville de Paris ?",
                  "Le moins que l’on puisse dire c’est qu’il n’y a pas de journée type !",
                  "Et le soir, que faites-vous ?", "Je décroche, enfin presque."]
    itv = speakers.find_interview(paragraphs)
    lines = _title_lines("\n".join(paragraphs), paragraphs, itv)
    assert metadata.title_in_address("https://culture-rp.com/strategie/community-manager-de-la-ville-de-paris",
                                     lines) is None


def test_the_author_s_evidence_is_one_the_schema_allows():
    import re
    from ingest import write
    allowed = re.search(r"author_evidence TEXT CHECK \(author_evidence IN \(([^)]*)\)\)", write.schema_sql()).group(1)
    assert tuple(re.findall(r"'(\w+)'", allowed)) == metadata.AUTHOR_EVIDENCE


def test_a_personal_site_spells_its_owner_s_name():
    """A name printed alone by the title is trusted with its first-person
    sentences only on a site named after it (dev 221, corpus 815)."""
    from ingest.metadata import site_spells
    assert site_spells("Thierry CROUZET", "https://tcrouzet.com/2010/09/16/x")
    assert site_spells("Alice Bodineau", "alicebodineau.com")
    assert site_spells("Yann-Yves Biffe", "http://yybiffe.com/106-astreinte")
    assert not site_spells("Sandrine Guinot", "https://www.cadremploi.fr/editorial/x")
    assert not site_spells("EN FRANCE", "slideshare.net") and not site_spells("Crouzet", "tcrouzet.com")


def test_the_interviewer_the_lead_names_as_subject_is_the_author():
    # Dev 205 (Culture RP) and train 310 (La plume d'Alchimia): the
    # publication that meets the interviewee opens the lead's sentence.
    assert metadata.interviewer_in_lead(["Culture RP a rencontré Noémie Buffault, Community Manager de la mairie"
                                         " de Paris."]) == "Culture RP"
    assert metadata.interviewer_in_lead(["Chaque mois, Alchimia rencontre un Gestionnaire de Communauté et vous"
                                         " concocte une petite interview en fonction de ses spécificités…"]) == "Alchimia"
    # A pronoun or a determiner is no one's name; the interviewee met is not the interviewer.
    assert metadata.interviewer_in_lead(["Nous avons rencontré Noémie Buffault."]) is None
    assert metadata.interviewer_in_lead(["Le blog a rencontré Noémie Buffault."]) is None
    assert metadata.interviewer_in_lead(["Rencontre avec Noémie Buffault, qui a rejoint la mairie."]) is None
