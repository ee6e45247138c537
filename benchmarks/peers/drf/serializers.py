"""The project's portfolio output (docs: /work/shared/spec/API.md), key for key, with
DRF serializers. File URLs are absolute, rooted at the request's host."""

from rest_framework import serializers

from drf.models import Employer, Link, MediaFile, MetaEntry, Portfolio, Tag, Thumbnail

UNITS = ("B", "KB", "MB", "GB", "TB")


def human_readable_size(size: int) -> str:
    """1024-based, two decimals: 5123 -> ``"5.00 KB"``."""
    value = float(size)
    for unit in UNITS[:-1]:
        if value < 1024:
            return f"{value:.2f} {unit}"
        value /= 1024
    return f"{value:.2f} {UNITS[-1]}"


class FileUrlField(serializers.Field):
    """A stored path as an absolute URL."""

    def __init__(self, **kwargs):
        super().__init__(source="path", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri("/media/" + value)


class ThumbnailSerializer(serializers.ModelSerializer):
    f = FileUrlField()

    class Meta:
        model = Thumbnail
        fields = ["id", "f", "size"]


class MediaShortSerializer(serializers.ModelSerializer):
    """Any file: the keys every media output starts with."""

    human_readable_size = serializers.SerializerMethodField()
    f = FileUrlField()

    class Meta:
        model = MediaFile
        fields = ["id", "type", "name", "size", "human_readable_size", "f"]

    def get_human_readable_size(self, media):
        return human_readable_size(media.size)


class MediaSerializer(MediaShortSerializer):
    """An image with its dimensions and thumbnails; any other file, its short output."""

    thumbnails = ThumbnailSerializer(many=True)

    class Meta(MediaShortSerializer.Meta):
        fields = [*MediaShortSerializer.Meta.fields, "width", "height", "mode", "thumbnails"]

    def to_representation(self, media):
        if media.type != "image":
            return MediaShortSerializer(media, context=self.context).data
        return super().to_representation(media)


class EmployerNestedSerializer(serializers.ModelSerializer):
    image_data = MediaSerializer(source="image")

    class Meta:
        model = Employer
        fields = ["id", "name", "image_data", "description"]


class TagNestedSerializer(serializers.ModelSerializer):
    image_data = MediaSerializer(source="image")

    class Meta:
        model = Tag
        fields = ["id", "name", "image_data"]


class LinkNestedSerializer(serializers.ModelSerializer):
    image_data = MediaSerializer(source="image")

    class Meta:
        model = Link
        fields = ["id", "name", "url", "description", "image_data"]


class MetaEntrySerializer(serializers.ModelSerializer):
    value_file = MediaShortSerializer()

    class Meta:
        model = MetaEntry
        fields = ["id", "key", "value_text", "value_file"]


class PortfolioSerializer(serializers.ModelSerializer):
    image_data = MediaSerializer(source="image")
    employer_data = EmployerNestedSerializer(source="employer")
    tags_data = TagNestedSerializer(source="tag_list", many=True)
    links_data = LinkNestedSerializer(source="links", many=True)
    images_data = MediaSerializer(source="gallery_list", many=True)
    meta = MetaEntrySerializer(source="meta_entries", many=True)

    class Meta:
        model = Portfolio
        fields = ["id", "title", "slug", "excerpt", "order", "image_data", "employer_data",
                  "tags_data", "links_data", "is_active", "completed_at", "created_at",
                  "updated_at", "description", "images_data", "meta"]  # fmt: skip
