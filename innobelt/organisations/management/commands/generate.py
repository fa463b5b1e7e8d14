from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from innobelt.belt.models import City, Industry
from innobelt.organisations.generator import generate_organisations
from innobelt.organisations.models import Organisation

BATCH = 2000


class Command(BaseCommand):
    help = "Generate realistic synthetic organisations (marked synthetic) for demos and scale tests."

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, required=True, help="how many organisations (up to 100,000)")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, orgs, seed, **options):
        if not 0 < orgs <= 100_000:
            raise CommandError("--orgs must be between 1 and 100000")
        cities = list(City.objects.order_by("position"))
        if not cities:
            raise CommandError("Load the Belt first: innobelt load_demo")
        industries = {i.code: i for i in Industry.objects.all()}
        existing = set(Organisation.objects.filter(slug__startswith=f"syn-{seed}-").values_list("slug", flat=True))
        through = Organisation.industries.through
        created = 0
        batch: list = []
        with tqdm(total=orgs, desc="organisations", unit="org", file=self.stderr._out) as bar:
            for org, chosen in generate_organisations(orgs, seed=seed, cities=cities, industries=industries):
                bar.update(1)
                if org.slug in existing:
                    continue
                batch.append((org, chosen))
                if len(batch) >= BATCH:
                    created += self._save(batch, through)
                    batch = []
            if batch:
                created += self._save(batch, through)
        self.stdout.write(f"generated {created} synthetic organisations (seed {seed}); {orgs - created} already there")

    @staticmethod
    def _save(batch, through) -> int:
        with transaction.atomic():
            saved = Organisation.objects.bulk_create([org for org, _ in batch])
            links = [through(organisation_id=org.pk, industry_id=ind.pk)
                     for org, (_, chosen) in zip(saved, batch, strict=True) for ind in chosen]
            through.objects.bulk_create(links)
        return len(saved)
