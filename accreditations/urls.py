from django.urls import path

from accreditations import badge_views, checkin_views, views

app_name = "accreditations"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("evenements/<slug:slug>/", views.EventDetailView.as_view(), name="event"),
    path("evenements/<slug:slug>/agenda.ics", badge_views.event_calendar, name="event-calendar"),
    path("badge/<str:signed>/", badge_views.BadgeView.as_view(), name="badge"),
    path("badge/<str:signed>/pdf/", badge_views.BadgeView.as_view(as_pdf=True), name="badge-pdf"),
    path("arrivees/", checkin_views.CheckInEventsView.as_view(), name="checkin-events"),
    path("arrivees/<slug:slug>/", checkin_views.CheckInView.as_view(), name="checkin"),
    path(
        "arrivees/<slug:slug>/compteurs/",
        checkin_views.CheckInCountsView.as_view(),
        name="checkin-counts",
    ),
    path(
        "arrivees/<slug:slug>/export.csv",
        checkin_views.CheckInExportView.as_view(),
        name="checkin-export",
    ),
    path("annulation/<str:signed>/", views.CancelView.as_view(), name="cancel"),
    path("<slug:slug>/", views.AccreditationFormView.as_view(), name="form"),
    path(
        "<slug:slug>/confirmation/<str:reference>/",
        views.ConfirmationView.as_view(),
        name="confirmation",
    ),
]
