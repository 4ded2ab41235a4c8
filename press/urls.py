from django.urls import include, path

from press import feeds, views

app_name = "press"

urlpatterns = [
    path("", views.PressReleaseListView.as_view(), name="list"),
    path("espace-presse/", views.PressOfficeView.as_view(), name="office"),
    path("flux.rss", feeds.PressReleaseFeed(), name="feed-rss"),
    path("flux.atom", feeds.PressReleaseAtomFeed(), name="feed-atom"),
    path("contacts/<slug:slug>.vcf", views.contact_vcard_view, name="contact-vcard"),
    path("tag/<slug:slug>/", views.TagPressReleaseListView.as_view(), name="tag"),
    # The press list's pages, before the last pattern, which reads any word as a release's slug.
    path("", include("press.presslist.urls")),
    path("<slug:slug>/", views.PressReleaseDetailView.as_view(), name="detail"),
]
