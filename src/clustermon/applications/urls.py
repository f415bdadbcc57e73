from django.urls import path

from clustermon.applications.views import application, calls, experts

app_name = "applications"

urlpatterns = [
    path("", calls.index, name="index"),
    path("calls/new/", calls.call_create, name="call_create"),
    path("calls/<int:pk>/", calls.call_detail, name="call"),
    path("calls/<int:pk>/move/", calls.call_move, name="call_move"),
    path("calls/<int:pk>/deadline/", calls.call_deadline, name="call_deadline"),
    path("calls/<int:pk>/apply/", calls.call_apply, name="apply"),
    path("calls/<int:pk>/panel/", calls.call_panel, name="panel"),
    path("calls/<int:pk>/recommended/", calls.recommended, name="recommended"),
    path("calls/<int:pk>/recommend/", calls.recommend, name="recommend"),
    path("calls/<int:pk>/approve/", calls.approve, name="approve"),
    path("calls/<int:pk>/announce/", calls.announce, name="announce"),
    path("calls/<int:pk>/recognise/", calls.recognise, name="recognise"),
    path("calls/<int:pk>/announcement/", calls.announcement, name="announcement"),
    path("calls/<int:pk>/announcement.<str:fmt>", calls.announcement_export, name="announcement_export"),
    path("<int:pk>/", application.application_page, name="application"),
    path("<int:pk>/materials/", application.material_add, name="material_add"),
    path("<int:pk>/materials/<int:material_pk>/remove/", application.material_remove, name="material_remove"),
    path("materials/<int:pk>/", application.material_download, name="material"),
    path("<int:pk>/pass/", application.review_pass, name="pass"),
    path("<int:pk>/return/", application.review_return, name="return"),
    path("<int:pk>/judge/", application.judge, name="judge"),
    path("<int:pk>/experts/", application.assign, name="assign"),
    path("<int:pk>/recommendation/", application.recommendation, name="recommendation"),
    path("assignments/<int:pk>/", experts.assignment_page, name="assignment"),
    path("assignments/<int:pk>/unassign/", experts.unassign, name="unassign"),
]
