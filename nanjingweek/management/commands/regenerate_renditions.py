"""Make the renditions of images stored before the renditions existed (or after RENDITION_WIDTHS changed).

Saving an object makes its renditions (nanjingweek/renditions.py); this command catches up on images that
came another way: a restored MEDIA_ROOT, a database loaded with `loaddata`, an `update()`. Without
--force it only writes the renditions that are missing, so it is cheap to run after every deploy.
"""

from django.core.management.base import BaseCommand
from PIL import Image

from nanjingweek import renditions


class Command(BaseCommand):
    help = "Write the missing WebP renditions of every stored image (all of them with --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Remake renditions that already exist.")

    def handle(self, *args, force: bool, **options):
        images = written = 0
        problems = []
        seen = set()
        for model, fields in renditions.models_with_images().items():
            for field in fields:
                columns = ["pk", field.attname, *filter(None, (field.width_field, field.height_field))]
                for row in model._base_manager.exclude(**{field.attname: ""}).values(*columns).iterator():
                    name = row[field.attname]
                    if name in seen:  # one file shown by several objects (a duplicated event)
                        continue
                    seen.add(name)
                    images += 1
                    try:
                        written += len(
                            renditions.generate_renditions(
                                field.storage,
                                name,
                                stored_width=row.get(field.width_field) if field.width_field else None,
                                overwrite=force,
                            )
                        )
                    except (OSError, ValueError, Image.DecompressionBombError) as error:
                        problems.append(f"{model._meta.label} {row['pk']} {field.name} {name}: {error}")
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(
            f"{images} image{'s' if images != 1 else ''} checked, {written} rendition{'s' if written != 1 else ''} "
            f"written, {len(problems)} could not be read."
        )
