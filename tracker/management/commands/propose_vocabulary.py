from django.core.management.base import BaseCommand

from tracker.recording import vocabulary


class Command(BaseCommand):
    help = (
        "Propose new aliases and exclusions from what editors linked that no alias covers and "
        "from the suggestions they left out. Proposals wait for staff in the admin (Vocabulary "
        "proposals); nothing changes the vocabulary until one is approved."
    )

    def handle(self, *args, **options):
        made = vocabulary.propose()
        for proposal in made:
            self.stdout.write(
                f"{proposal.get_kind_display()}: “{proposal.phrase}” for {proposal.label} "
                f"({proposal.support} for, {proposal.against} against)"
            )
        self.stdout.write(f"{len(made)} new proposal{'s' if len(made) != 1 else ''}.")
