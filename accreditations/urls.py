from django.urls import path

from accreditations import views

app_name = "accreditations"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("evenements/<slug:slug>/", views.EventDetailView.as_view(), name="event"),
    path("annulation/<str:signed>/", views.CancelView.as_view(), name="cancel"),
    path("<slug:slug>/", views.AccreditationFormView.as_view(), name="form"),
    path(
        "<slug:slug>/confirmation/<str:reference>/",
        views.ConfirmationView.as_view(),
        name="confirmation",
    ),
]
