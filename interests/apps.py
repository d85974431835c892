from django.apps import AppConfig


class InterestsConfig(AppConfig):
    name = "interests"
    verbose_name = "Register of interests"

    def ready(self):
        from casework import hooks

        from .selectors import relationship_conflicts
        from .suggestions import register_suggestions

        # 002 6.5: a case raised by or about one person in a disclosed relationship never goes to the other.
        hooks.register_conflict_provider(relationship_conflicts)
        # 000 4.3(a): an enquiry mentioning something on the councillor's register suggests a declaration.
        hooks.register_interest_suggester(register_suggestions)
