"""The markup stage on small pages: what reaches the text, metadata, comment
layouts of the platforms, charsets and broken markup."""
from ingest import markup, read


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


LONG = " ".join(["Le community manager anime la communauté de la marque au quotidien."] * 6)


def test_scripts_styles_and_markup_comments_never_reach_the_text():
    html = page(f"<article><h1>Titre</h1><script>alert('x')</script><style>p {{color: red}}</style>"
                f"<!-- note de l'éditeur --><p>{LONG}</p><noscript>Activez JavaScript</noscript></article>")
    text = markup.extract(html).text
    assert "alert" not in text and "color" not in text and "éditeur" not in text and "JavaScript" not in text
    assert text.split("\n")[0] == "Titre"


def test_navigation_sidebar_and_share_widgets_are_left_out():
    html = page(f"<nav><a href='/'>Accueil</a></nav><div id='sidebar'><p>Archives 2010</p></div>"
                f"<article><h1 class='entry-title'>Titre</h1><div class='entry-content'><p>{LONG}</p>"
                f"<div class='sharedaddy'>Partager sur Twitter</div></div></article>"
                f"<footer>© 2010 Mon blog</footer>")
    text = markup.extract(html).text
    assert "Accueil" not in text and "Archives" not in text and "Partager" not in text and "©" not in text
    assert LONG in text


def test_blocks_become_lines_and_list_items_keep_a_bullet():
    html = page("<div><p>Un<br>deux</p><ul><li>trois</li><li>quatre <b>gras</b></li></ul>"
                "<p>cinq\n   six</p></div>")
    assert markup.render_lines(markup.BeautifulSoup(html, "lxml").body) == [
        "Un", "deux", "• trois", "• quatre gras", "cinq six"]


def test_metadata_from_head_and_microdata():
    html = page(f"<article itemscope itemtype='http://schema.org/BlogPosting'><h1 itemprop='headline'>Un titre</h1>"
                f"<p>{LONG}</p></article>",
                head="<title>Un titre | Mon blog</title><meta name='author' content='Anne Martin'>"
                     "<meta property='article:published_time' content='2011-06-02T10:00:00+02:00'>"
                     "<link rel='canonical' href='http://monblog.fr/2011/06/un-titre/'>"
                     "<meta property='og:site_name' content='Mon blog'>")
    x = markup.extract(html)
    assert (x.title, x.author, x.published, x.url, x.site) == (
        "Un titre", "Anne Martin", "2011-06-02", "http://monblog.fr/2011/06/un-titre/", "Mon blog")


def test_title_falls_back_to_the_head_title_without_the_site_name():
    html = page(f"<div class='post'><p>{LONG}</p></div>", head="<title>Mon billet - Mon blog</title>"
                "<meta property='og:site_name' content='Mon blog'>")
    assert markup.extract(html).title == "Mon billet"


def test_the_json_ld_author_of_the_article_is_trusted_over_the_meta_author():
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": '
          '"NewsArticle", "headline": "Un titre", "author": {"@type": "Person", "name": "Marie Merlet"}, '
          '"publisher": {"@type": "Organization", "name": "Gala"}}]}</script>')
    meta = "<meta name='author' content='Prisma Média'>"
    assert markup.extract(page(f"<article><p>{LONG}</p></article>", head=meta + ld)).author == "Marie Merlet"
    # Broken JSON-LD, or two people, leave the meta author.
    for other in ('<script type="application/ld+json">{"@type": "NewsArticle", "author": </script>',
                  ld.replace('{"@type": "Person", "name": "Marie Merlet"}',
                             '[{"@type": "Person", "name": "A B"}, {"@type": "Person", "name": "C D"}]')):
        assert markup.extract(page(f"<article><p>{LONG}</p></article>", head=meta + other)).author == "Prisma Média"


def test_an_author_stated_in_words_in_a_block_of_its_own():
    html = page(f"<article><h1>Un titre</h1><p>{LONG}</p><div class='node-block'><span class='label'>Auteur: "
                "</span> <a href='/anna-kubista'>Anna Kubišta</a></div></article>")
    assert markup.extract(html).author == "Anna Kubišta"
    # Text for screen readers only does not repeat the name.
    html = page(f"<article><p>{LONG}</p><p class='credits'>Auteur(s) : <a href='/auteurs/om'>Olivier Minot "
                f"<span class='sr-only'>Olivier Minot</span></a></p></article>")
    assert markup.extract(html).author == "Olivier Minot"
    # A label printed twice for two screen sizes, and a collective signing.
    html = page(f"<article><p>{LONG}</p></article><div class='mo-from-block'><div class='mo-label'>Auteur :"
                "</div><div class='mo-label'>Auteur(s) :</div><div class='mo-author'><strong>Les Membres du "
                "Choeur de Radio France</strong></div></div>")
    assert markup.extract(html).author == "Les Membres du Choeur de Radio France"
    # The innermost block: the one around it also credits the editor.
    html = page(f"<article><p>{LONG}</p><div class='group'><div class='longText'><p>Auteur : Kossivi Tiassou</p>"
                "<p>Edition : M-A. Pioerron</p></div></div></article>")
    assert markup.extract(html).author == "Kossivi Tiassou"
    # "Par X" alone is how teasers of other posts credit theirs.
    html = page(f"<article><p>{LONG}</p><div class='card'><p>Un autre épisode</p><p>Par <a href='/om'>Olivier "
                f"Minot</a></p></div></article>")
    assert markup.extract(html).author is None
    # A sentence that names someone is no by-line.
    html = page(f"<article><p>{LONG}</p><p>Ce billet a été écrit après une discussion avec Anna Kubišta et "
                "toute son équipe de Prague.</p></article>")
    assert markup.extract(html).author is None


def test_a_meta_author_with_a_web_address_is_the_publisher():
    html = page(f"<article><p>{LONG}</p><div class='longText'><p>Auteur : Kossivi Tiassou</p></div></article>",
                head="<meta name='author' content='Deutsche Welle (www.dw.com)'>")
    assert markup.extract(html).author == "Kossivi Tiassou"


def test_a_credits_block_gives_its_first_name_set_in_bold():
    html = page(f"<article><h1>Une chronique</h1><p>{LONG}</p><footer><div class='signature'><p>revue de "
                "presse&nbsp;: <strong>Didier Porte</strong><br> montage&nbsp;: <strong>Léa Bardiau</strong>"
                "</p></div></footer></article>")
    assert markup.extract(html).author == "Didier Porte"


def test_a_teaser_set_inside_a_paragraph_is_taken_out():
    html = page(f"<article><p>{LONG}</p><p>Il était poursuivi pour apologie. <span class='Capsule'><span>À LIRE "
                "AUSSI</span> <strong><a href='/antisemitisme'>Antisémitisme : retour au Moyen Âge</a></strong>"
                "</span>Son domicile a été perquisitionné.</p><p>À lire aussi le rapport de la commission, que "
                "<a href='/rapport'>nous publions</a> en entier.</p></article>")
    x = markup.extract(html)
    assert "Il était poursuivi pour apologie. Son domicile a été perquisitionné." in x.text
    assert "Moyen Âge" not in x.text and "Moyen Âge" not in x.library_text
    # A sentence that starts so and says more than its links is the post's.
    assert "À lire aussi le rapport de la commission" in x.text


def test_a_lead_printed_beside_the_posts_text_is_read_before_it():
    html = page("<div class='contenu-principal'><div class='cartouche'><h1>Turpitude et architecture</h1>"
                "<div class='chapo'><p>L’un des écrivains sud-coréens les plus célèbres est un homme heureux.</p>"
                f"</div></div><div class='texte'><p>{LONG}</p><p>{LONG}</p></div></div>"
                "<div class='sidebar-like'><div class='chapo'><p>Le chapô d’un autre article.</p></div></div>")
    text = markup.extract(html).text
    assert text.index("un homme heureux") < text.index("Le community manager anime")
    assert "un autre article" not in text


def test_the_title_keeps_the_characters_of_the_heading():
    html = page(f"<article><h1>Un peu de tension, beaucoup d’actions</h1><p>{LONG}</p></article>",
                head="<title>Un peu de tension, beaucoup d&#039;actions - Bondy Blog</title>")
    x = markup.extract(html)
    assert x.title == "Un peu de tension, beaucoup d’actions"
    assert x.text.count("beaucoup d") == 1


def test_reader_comments_marked_up_as_reviews_of_the_article():
    html = page(f"<article><h1>Un titre</h1><p>{LONG}</p></article><div class='comment-list'>"
                "<article class='comment' itemscope itemtype='http://schema.org/Review'>"
                "<meta itemprop='datePublished' content='2019-02-12'>"
                "<div class='comment-author' itemprop='author' itemscope itemtype='http://schema.org/Person'>"
                "<span class='author-name' itemprop='name'><a href='0'>link78</a></span>"
                "<span class='comment-posted'>Le 12/02 à 11:30 <span class='value-title' title='2019-02-12'></span>"
                "</span></div><div class='comment-story' itemprop='reviewBody'><p>Quel enfumage !</p></div>"
                "</article></div>")
    x = markup.extract(html)
    assert [(c.author_name, c.published, c.text) for c in x.comments] == [("link78", "2019-02-12", "Quel enfumage !")]
    assert "enfumage" not in x.text
    # A review that is the page's own subject is not a comment.
    html = page(f"<article itemscope itemtype='http://schema.org/Review'><h1>Un livre</h1>"
                f"<div itemprop='reviewBody'><p>{LONG}</p></div></article>")
    assert markup.extract(html).comments == []


def test_a_publication_date_printed_after_its_label():
    html = page(f"<article><h1>Les nuls</h1><p>{LONG}</p></article><ul class='credits'><li><p>Un documentaire</p>"
                "<p>de Kristen Falc'hon</p></li><li><p class='title'>Mise en ligne</p><p class='content'>23 mai 2019"
                "</p></li></ul>")
    assert markup.extract(html).published == "2019-05-23"
    # A date alone, or in a sentence, is not the page's.
    for block in ("<p>23 mai 2019</p>", "<p>Le rapport publié le 23 mai 2019 a fait grand bruit.</p>"):
        assert markup.extract(page(f"<article><p>{LONG}</p>{block}</article>")).published is None


def test_french_date_text_when_no_machine_readable_date():
    html = page(f"<h2 class='date-header'><span>mardi 15 mars 2011</span></h2><div class='post'><p>{LONG}</p></div>")
    assert markup.extract(html).published == "2011-03-15"


def test_blogger_classic_sibling_layout():
    html = page(f"<div class='post'><h3 class='post-title'>Titre</h3><p>{LONG}</p></div>"
                "<div id='comments'><h4>2 commentaires:</h4><dl id='comments-block'>"
                "<dt class='comment-author'><a href='http://www.blogger.com/profile/1'>Paul Morel</a> a dit…</dt>"
                "<dd class='comment-body'><p>Bien vu.</p></dd>"
                "<dd class='comment-footer'><span class='comment-timestamp'>12 mai 2010 10:00</span></dd>"
                "<dt class='comment-author'>Lise a dit…</dt><dd class='comment-body'><p>Merci !</p></dd>"
                "<dd class='comment-footer'><span class='comment-timestamp'>13 mai 2010</span></dd>"
                "</dl></div>")
    x = markup.extract(html)
    assert [(c.author_name, c.author_url, c.published, c.text) for c in x.comments] == [
        ("Paul Morel", "http://www.blogger.com/profile/1", "2010-05-12", "Bien vu."),
        ("Lise", None, "2010-05-13", "Merci !")]
    assert x.stated_comments == 2
    assert "Bien vu" not in x.text


def test_dotclear_layout_reads_the_author_after_the_date():
    html = page(f"<div class='post'><h2 class='post-title'>Titre</h2><p>{LONG}</p></div>"
                "<div id='comments'><dl><dt id='c1'><a href='#c1' class='comment-number'>1.</a> "
                "Le lundi 22 novembre 2010, 10:12 par <a href='http://exemple.fr'>Marc Dubois</a></dt>"
                "<dd><p>Tout à fait d'accord.</p></dd></dl></div>")
    (c,) = markup.extract(html).comments
    assert (c.author_name, c.author_url, c.published, c.text) == (
        "Marc Dubois", "http://exemple.fr", "2010-11-22", "Tout à fait d'accord.")


def test_over_blog_signature_before_the_text():
    html = page(f"<div class='article'><h2 class='title'>Titre</h2><p>{LONG}</p></div>"
                "<div id='comments'><div class='comment'><div class='comment-header'>Commentaire n°1 posté par "
                "<a href='http://exemple.over-blog.com'>Nadia</a> le 03/04/2011 à 18h20</div>"
                "<div class='comment-body'>Très intéressant.</div></div></div>")
    (c,) = markup.extract(html).comments
    assert (c.author_name, c.published, c.text) == ("Nadia", "2011-04-03", "Très intéressant.")


def test_wordpress_replies_pingbacks_and_reply_links():
    html = page(f"<article class='post'><h1 class='entry-title'>Titre</h1><p>{LONG}</p></article>"
                "<div id='comments'><ol class='commentlist'>"
                "<li class='comment' id='li-comment-1'><div class='comment-body'>"
                "<div class='comment-author vcard'><cite class='fn'><a class='url' href='http://a.fr'>Anne</a></cite>"
                " <span class='says'>dit :</span></div><div class='comment-meta'><a href='#c1'>2 juin 2011 à 10:02</a></div>"
                "<p>Premier avis.</p><div class='reply'><a>Répondre</a></div></div>"
                "<ul class='children'><li class='comment'><div class='comment-body'><div class='comment-author'>"
                "<cite class='fn'>Bob</cite></div><p>Une réponse.</p></div></li></ul></li>"
                "<li class='pingback'><div class='comment-body'>Pingback: <a class='url' href='http://site.fr/x'>"
                "Un billet | Le site</a></div></li></ol></div>")
    x = markup.extract(html)
    assert [(c.kind, c.author_name, c.published, c.parent, c.text) for c in x.comments] == [
        ("comment", "Anne", "2011-06-02", None, "Premier avis."),
        ("comment", "Bob", None, 1, "Une réponse."),
        ("pingback", "Le site", None, None, "Un billet | Le site")]
    assert x.comments[2].author_url == "http://site.fr/x"


def test_unknown_comment_markup_is_left_to_the_text_rules():
    html = page(f"<div class='post'><h2>Titre</h2><p>{LONG}</p></div>"
                "<div id='comments'><p>Jeanne dit :</p><p>Bravo pour l'article.</p></div>")
    x = markup.extract(html)
    assert x.comments == []
    assert x.text.endswith("Jeanne dit :\nBravo pour l'article.")


def test_a_html_file_without_markup_is_read_as_text():
    x = markup.extract("Un titre\n\nUn paragraphe avec a < b et des chevrons.")
    assert x.text == "Un titre\n\nUn paragraphe avec a < b et des chevrons."


def test_broken_markup_unclosed_tags():
    html = ("<html><head><title>Cassé</title><body><div class='post'><h1>Cassé<p>" + LONG
            + "<p>Deuxième paragraphe <b>gras <i>italique</div><div id='footer'>pied")
    x = markup.extract(html)
    assert x.title == "Cassé"
    assert LONG in x.text and "Deuxième paragraphe gras italique" in x.text


def test_declared_charset_is_used_for_non_utf8_bytes():
    html = "<meta charset='iso-8859-15'><p>Coût : 20 €</p>"
    text, encoding = read.decode(html.encode("iso-8859-15"), read.declared_charset(html.encode("ascii", "replace")))
    assert (text.endswith("20 €</p>"), encoding) == (True, "iso8859-15")


def test_wrongly_declared_charsets_are_detected():
    latin = "<meta http-equiv='Content-Type' content='text/html; charset=utf-8'><p>Réactivité</p>".encode("cp1252")
    assert read.decode(latin, read.declared_charset(latin)) == (latin.decode("cp1252"), "cp1252")
    utf8 = "<meta charset='ISO-8859-1'><p>Société’s</p>".encode("utf-8")
    assert read.declared_charset(utf8) == "iso-8859-1"
    assert read.decode(utf8, "iso-8859-1") == (utf8.decode("utf-8"), "utf-8")


def test_a_saved_page_is_parsed_once(monkeypatch):
    """One parse per page: trafilatura's reading of it, from which the
    readers' BeautifulSoup is built and which htmldate and trafilatura are
    handed; every parsing function of lxml, wherever a module holds it, and
    BeautifulSoup on markup are counted (a real saved page)."""
    import sys
    from pathlib import Path
    import bs4
    import lxml.etree
    import lxml.html
    parsers = {id(f): name for name, f in [
        ("lxml.html.fromstring", lxml.html.fromstring), ("lxml.html.document_fromstring", lxml.html.document_fromstring),
        ("lxml.html.fragment_fromstring", lxml.html.fragment_fromstring), ("lxml.etree.fromstring", lxml.etree.fromstring),
        ("lxml.etree.HTML", lxml.etree.HTML), ("lxml.etree.parse", lxml.etree.parse)]}
    calls, depth = [], [0]
    # trafilatura's two fallback extractors read a copy of their own, as
    # their algorithms need (readability-lxml, jusText); switching them off
    # (fast=True) changes the text trafilatura gives on 6 of 46 saved pages.
    fallbacks = ("try_readability", "try_justext")

    def in_a_fallback() -> bool:
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_name in fallbacks and frame.f_globals.get("__name__", "").startswith("trafilatura"):
                return True
            frame = frame.f_back
        return False

    def counting(f, name):
        def parse(*args, **kwargs):  # a parse, not the parses it is made of (fromstring → etree.fromstring)
            if not depth[0] and not in_a_fallback():
                calls.append(name)
            depth[0] += 1
            try:
                return f(*args, **kwargs)
            finally:
                depth[0] -= 1
        return parse
    for module in list(sys.modules.values()):
        for attr, value in list(vars(module).items()) if module is not None else []:
            if callable(value) and id(value) in parsers:
                monkeypatch.setattr(module, attr, counting(value, parsers[id(value)]))
    soup_init = bs4.BeautifulSoup.__init__

    def counting_soup(self, markup="", *args, **kwargs):
        if markup:
            calls.append("BeautifulSoup")
        soup_init(self, markup, *args, **kwargs)
    monkeypatch.setattr(bs4.BeautifulSoup, "__init__", counting_soup)
    path = Path(__file__).parent / "fixtures" / "real_html" / "lepoint_imam-beaucaire.html"
    extracted = markup.extract(read.read_raw(path, path.parent).text)
    assert extracted.text and extracted.published and extracted.library_text
    assert len(calls) == 1, calls
