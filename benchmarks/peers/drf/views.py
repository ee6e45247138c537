"""Retrieve one portfolio and list them 20 a page, every related row fetched up front."""

from django.db.models import F, Prefetch
from rest_framework import generics
from rest_framework.pagination import PageNumberPagination

from drf.authentication import HoldsCode
from drf.models import GalleryImage, Link, MetaEntry, Portfolio, PortfolioTag
from drf.serializers import PortfolioSerializer

PORTFOLIOS = Portfolio.objects.select_related(
    "image", "employer", "employer__image"
).prefetch_related(
    "image__thumbnails",
    "employer__image__thumbnails",
    Prefetch("tag_rows", PortfolioTag.objects.select_related("tag__image")),
    "tag_rows__tag__image__thumbnails",
    Prefetch("gallery_rows", GalleryImage.objects.select_related("media")),
    "gallery_rows__media__thumbnails",
    Prefetch("links", Link.objects.select_related("image")),
    "links__image__thumbnails",
    Prefetch("meta_entries", MetaEntry.objects.select_related("value_file")),
)


class Pagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (20, at most 100), as the project pages."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class PortfolioList(generics.ListAPIView):
    code = 4200
    pagination_class = Pagination
    permission_classes = [HoldsCode]
    serializer_class = PortfolioSerializer
    queryset = PORTFOLIOS.order_by("order", F("completed_at").desc(nulls_last=True), "id")


class PortfolioDetail(generics.RetrieveAPIView):
    code = 4202
    permission_classes = [HoldsCode]
    serializer_class = PortfolioSerializer
    queryset = PORTFOLIOS
