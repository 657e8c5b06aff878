"""Model factories (factory_boy): the fewest fields a valid row needs, overridable by keyword.

StatusCodeFactory() is code 298, which the real content does not use; CauseFactory() makes its
code too unless given status_code=. UserFactory(username=..., password=...) signs in through
the login form with that password; UserFactory(superuser=True) is staff and a superuser.
Roles (editor, reviewer) are given as the site gives them, by manage.py make_editor: see the
editor_client and reviewer_client fixtures in conftest.py.
"""

import factory
from factory.django import DjangoModelFactory, Password


class StatusCodeFactory(DjangoModelFactory):
    class Meta:
        model = "troubleshooter.StatusCode"

    code = 298
    phrase = "Test Phrase"
    spec = "RFC 9110, Section 15"
    summary = "A code made by a test."
    explanation = "An *explanation*."


class CauseFactory(DjangoModelFactory):
    class Meta:
        model = "troubleshooter.Cause"

    status_code = factory.SubFactory(StatusCodeFactory)
    slug = factory.Sequence(lambda n: f"cause-{n + 1}")
    title = "A cause"
    confirm = "Look at the logs."
    fix_client = "Retry later."
    fix_server = "Fix the server."


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = "troubleshooter.Question"

    slug = factory.Sequence(lambda n: f"question-{n + 1}")
    text = "A question made by a test?"


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = "troubleshooter.Answer"

    question = factory.SubFactory(QuestionFactory)
    slug = factory.Sequence(lambda n: f"answer-{n + 1}")
    label = "An answer"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = "auth.User"

    username = factory.Sequence(lambda n: f"user-{n + 1}")
    password = Password("pw-test-1")

    class Params:
        superuser = factory.Trait(is_staff=True, is_superuser=True)
