from django.urls import path

from press.presslist import embargo_views, unsubscribe_views, views

app_name = "presslist"

urlpatterns = [
    path("abonnement/", views.SubscribeView.as_view(), name="subscribe"),
    path("abonnement/e-mail-envoye/", views.SubscribedView.as_view(), name="subscribed"),
    path("abonnement/confirmer/<str:signed>/", views.ConfirmView.as_view(), name="confirm"),
    path("abonnement/<int:pk>/<str:token>/", views.ManageView.as_view(), name="manage"),
    path(
        "abonnement/<int:pk>/<str:token>/desinscription/",
        unsubscribe_views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
    path("embargo/<str:signed>/", embargo_views.EmbargoedReleaseView.as_view(), name="embargo"),
]
