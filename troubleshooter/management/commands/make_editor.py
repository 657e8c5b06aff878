"""manage.py make_editor: give a user the editor (or reviewer) role, or take it away."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

EDITORS = "Editors"
REVIEWERS = "Reviewers"


class Command(BaseCommand):
    help = "Let an existing user edit the content in admin: staff, in the Editors group."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--reviewer",
            action="store_true",
            help="also a reviewer: may publish other editors' drafts",
        )
        parser.add_argument(
            "--remove",
            action="store_true",
            help="take the user out of Editors and Reviewers (and admin)",
        )

    def handle(self, *args, username, remove, reviewer=False, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(
                f"No user “{username}”. Create one first (manage.py createsuperuser, or a plain "
                "user in admin), then run this again."
            ) from None
        try:
            group = Group.objects.get(name=EDITORS)
        except Group.DoesNotExist:
            raise CommandError(f"No “{EDITORS}” group: run manage.py migrate first.") from None
        reviewers = Group.objects.filter(name=REVIEWERS).first()
        if remove:
            user.groups.remove(group, *([reviewers] if reviewers else []))
            if not user.is_superuser and not user.groups.exists():
                user.is_staff = False
                user.save(update_fields=["is_staff"])
            self.stdout.write(f"{username} is no longer an editor.")
            return
        user.groups.add(group)
        if reviewer:
            if reviewers is None:
                raise CommandError(f"No “{REVIEWERS}” group: run manage.py migrate first.")
            user.groups.add(reviewers)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        role = "an editor and a reviewer" if reviewer else "an editor"
        self.stdout.write(self.style.SUCCESS(f"{username} is {role}: they can sign in at /admin/."))
