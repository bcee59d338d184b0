"""The site's URLs plus one page that fails, for the tests of the 500 page (tests/kwaliteitsaanpak/test_error_pages.py)."""

from django.urls import path

from kwaliteitsaanpak.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("A page that fails, on purpose.")


urlpatterns = [path("kapot/", broken), *site_urlpatterns]
