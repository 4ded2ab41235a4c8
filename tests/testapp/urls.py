from django.urls import include, path

from tests.testapp import views

urlpatterns = [
    path("items/<slug:slug>/", views.ItemDetailView.as_view(), name="item-detail"),
    path("broken/", views.broken_view),
    path("database-down/", views.database_down_view),
    path("after-database-error/", views.error_after_database_error_view),
    path("", include("namur_site.urls")),
]

handler500 = "core.views.server_error"
