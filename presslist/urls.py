from django.urls import path

from presslist import embargo_views

app_name = "presslist"

urlpatterns = [
    path("embargo/<str:signed>/", embargo_views.EmbargoedReleaseView.as_view(), name="embargo"),
]
