import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from naikkelas.catalog import photos
from naikkelas.catalog.models import ProductPhoto
from naikkelas.catalog.services.photos import MAX_PHOTOS, photo_add, photo_delete, photo_move
from tests.factories.catalog import created, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(owner, business):
    return created(business, actor=owner)


def _add(owner, product, data, size=None):
    return photo_add(actor=owner, product=product, file=io.BytesIO(data), size=size)


def _bomb_png(width=30_000, height=30_000) -> bytes:
    """A valid PNG header claiming 900 megapixels, with a tiny compressed body."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * width
    body = zlib.compress(row * 64, 9)  # only a few rows: the header is what counts
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def test_a_renamed_pdf_is_refused_with_a_clear_message(owner, product):
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    with pytest.raises(ValidationError) as error:
        _add(owner, product, pdf)
    assert error.value.message_dict["photo"] == [
        "Berkas ini bukan foto. Kirim foto produk berformat JPG, PNG, atau WebP."
    ]
    assert ProductPhoto.objects.count() == 0


def test_a_40_mb_image_is_refused_before_it_is_read(owner, product):
    with pytest.raises(ValidationError) as error:
        _add(owner, product, b"", size=40 * 1024 * 1024)
    assert error.value.message_dict["photo"] == [
        "Ukuran foto 40 MB; batasnya 10 MB. Kirim foto yang lebih kecil (kebanyakan ponsel "
        "dapat membagikan foto dalam ukuran lebih kecil)."
    ]


def test_a_40_mb_image_without_a_declared_size_is_refused_too(owner, product):
    big = jpeg(200, 200) + b"\x00" * (40 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        _add(owner, product, big)
    assert error.value.message_dict["photo"] == [
        "Ukuran foto lebih dari 10 MB. Kirim foto yang lebih kecil (kebanyakan ponsel dapat "
        "membagikan foto dalam ukuran lebih kecil)."
    ]


def test_a_decompression_bomb_is_refused_without_being_unpacked(owner, product):
    with pytest.raises(ValidationError) as error:
        _add(owner, product, _bomb_png())
    assert error.value.message_dict["photo"] == [
        "Foto ini memiliki terlalu banyak piksel (lebih dari 50 megapiksel). Kirim foto dari "
        "kamera ponsel atau perkecil dulu."
    ]


def test_exif_is_stripped_and_the_photo_is_turned_upright(owner, product):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    exif[0x010F] = "KameraRahasia"  # camera make
    stored = _add(owner, product, jpeg(800, 600, exif=exif.tobytes()))
    with stored.original.open("rb") as handle:
        image = Image.open(handle)
        image.load()
    assert image.size == (600, 800)
    assert (stored.width, stored.height) == (600, 800)
    assert dict(image.getexif()) == {}
    assert b"KameraRahasia" not in stored.original.open("rb").read()


def test_webp_sizes_are_made_in_the_background(
    immediate_tasks, django_capture_on_commit_callbacks, owner, product
):
    with django_capture_on_commit_callbacks(execute=True):
        stored = _add(owner, product, jpeg(2400, 1600))
    stored.refresh_from_db()
    assert stored.thumb.name.endswith(".webp") and stored.large.name.endswith(".webp")
    assert (stored.thumb_width, stored.thumb_height) == (400, 267)
    with stored.large.open("rb") as handle:
        large = Image.open(handle)
        assert (large.format, large.size) == ("WEBP", (1200, 800))


def test_a_tiny_image_is_refused(owner, product):
    with pytest.raises(ValidationError) as error:
        _add(owner, product, jpeg(120, 90))
    assert error.value.message_dict["photo"] == [
        "Foto berukuran 120 × 90 piksel; setiap sisi perlu minimal 200 piksel agar jelas "
        "di katalog."
    ]


def test_at_most_eight_photos_and_the_order_can_change(owner, product):
    added = [_add(owner, product, jpeg(300, 300)) for _ in range(MAX_PHOTOS)]
    assert [p.position for p in added] == list(range(MAX_PHOTOS))
    with pytest.raises(ValidationError):
        _add(owner, product, jpeg(300, 300))
    photo_move(actor=owner, photo=added[1], up=True)
    assert list(product.photos.values_list("pk", flat=True)[:2]) == [added[1].pk, added[0].pk]
    photo_delete(actor=owner, photo=added[0])
    assert product.photos.count() == MAX_PHOTOS - 1


def test_the_plain_checker_names_the_format_it_refuses():
    out = io.BytesIO()
    Image.new("RGB", (300, 300)).save(out, "GIF")
    with pytest.raises(photos.PhotoError) as error:
        photos.clean(out.getvalue())
    assert (error.value.code, error.value.params) == ("unsupported", {"format": "GIF"})
