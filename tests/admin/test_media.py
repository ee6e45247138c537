"""The media library: grid, upload endpoint, chooser search, detail, rename, used-by, delete."""

import io

from portfolio_admin.models import Link, MediaFile, MetaEntry
from portfolio_admin.models.base import db
from tests.factories import make_document, make_employer, make_image, make_portfolio, make_tag
from tests.images import image_bytes


def upload(client, content: bytes, filename: str):
    return client.post(
        "/admin/media/upload",
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def test_upload_of_a_good_image_stores_it_with_thumbnails_and_answers_json(client, boss, app):
    response = upload(client, image_bytes(), "photo.png")
    assert response.status_code == 201
    body = response.json
    media = db.session.get(MediaFile, body["id"])
    assert media.type == "image" and len(media.thumbnails) == len(app.config["THUMBNAIL_SIZES"])
    assert body["name"] == "photo" and body["thumbnail"].startswith("/media/")
    assert body["detail_url"] == f"/admin/media/{media.id}/"


def test_upload_of_a_fake_image_is_refused_and_leaves_nothing(client, boss, app, tmp_path):
    response = upload(client, b"not really a png", "photo.png")
    assert response.status_code == 400
    assert "Upload a valid image" in response.json["errors"]["file"][0]
    assert db.session.query(MediaFile).count() == 0
    media_root = tmp_path / "media"
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_upload_without_a_file_is_a_400(client, boss):
    response = client.post("/admin/media/upload", data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and "file" in response.json["errors"]


def test_grid_searches_and_filters_by_type(client, boss):
    make_image("sunset")
    make_document("contract")
    page = client.get("/admin/media/").text
    assert "sunset" in page and "contract" in page
    assert "contract" not in client.get("/admin/media/?type=image").text
    assert "sunset" not in client.get("/admin/media/?q=contr").text


def test_chooser_endpoint_lists_images_as_json(client, boss):
    make_image("sunset")
    make_document("contract")
    body = client.get("/admin/media/choose.json?type=image").json
    assert [item["name"] for item in body["results"]] == ["sunset"]
    assert body["results"][0]["thumbnail"].endswith("sunset_thumbnail_128x128.png")
    assert body["has_next"] is False


def test_detail_shows_thumbnails_dimensions_and_every_use(client, boss):
    image = make_image("hero", width=800, height=600)
    portfolio = make_portfolio("Cover user", image=image.id)
    make_portfolio("Gallery user", images=[image.id])
    make_employer("Employer user", image_id=image.id)
    make_tag("Tag user", image_id=image.id)
    db.session.add(Link(portfolio_id=portfolio.id, name="Link user", image_id=image.id))
    db.session.add(MetaEntry(portfolio_id=portfolio.id, key="Meta user", value_file_id=image.id))
    db.session.commit()
    page = client.get(f"/admin/media/{image.id}/").text
    assert "800 × 600 px" in page and "1080 px" in page
    for user in (
        "Cover user",
        "Gallery user",
        "Employer user",
        "Tag user",
        "Link user",
        "Meta user",
    ):
        assert user in page
    warning = client.get(f"/admin/media/{image.id}/delete").text
    assert "This file is used in 6 places" in warning


def test_rename_through_the_schema(client, boss):
    image = make_image("old")
    assert client.post(f"/admin/media/{image.id}/", data={"name": " "}).status_code == 200
    db.session.expire_all()
    assert image.name == "old"
    assert client.post(f"/admin/media/{image.id}/", data={"name": "new"}).status_code == 302
    db.session.expire_all()
    assert image.name == "new"


def test_alt_text_and_caption_are_set_on_the_detail_page_and_keep_the_focal_point(client, boss):
    image = make_image("hero")
    image.focal_x, image.focal_y = 0.2, 0.8
    db.session.commit()
    page = client.get(f"/admin/media/{image.id}/").text
    assert 'name="alt"' in page and 'name="caption"' in page
    data = {"name": "hero", "alt": "دو نفر کنار دریا", "caption": "Summer"}
    assert client.post(f"/admin/media/{image.id}/", data=data).status_code == 302
    db.session.expire_all()
    assert (image.alt, image.caption) == ("دو نفر کنار دریا", "Summer")
    assert (image.focal_x, image.focal_y) == (0.2, 0.8)
    data = {"name": "hero", "alt": "", "caption": ""}  # emptied: no alt text, no caption
    assert client.post(f"/admin/media/{image.id}/", data=data).status_code == 302
    db.session.expire_all()
    assert (image.alt, image.caption) == ("", None)


def test_too_long_alt_text_is_shown_beside_its_field_and_nothing_is_saved(client, boss):
    image = make_image("hero")
    data = {"name": "renamed", "alt": "x" * 501, "caption": ""}
    page = client.post(f"/admin/media/{image.id}/", data=data)
    assert page.status_code == 200 and "no more than 500 characters" in page.text
    db.session.expire_all()
    assert (image.name, image.alt) == ("hero", "")


def test_a_document_has_no_alt_text_field(client, boss):
    document = make_document()
    page = client.get(f"/admin/media/{document.id}/").text
    assert 'name="alt"' not in page
    assert client.post(f"/admin/media/{document.id}/", data={"name": "Plan"}).status_code == 302


def test_delete_removes_the_file_and_its_uses(client, boss):
    image = make_image("hero")
    portfolio = make_portfolio("P", image=image.id)
    assert client.post(f"/admin/media/{image.id}/delete").status_code == 302
    assert db.session.query(MediaFile).count() == 0
    db.session.expire_all()
    assert portfolio.image_id is None


def test_the_choosers_upload_refuses_anything_but_an_image_and_keeps_nothing(
    client, boss, tmp_path
):
    response = client.post(
        "/admin/media/upload",
        data={"file": (io.BytesIO(b"%PDF-1.4 a brief"), "brief.pdf"), "kind": "image"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert response.json == {"errors": {"file": ["The file is not an image."]}}
    assert db.session.query(MediaFile).count() == 0
    media_root = tmp_path / "media"
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))
    # The library's own uploader still takes any kind of file.
    assert upload(client, b"%PDF-1.4 a brief", "brief.pdf").status_code == 201


def test_chooser_tiles_tell_two_files_of_one_name_apart_by_size_and_date(client, boss):
    make_image("project-1")
    make_document("project-1")
    results = client.get("/admin/media/choose.json").json["results"]
    assert [item["size_label"] for item in results] == ["2.0 KB", "5.0 KB"]
    assert results[0]["date_label"] and results[0]["date_label"][0].isdigit()
    persian = client.get("/admin/media/choose.json", headers={"Accept-Language": "fa"}).json
    assert persian["results"][0]["size_label"] == "۲٫۰ کیلوبایت"


def replace(client, media_id: int, content: bytes, filename: str):
    return client.post(
        f"/admin/media/{media_id}/replace",
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def test_replace_button_puts_a_new_file_in_place_and_keeps_the_uses(client, boss):
    first = upload(client, image_bytes("PNG", (300, 200)), "logo.png").json
    employer = make_employer("Acme", image_id=first["id"])
    page = client.get(f"/admin/media/{first['id']}/").text
    assert f'action="/admin/media/{first["id"]}/replace"' in page
    response = replace(client, first["id"], image_bytes("JPEG", (640, 480)), "new.jpg")
    assert response.status_code == 302
    db.session.expire_all()
    media = db.session.get(MediaFile, first["id"])
    assert media.path.endswith(".jpg") and (media.width, media.height) == (640, 480)
    assert media.name == "logo" and employer.image_id == media.id
    assert "was replaced" in client.get(response.location).text


def test_replace_with_another_kind_shows_why_and_keeps_the_file(client, boss):
    first = upload(client, image_bytes(), "logo.png").json
    response = replace(client, first["id"], b"%PDF-1.4", "brief.pdf")
    assert response.status_code == 400
    assert "The new file must be an image, like the one it replaces." in response.text
    assert 'aria-invalid="true"' in response.text
    db.session.expire_all()
    assert db.session.get(MediaFile, first["id"]).path.endswith("logo.png")


def test_upload_of_a_file_the_library_has_asks_first_and_stores_it_only_when_told(client, boss):
    data = image_bytes("PNG", (200, 100))
    first = upload(client, data, "logo.png").json
    response = upload(client, data, "logo-copy.png")
    assert response.status_code == 409
    assert response.json["duplicate"]["id"] == first["id"]
    assert response.json["message"] == "“logo-copy.png” is already in the library as “logo”."
    assert db.session.query(MediaFile).count() == 1
    anyway = client.post(
        "/admin/media/upload",
        data={"file": (io.BytesIO(data), "logo-copy.png"), "duplicate": "upload"},
        content_type="multipart/form-data",
    )
    assert anyway.status_code == 201 and anyway.json["id"] != first["id"]


def test_focal_point_is_set_in_percent_persian_digits_too_and_cleared(client, boss):
    media_id = upload(client, image_bytes("PNG", (400, 300)), "beach.png").json["id"]
    response = client.post(f"/admin/media/{media_id}/focal-point", data={"x": "25", "y": "۷۵"})
    assert response.status_code == 302
    db.session.expire_all()
    media = db.session.get(MediaFile, media_id)
    assert (media.focal_x, media.focal_y) == (0.25, 0.75)
    bad = client.post(f"/admin/media/{media_id}/focal-point", data={"x": "120", "y": "5"})
    assert "Enter the focal point as two numbers from 0 to 100." in client.get(bad.location).text
    client.post(f"/admin/media/{media_id}/focal-point", data={"clear": "1"})
    db.session.expire_all()
    assert db.session.get(MediaFile, media_id).focal_x is None


def test_chooser_sets_alt_text_and_caption_and_refuses_too_long_alt(client, boss):
    media_id = upload(client, image_bytes(), "beach.png").json["id"]
    url = f"/admin/media/{media_id}/text"
    response = client.post(url, json={"alt": "Two people by the sea", "caption": ""})
    assert response.status_code == 200
    assert (response.json["alt"], response.json["caption"]) == ("Two people by the sea", None)
    too_long = client.post(url, json={"alt": "x" * 501})
    assert too_long.status_code == 400 and list(too_long.json["errors"]) == ["alt"]
    db.session.expire_all()
    assert db.session.get(MediaFile, media_id).alt == "Two people by the sea"
    listed = client.get("/admin/media/choose.json?type=image").json["results"][0]
    assert listed["alt"] == "Two people by the sea" and listed["text_url"] == url


def test_portfolio_form_warns_of_cover_and_gallery_images_without_alt_text(client, boss):
    bare = make_image("bare")
    described = make_image("described")
    described.alt = "A described picture"
    db.session.commit()
    portfolio = make_portfolio("P", image=bare.id, images=[bare.id, described.id])
    page = client.get(f"/admin/portfolios/{portfolio.id}/").text
    shown = [line for line in page.splitlines() if 'class="alt-missing"' in line]
    warned = [line for line in shown if f'data-alt-for="{bare.id}"' in line]
    assert len(warned) == 2 and not any("hidden" in line for line in warned)  # cover, gallery
    assert all("hidden" in line for line in shown if f'data-alt-for="{described.id}"' in line)
