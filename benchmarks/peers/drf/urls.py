"""The two reads the benchmark drives, with or without the trailing slash."""

from django.urls import re_path

from drf.views import PortfolioDetail, PortfolioList

urlpatterns = [
    re_path(r"^api/portfolios/?$", PortfolioList.as_view()),
    re_path(r"^api/portfolios/(?P<pk>\d+)/?$", PortfolioDetail.as_view()),
]
