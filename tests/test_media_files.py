"""Stored media files served at /media/."""


def test_media_paths_cannot_escape_the_media_folder(client):
    assert client.get("/media/../../etc/passwd").status_code == 404
    assert client.get("/media/%2e%2e/%2e%2e/etc/passwd").status_code == 404


def test_an_uploaded_html_page_cannot_run_scripts_on_the_admins_origin(client, admin):
    import io

    page = b"<html><script>fetch('/admin/users/')</script></html>"
    uploaded = client.post(
        "/api/media/",
        data={"f": (io.BytesIO(page), "page.html")},
        headers=admin,
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 201, uploaded.json
    response = client.get(uploaded.json["f"].removeprefix("http://localhost"))
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("sandbox;") and "script-src" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
