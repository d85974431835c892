from django.apps import AppConfig


class InterestsConfig(AppConfig):
    name = "interests"
    verbose_name = "Register of interests"

    def ready(self):
        from casework import hooks
        from casework.models import Case
        from casework.routing import FIXED_ROUTES

        from .selectors import relationship_conflicts
        from .suggestions import register_suggestions

        # 002 6.5: a case raised by or about one person in a disclosed relationship never goes to the other.
        hooks.register_conflict_provider(relationship_conflicts)
        # 000 4.3(a): an enquiry mentioning something on the councillor's register suggests a declaration.
        hooks.register_interest_suggester(register_suggestions)
        # s.33: a written request for a dispensation goes to the Monitoring Officer of the principal
        # council (a Deputy when the MO is conflicted). The core has no route for this kind yet; if it
        # gains one, setdefault leaves the core's in place.
        FIXED_ROUTES.setdefault(
            Case.Kind.DISPENSATION,
            ("complaint_route", ["role:monitoring_officer", "role:deputy_monitoring_officer"]),
        )
