"""The layout every admin page shares: language, assets, errors, the site's root."""

import re

from tests.factories import make_user


def test_root_leads_to_the_admin(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"


def test_pages_carry_lang_dir_csrf_meta_and_no_inline_script_or_style(client, boss):
    page = client.get("/admin/portfolios/new").text
    assert '<html lang="en" dir="ltr">' in page
    assert '<meta name="csrf-token"' in page
    assert "style=" not in page
    # A JSON data island is allowed: it is data, never executed.
    code = r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>"
    assert not re.search(code, page), "inline script"
    response = client.get("/static/admin/admin.css")
    assert "margin-left" not in response.text and "padding-right" not in response.text
    response.close()


def test_a_server_error_shows_a_friendly_page_without_the_navigation(app, client):
    def boom():
        raise RuntimeError("broken")

    app.add_url_rule("/boom", "boom", boom)
    make_user("boss", is_admin=True)
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "Sign out" not in response.text


def test_non_admin_404_is_friendly_too(client):
    response = client.get("/nowhere")
    assert response.status_code == 404 and "Page not found" in response.text


def test_pages_link_a_favicon_and_favicon_ico_answers(client, boss):
    """Browsers ask for /favicon.ico by themselves; a 404 there was a console error."""
    page = client.get("/admin/").text
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon, "no icon link in the head"
    linked = client.get(icon.group(1))
    assert linked.status_code == 200 and linked.data.startswith(b"<svg")
    linked.close()
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml" and response.data.startswith(b"<svg")
    response.close()
