"""The project's tables as Django models (``managed = False``: the project's migrations
made them, the benchmark filled them). Only the columns the reads show; default
orderings are the project's (thumbnails by size, gallery and tags by position)."""

from django.db import models


class MediaFile(models.Model):
    type = models.CharField(max_length=16)
    name = models.CharField(max_length=255)
    path = models.CharField(max_length=512)
    size = models.BigIntegerField()
    width = models.IntegerField(null=True)
    height = models.IntegerField(null=True)
    mode = models.CharField(max_length=16, null=True)

    class Meta:
        managed = False
        db_table = "media_files"


class Thumbnail(models.Model):
    media = models.ForeignKey(MediaFile, models.CASCADE, related_name="thumbnails")
    size = models.IntegerField()
    path = models.CharField(max_length=512)

    class Meta:
        managed = False
        db_table = "thumbnails"
        ordering = ["size"]


class Employer(models.Model):
    name = models.CharField(max_length=255)
    image = models.ForeignKey(MediaFile, models.SET_NULL, null=True, related_name="+")
    description = models.TextField(null=True)

    class Meta:
        managed = False
        db_table = "employers"


class Tag(models.Model):
    name = models.CharField(max_length=255)
    image = models.ForeignKey(MediaFile, models.SET_NULL, null=True, related_name="+")

    class Meta:
        managed = False
        db_table = "tags"


class Portfolio(models.Model):
    title = models.CharField(max_length=255)
    slug = models.CharField(max_length=255)
    excerpt = models.TextField()
    description = models.TextField(null=True)
    image = models.ForeignKey(MediaFile, models.SET_NULL, null=True, related_name="+")
    order = models.IntegerField()
    employer = models.ForeignKey(Employer, models.SET_NULL, null=True, related_name="+")
    is_active = models.BooleanField()
    completed_at = models.DateTimeField(null=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "portfolios"

    @property
    def tag_list(self) -> list[Tag]:
        return [row.tag for row in self.tag_rows.all()]

    @property
    def gallery_list(self) -> list[MediaFile]:
        return [row.media for row in self.gallery_rows.all()]


class PortfolioTag(models.Model):
    pk = models.CompositePrimaryKey("portfolio_id", "tag_id")
    portfolio = models.ForeignKey(Portfolio, models.CASCADE, related_name="tag_rows")
    tag = models.ForeignKey(Tag, models.CASCADE, related_name="+")
    position = models.IntegerField()

    class Meta:
        managed = False
        db_table = "portfolio_tags"
        ordering = ["position"]


class GalleryImage(models.Model):
    pk = models.CompositePrimaryKey("portfolio_id", "media_id")
    portfolio = models.ForeignKey(Portfolio, models.CASCADE, related_name="gallery_rows")
    media = models.ForeignKey(MediaFile, models.CASCADE, related_name="+")
    position = models.IntegerField()

    class Meta:
        managed = False
        db_table = "portfolio_images"
        ordering = ["position"]


class Link(models.Model):
    portfolio = models.ForeignKey(Portfolio, models.CASCADE, related_name="links")
    name = models.CharField(max_length=255)
    url = models.CharField(max_length=2048, null=True)
    image = models.ForeignKey(MediaFile, models.SET_NULL, null=True, related_name="+")
    description = models.TextField(null=True)

    class Meta:
        managed = False
        db_table = "links"
        ordering = ["id"]


class MetaEntry(models.Model):
    portfolio = models.ForeignKey(Portfolio, models.CASCADE, related_name="meta_entries")
    key = models.CharField(max_length=255)
    value_text = models.TextField(null=True)
    value_file = models.ForeignKey(MediaFile, models.SET_NULL, null=True, related_name="+")

    class Meta:
        managed = False
        db_table = "meta_entries"
        ordering = ["id"]


class User(models.Model):
    username = models.CharField(max_length=150)
    is_active = models.BooleanField()
    is_staff = models.BooleanField()
    is_admin = models.BooleanField()
    is_authenticated = True  # what DRF's IsAuthenticated asks

    class Meta:
        managed = False
        db_table = "users"


class ApiToken(models.Model):
    user = models.ForeignKey(User, models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    expires_at = models.DateTimeField(null=True)
    revoked_at = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "api_tokens"


class UserPermission(models.Model):
    pk = models.CompositePrimaryKey("user_id", "code")
    user = models.ForeignKey(User, models.CASCADE, related_name="permission_rows")
    code = models.IntegerField()

    class Meta:
        managed = False
        db_table = "user_permissions"
