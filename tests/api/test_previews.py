"""``/api/previews/?token=``: a signed, short-lived link to a portfolio's draft that needs
no API token."""

import time

from portfolio_admin.services import previews
from tests.factories import make_portfolio

URL = "/api/previews/"


def token_for(app, pk):
    with app.test_request_context():
        return previews.preview_token(pk)


def test_a_preview_token_reads_the_draft_without_an_api_token(app, client, admin):
    portfolio = make_portfolio("Shop")
    token = token_for(app, portfolio.id)
    live = client.get(URL, query_string={"token": token})
    assert live.status_code == 200, live.json
    assert live.json == client.get(f"/api/portfolios/{portfolio.id}", headers=admin).json
    client.patch(f"/api/portfolios/{portfolio.id}/draft", json={"title": "Next"}, headers=admin)
    draft = client.get(URL, query_string={"token": token})
    assert draft.json["title"] == "Next"
    # The portfolio's output shape: the draft endpoint's, without when it is scheduled.
    drafted = client.get(f"/api/portfolios/{portfolio.id}/draft", headers=admin).json
    assert draft.json | {"publish_at": None, "unpublish_at": None} == drafted
    assert list(draft.json) == list(live.json)


def test_an_altered_or_expired_token_is_400_on_token(app, client, monkeypatch):
    portfolio = make_portfolio("Shop")
    token = token_for(app, portfolio.id)
    altered = client.get(URL, query_string={"token": token[:-2] + "xx"})
    assert altered.status_code == 400
    assert altered.json == {"token": [previews.INVALID]}
    assert client.get(URL).json == {"token": ["This field is required."]}
    assert client.get(URL, query_string={"token": "abc"}).status_code == 400
    later = time.time() + previews.MAX_AGE_SECONDS + 5
    monkeypatch.setattr(time, "time", lambda: later)
    expired = client.get(URL, query_string={"token": token})
    assert expired.status_code == 400
    assert expired.json == {"token": [previews.EXPIRED]}


def test_a_token_from_another_secret_is_invalid(app, client):
    portfolio = make_portfolio("Shop")
    token = token_for(app, portfolio.id)
    app.secret_key = "another secret, another signature, at least 32 chars"
    assert client.get(URL, query_string={"token": token}).json == {"token": [previews.INVALID]}


def test_a_token_of_a_deleted_portfolio_is_404(app, client, admin):
    portfolio = make_portfolio("Shop")
    token = token_for(app, portfolio.id)
    client.delete(f"/api/portfolios/{portfolio.id}", headers=admin)
    assert client.get(URL, query_string={"token": token}).status_code == 404


def test_preview_url_fills_in_the_setting(app):
    portfolio = make_portfolio("Shop", slug="شاپ")
    with app.test_request_context():
        assert previews.preview_url(portfolio) is None
        app.config["PREVIEW_URL"] = "https://studio.example/preview/{slug}?token={token}"
        url = previews.preview_url(portfolio)
    assert url.startswith("https://studio.example/preview/%D8%B4%D8%A7%D9%BE?token=")
    token = url.rsplit("=", 1)[1]
    with app.test_request_context():
        assert previews.portfolio_id_of(token) == portfolio.id
