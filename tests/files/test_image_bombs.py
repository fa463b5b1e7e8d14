"""Decompression bombs: an image is refused from the pixel count in its header, never decoded.

A 13000×13000 PNG is under 1 MB on the wire but 507 MB once decoded; the check used to decode it
(Image.load) before counting its pixels.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from PIL import Image

from innobelt.files import domain
from innobelt.files.models import StoredFile
from tests.factories import MembershipFactory
from tests.files.helpers import bomb_png, files_on_disk

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def member():
    return MembershipFactory(role="admin").user


def test_pillows_guard_is_set_low():
    assert settings.IMAGE_MAX_PIXELS == 40_000_000
    assert Image.MAX_IMAGE_PIXELS == settings.IMAGE_MAX_PIXELS  # FilesConfig.ready


@pytest.mark.django_db
@pytest.mark.parametrize("size", [(13_000, 13_000), (7_000, 6_000)], ids=["169-megapixels", "42-megapixels"])
def test_image_over_the_pixel_limit_is_refused_and_leaves_nothing(member, size):
    """42 megapixels is where Pillow only warns (up to twice its limit): refused all the same."""
    before = files_on_disk()
    bomb = SimpleUploadedFile("bomb.png", bomb_png(*size), content_type="image/png")
    assert bomb.size < 1024 * 1024
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        domain.store_upload(actor=member, organisation=member.memberships.get().organisation, kind="photo", upload=bomb)
    assert exc.value.messages == ["The image is too large: at most 40 megapixels."]
    assert files_on_disk() == before and not StoredFile.objects.exists()


@pytest.mark.django_db
def test_bomb_through_the_api_is_a_json_400(member):
    client = Client()
    client.force_login(member)
    response = client.post("/api/v1/files", {
        "organisation": member.memberships.get().organisation.slug, "kind": "photo",
        "file": SimpleUploadedFile("bomb.png", bomb_png(), content_type="image/png")}, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "The image is too large: at most 40 megapixels."


def test_checking_a_bomb_does_not_decode_it():
    """Measured in a fresh process (Pillow allocates pixels outside Python's allocator, where
    tracemalloc cannot see them): the check's peak resident memory grows by far less than the 507 MB
    the pixels would take."""
    script = textwrap.dedent("""
        import django
        django.setup()
        from innobelt.files.sniffing import is_intact_image
        from tests.files.helpers import bomb_png

        def peak_kb():  # the process's own high-water mark (ru_maxrss would include the parent's, from before exec)
            with open("/proc/self/status") as status:
                return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

        data = bomb_png()
        before = peak_kb()
        assert not is_intact_image(data)
        print(peak_kb() - before)
    """)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    grown_kb = int(result.stdout.strip().splitlines()[-1])
    assert grown_kb < 50 * 1024, f"peak memory grew by {grown_kb // 1024} MB"
