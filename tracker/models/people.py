"""The people who speak for parties, as Popolo has them: a person with other names (variants and
transliterations) and memberships (the party spoken for, in a role, from and to a date)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from tracker.models.base import TimeStamped
from tracker.models.catalogue import Party

# Popolo dates: ISO 8601, as precise as known: 2025, 2025-09 or 2025-09-19.
PARTIAL_DATE = RegexValidator(
    r"^\d{4}(-\d{2}(-\d{2})?)?$", "Give a date as YYYY, YYYY-MM or YYYY-MM-DD."
)
NAME_HELP = (
    "As writers spell it. A one-word name (Fu, Waltz) is matched with its capital only; a "
    "longer one in any case, accents ignored."
)


class Person(TimeStamped):
    """Someone whose words are reported: an ambassador, a minister, a spokesperson. Without a
    membership, they speak for no party in the catalogue (the Secretary-General)."""

    name = models.CharField(max_length=200, unique=True, help_text=NAME_HELP)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    @property
    def names(self) -> list[str]:
        return [self.name, *(n.name for n in self.other_names.all())]


class PersonName(models.Model):
    """Another name the person goes by: a variant, a transliteration, the family name alone."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(max_length=200, help_text=NAME_HELP)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="person_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStamped):
    """A person speaking for a party in a role, between two dates when they are known."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=300, blank=True)
    start_date = models.CharField(
        max_length=10,
        blank=True,
        validators=[PARTIAL_DATE],
        help_text="YYYY, YYYY-MM or YYYY-MM-DD.",
    )
    end_date = models.CharField(
        max_length=10,
        blank=True,
        validators=[PARTIAL_DATE],
        help_text="YYYY, YYYY-MM or YYYY-MM-DD.",
    )
    source = models.URLField(
        max_length=2000, blank=True, help_text="A public page that states the role."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__name", "start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "party", "role"], name="membership_unique_role"
            ),
            # Partial ISO dates compare as text: 2025 < 2025-09 < 2025-09-19.
            models.CheckConstraint(
                name="membership_dates_in_order",
                condition=Q(start_date="") | Q(end_date="") | Q(start_date__lte=F("end_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.party}{', ' + self.role if self.role else ''})"

    def held_on(self, day: datetime.date) -> bool:
        """Whether the membership held on `day`, as far as its dates say (an unknown start or
        end does not rule a day out). A date known to the month or year covers all of it."""
        iso = day.isoformat()
        starts, ends = self.start_date, self.end_date
        return (not starts or starts <= iso[: len(starts)]) and (
            not ends or iso[: len(ends)] <= ends
        )

    def clean(self) -> None:
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValidationError({"end_date": "The end comes before the start."})
