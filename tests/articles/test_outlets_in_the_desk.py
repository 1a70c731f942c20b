"""Editors keep the desk's outlets (name, domain, country, language, kind) and set an
article's outlet, url, author and date from the desk, not only in the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Article, Outlet
from articles.services.outlets import host_of, outlet_for_url, outlet_save
from claims.roles import EDITOR
from tests.factories import ArticleFactory, OutletFactory, user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def outlet_editor():
    """An editor who may add and change outlets (whether the Editors role grants it or not)."""
    user = user_in_role("outlets", EDITOR)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles", codename__in=["add_outlet", "change_outlet"]
        )
    )
    return user


def _outlet_form(**values):
    return {"name": "", "domain": "", "country": "", "language": "", "kind": "", **values}


def test_editor_creates_an_outlet_with_a_normalized_domain(client, outlet_editor):
    client.force_login(outlet_editor)
    response = client.post(
        reverse("articles:outlet-new"),
        _outlet_form(
            name="Il Post",
            domain="https://WWW.IlPost.it:443/2025/05/behemoth/",
            country="it",
            language="it",
            kind="online",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("articles:outlet-list")
    outlet = Outlet.objects.get()
    assert (outlet.name, outlet.domain, outlet.country, outlet.language, outlet.kind) == (
        "Il Post",
        "ilpost.it",
        "IT",
        "it",
        "online",
    )
    assert outlet.slug == "il-post"
    page = client.get(reverse("articles:outlet-list")).content.decode()
    assert "Il Post" in page
    assert "ilpost.it" in page
    assert "Online news site" in page


def test_a_duplicate_name_or_domain_is_refused_on_its_field(client, outlet_editor):
    OutletFactory(name="Il Post", domain="ilpost.it")
    client.force_login(outlet_editor)
    response = client.post(
        reverse("articles:outlet-new"), _outlet_form(name="IL POST", domain="http://www.ILPOST.it/")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == ["There is already an outlet called “Il Post”."]
    assert form.errors["domain"] == ["ilpost.it is already the domain of “Il Post”: one outlet per domain."]
    assert Outlet.objects.count() == 1


def test_a_country_must_be_a_two_letter_code(client, outlet_editor):
    client.force_login(outlet_editor)
    response = client.post(reverse("articles:outlet-new"), _outlet_form(name="Le Monde", country="FRA"))
    assert response.status_code == 200
    assert response.context["form"].errors["country"] == [
        "A two-letter ISO 3166 country code, e.g. IT, FR or GB."
    ]
    response = client.post(reverse("articles:outlet-new"), _outlet_form(name="Le Monde", country="f1"))
    assert "country" in response.context["form"].errors
    assert not Outlet.objects.exists()


def test_editor_edits_an_outlet_and_may_keep_its_own_name_and_domain(client, outlet_editor):
    outlet = OutletFactory(name="Il foglio", domain="ilfoglio.it")
    slug = outlet.slug
    client.force_login(outlet_editor)
    url = reverse("articles:outlet-edit", args=[outlet.pk])
    assert 'value="ilfoglio.it"' in client.get(url).content.decode()
    response = client.post(
        url, _outlet_form(name="Il Foglio", domain="ilfoglio.it", country="IT", kind="newspaper")
    )
    assert response.status_code == 302
    outlet.refresh_from_db()
    assert (outlet.name, outlet.domain, outlet.kind, outlet.slug) == (
        "Il Foglio",
        "ilfoglio.it",
        "newspaper",
        slug,
    )


def test_editing_refuses_another_outlets_domain(client, outlet_editor):
    OutletFactory(name="Il Post", domain="ilpost.it")
    outlet = OutletFactory(name="Il Foglio", domain="ilfoglio.it")
    client.force_login(outlet_editor)
    response = client.post(
        reverse("articles:outlet-edit", args=[outlet.pk]), _outlet_form(name="Il Foglio", domain="ilpost.it")
    )
    assert "ilpost.it is already the domain of “Il Post”" in response.content.decode()
    outlet.refresh_from_db()
    assert outlet.domain == "ilfoglio.it"


def test_outlet_list_counts_articles_and_searches_name_and_domain(
    client, fact_checker, django_assert_max_num_queries
):
    post = OutletFactory(name="Il Post", domain="ilpost.it")
    ArticleFactory.create_batch(3, outlet=post)
    for n in range(30):
        ArticleFactory(outlet=OutletFactory(name=f"Gazette {n}", domain=f"gazette{n}.example"))
    client.force_login(fact_checker)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("articles:outlet-list"))
    rows = {outlet.name: outlet.article_count for outlet in response.context["page"]}
    assert rows["Il Post"] == 3
    assert rows["Gazette 7"] == 1
    found = client.get(reverse("articles:outlet-list"), {"q": "ILPOST"})
    assert [outlet.name for outlet in found.context["page"]] == ["Il Post"]
    assert [o.name for o in client.get(reverse("articles:outlet-list"), {"q": "post"}).context["page"]] == [
        "Il Post"
    ]
    # A fact-checker reads the list but gets no link to change it.
    assert reverse("articles:outlet-new") not in response.content.decode()
    assert reverse("articles:outlet-edit", args=[post.pk]) not in response.content.decode()


def test_only_users_with_the_outlet_rights_create_or_edit_outlets(client, fact_checker, no_role):
    outlet = OutletFactory(name="Il Post")
    client.force_login(fact_checker)
    assert client.get(reverse("articles:outlet-new")).status_code == 403
    assert client.post(reverse("articles:outlet-new"), _outlet_form(name="X")).status_code == 403
    assert (
        client.post(reverse("articles:outlet-edit", args=[outlet.pk]), _outlet_form(name="X")).status_code
        == 403
    )
    client.force_login(no_role)
    assert client.get(reverse("articles:outlet-list")).status_code == 403
    assert list(Outlet.objects.values_list("name", flat=True)) == ["Il Post"]


def test_admins_manage_outlets(client, desk_admin):
    client.force_login(desk_admin)
    assert client.get(reverse("articles:outlet-new")).status_code == 200
    page = client.get(reverse("articles:outlet-list")).content.decode()
    assert reverse("articles:outlet-new") in page


def test_creating_an_outlet_from_an_article_comes_back_to_it(client, outlet_editor):
    article = ArticleFactory(outlet=None)
    client.force_login(outlet_editor)
    edit_url = reverse("articles:edit", args=[article.pk])
    edit_page = client.get(edit_url).content.decode()
    assert f"{reverse('articles:outlet-new')}?next={edit_url}" in edit_page
    response = client.post(
        f"{reverse('articles:outlet-new')}?next={edit_url}", _outlet_form(name="Wired Italia", next=edit_url)
    )
    assert response["Location"] == edit_url
    assert "Wired Italia" in client.get(edit_url).content.decode()  # now in the outlet picker


def test_an_outlet_form_never_sends_the_editor_to_another_site(client, outlet_editor):
    client.force_login(outlet_editor)
    response = client.post(
        reverse("articles:outlet-new"), _outlet_form(name="Wired", next="https://evil.example/")
    )
    assert response["Location"] == reverse("articles:outlet-list")


def test_editor_sets_outlet_url_author_date_precision_and_original(client, editor):
    post = OutletFactory(name="Il Post", domain="ilpost.it")
    article = ArticleFactory(outlet=None, url="")
    client.force_login(editor)
    page = client.get(reverse("articles:edit", args=[article.pk])).content.decode()
    assert "Il Post" in page  # the outlet picker lists the desk's outlets
    for label in ("Author", "Published on", "Date precision", "Url of the article it copies or translates"):
        assert label in page
    response = client.post(
        reverse("articles:edit", args=[article.pk]),
        {
            "title": article.title,
            "language": "it",
            "outlet": post.pk,
            "url": "https://www.ilpost.it/2025/05/16/behemoth/",
            "byline": "Redazione",
            "published_on": "2025-05-16",
            "published_precision": "year",
            "original_outlet": "The Wall Street Journal",
            "original_url": "https://www.wsj.com/tech/ai/meta-behemoth",
            "version": article.version,
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.outlet, article.byline, article.published_display) == (post, "Redazione", "2025")
    assert article.original_url == "https://www.wsj.com/tech/ai/meta-behemoth"


def test_an_article_with_a_url_and_no_outlet_gets_the_outlet_of_its_domain(client, editor):
    cnn = OutletFactory(name="CNN", domain="cnn.com")
    article = ArticleFactory(outlet=None, url="https://edition.cnn.com/2025/05/15/tech/meta-behemoth")
    client.force_login(editor)
    page = client.get(reverse("articles:edit", args=[article.pk]))
    assert "Outlet proposed from the url's host: CNN (cnn.com)" in page.content.decode()
    assert page.context["form"].initial["outlet"] == cnn.pk
    response = client.post(
        reverse("articles:edit", args=[article.pk]),
        {
            "title": article.title,
            "language": "en",
            "outlet": "",
            "url": article.url,
            "version": article.version,
        },
        follow=True,
    )
    assert "Outlet set to CNN (its domain is the url&#x27;s host)." in response.content.decode()
    assert Article.objects.get(pk=article.pk).outlet == cnn


def test_domains_are_hosts_without_scheme_port_path_or_www():
    assert host_of("HTTPS://WWW.Repubblica.IT:8443/tech?x=1") == "repubblica.it"
    assert host_of("lemonde.fr/pixels/") == "lemonde.fr"
    assert host_of("edition.cnn.com.") == "edition.cnn.com"
    for not_a_host in ("", "localhost", "http://", "not a domain", "http://[::1"):
        assert host_of(not_a_host) == ""


def test_outlet_for_url_prefers_the_most_specific_domain():
    OutletFactory(name="Google", domain="google.com")
    blog = OutletFactory(name="Google blog", domain="blog.google.com")
    assert outlet_for_url("https://blog.google.com/x") == blog
    assert outlet_for_url("https://news.google.com/x").name == "Google"
    assert outlet_for_url("https://example.org/") is None


def test_outlet_save_refuses_what_the_form_refuses(editor):
    OutletFactory(name="Il Post", domain="ilpost.it")
    with pytest.raises(ValidationError) as refused:
        outlet_save(by=editor, name="Other", domain="www.ilpost.it")
    assert list(refused.value.message_dict) == ["domain"]
    outlet = outlet_save(by=editor, name="Il Post bis", domain="")
    assert outlet.slug == "il-post-bis"
