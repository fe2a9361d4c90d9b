"""What every kind of record shares: timestamps, retraction with a reason, optimistic
concurrency (versions) and review before publication."""

from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RetractableQuerySet(models.QuerySet):
    def standing(self) -> Self:
        """Records not retracted."""
        return self.filter(retracted_at__isnull=True)

    def retracted(self) -> Self:
        return self.filter(retracted_at__isnull=False)


class Retractable(models.Model):
    """A record that is withdrawn with a reason instead of being deleted."""

    retracted_at = models.DateTimeField(null=True, blank=True)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retraction_reason = models.TextField(blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                name="%(class)s_retraction_has_reason",
                condition=(
                    Q(retracted_at__isnull=True, retraction_reason="")
                    | (Q(retracted_at__isnull=False) & ~Q(retraction_reason=""))
                ),
                violation_error_message="A retraction needs a reason, and only a retraction has one.",
            ),
        ]

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None

    def retract(self, reason: str, user: Any = None) -> None:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("Say why this is being retracted.")
        if self.is_retracted:
            raise ValidationError("This was already retracted.")
        self.retracted_at = timezone.now()
        self.retracted_by = user
        self.retraction_reason = reason
        fields = ["retracted_at", "retracted_by", "retraction_reason"]
        if any(f.name == "updated_at" for f in self._meta.concrete_fields):
            fields.append("updated_at")
        self.save(update_fields=fields)


class StaleEdit(Exception):
    """Someone else saved the record after this copy of it was read."""

    def __init__(self, instance: models.Model) -> None:
        self.instance = instance
        super().__init__(
            f"{instance._meta.verbose_name} {instance.pk} was changed by someone else."
        )


class Versioned(models.Model):
    """Optimistic concurrency: every save of an existing record checks, in the UPDATE itself,
    that the row still has the version this copy was read at, and bumps it. A save based on a
    stale copy raises StaleEdit and changes nothing."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            claimed = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=self.version)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise StaleEdit(self)
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            return super().save(*args, **kwargs)


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Pending review"
    PUBLISHED = "published", "Published"
    RETURNED = "returned", "Sent back"


class Reviewable(models.Model):
    """Nothing an editor records goes public on one person's word: it stays pending until a
    reviewer who is not its author publishes it (or sends it back with a comment)."""

    status = models.CharField(
        max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED


class ReviewableQuerySet(RetractableQuerySet):
    """Visibility of records that are reviewed before the public sees them."""

    def public(self) -> Self:
        """What the public may see: published records, retracted ones included (shown as
        retracted)."""
        return self.filter(status=ReviewStatus.PUBLISHED)

    def visible(self) -> Self:
        """Published and standing: what the public pages list."""
        return self.public().standing()

    def pending(self) -> Self:
        """What waits for a reviewer."""
        return self.standing().filter(status=ReviewStatus.PENDING)

    def returned(self) -> Self:
        """What a reviewer sent back to its editor."""
        return self.standing().filter(status=ReviewStatus.RETURNED)


class Origin(models.TextChoices):
    SEED = "seed", "Seed file"
    EDITOR = "editor", "Editor"
