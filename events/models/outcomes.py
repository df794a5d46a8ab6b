"""What came of an event, beside what events/models/programme.py already holds (report, participants).

The photo gallery of an event lives here; agreements signed and projects announced at it are partners'
(`partners.Agreement.event`, `partners.CooperationProject.event`). The rules that gather them for a page are in
events/outcomes.py.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models.programme import Event, image_alt_required
from nanjingweek.images import image_fields


class EventPhoto(models.Model):
    """A picture taken at an event, for its gallery: shown with its caption and credit once the event is over."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="photos")
    image, image_width, image_height, image_alt = image_fields(
        "image", upload_to="events/photos/", label=_("photo"), alt_label=_("photo description (alt text)")
    )
    # A gallery entry is its picture: unlike other images of the site, this one cannot be left out.
    image.blank = False
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(
        _("credit"), max_length=300, blank=True, help_text=_("Who took the picture, e.g. “Photo: Li Na”.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event_id", "order", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=~Q(image=""),
                name="event_photo_has_image",
                violation_error_message=_("Choose the picture to show."),
            ),
            image_alt_required("image", "image_alt", "event_photo_image_has_alt"),
        ]

    def __str__(self):
        return self.caption or self.image_alt or self.image.name

    def get_absolute_url(self):
        return self.event.get_absolute_url() + f"#photo-{self.pk}"
