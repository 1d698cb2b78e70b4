"""Survey field work: the respondent's personal link, the operator's pages, the demo round.

Personal links (``/svara/<token>/``) are public but unguessable; everything under
``/enkat/<year>/`` needs the survey operator's role (``accounts.roles``).
"""

from django.urls import path

from .views import demo, operator, respond

app_name = "survey"

urlpatterns = [
    # The respondent (personal link) and staff entry of paper/telephone answers.
    path("svara/<str:token>/", respond.respond, name="respond"),
    path("enkat/<int:year>/registrera/", respond.enter, name="enter"),
    path(
        "enkat/<int:year>/registrera/<int:invitation_id>/",
        respond.enter_answer,
        name="enter_answer",
    ),
    # The operator's field work.
    path("enkat/", operator.rounds, name="rounds"),
    path("enkat/demo/", demo.demo_round, name="demo"),
    path("enkat/<int:year>/", operator.round_overview, name="round"),
    path("enkat/<int:year>/svarsfrekvens/", operator.response_rates, name="rates"),
    path("enkat/<int:year>/inbjudningar/", operator.send_invitations, name="invite"),
    path("enkat/<int:year>/paminnelser/", operator.send_reminders, name="remind"),
    path("enkat/<int:year>/stang/", operator.close_round, name="close"),
    path("enkat/<int:year>/importera/", operator.import_answers, name="import_answers"),
    path("enkat/<int:year>/svar/", operator.answers, name="answers"),
    path("enkat/<int:year>/svar/<int:response_id>/", operator.answer, name="answer"),
    path("enkat/<int:year>/export/", operator.export_answers, name="export"),
    path("enkat/<int:year>/atkomstlogg/", operator.access_log, name="access_log"),
]
