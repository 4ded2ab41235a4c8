from django.urls import path, re_path

from news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("flux.rss", feeds.ArticleFeed(), name="feed-rss"),
    path("flux.atom", feeds.ArticleAtomFeed(), name="feed-atom"),
    path("theme/<slug:slug>/", views.TopicArticleListView.as_view(), name="topic"),
    path("theme/<slug:slug>/flux.rss", feeds.TopicFeed(), name="topic-feed-rss"),
    path("theme/<slug:slug>/flux.atom", feeds.TopicAtomFeed(), name="topic-feed-atom"),
    path("tag/<slug:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("tag/<slug:slug>/flux.rss", feeds.TagFeed(), name="tag-feed-rss"),
    path("tag/<slug:slug>/flux.atom", feeds.TagAtomFeed(), name="tag-feed-atom"),
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.ArticleMonthArchiveView.as_view(),
        name="archive-month",
    ),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
