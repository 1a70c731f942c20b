from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from articles.models import Article, ImportBatch

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def api():
    return APIClient()


def _seed_upload(prefix: str) -> SimpleUploadedFile:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


def test_importer_posts_files_and_reads_the_batch_report(api, desk_admin, django_capture_on_commit_callbacks):
    api.force_authenticate(desk_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/imports/",
            {"files": [_seed_upload("003"), SimpleUploadedFile("empty.txt", b"")]},
            format="multipart",
        )
    assert response.status_code == 202
    batch_id = response.json()["id"]

    detail = api.get(f"/api/v1/imports/{batch_id}/").json()
    assert (detail["status"], detail["source"], detail["created_by"]) == ("done", "api", "adm")
    assert (detail["created_count"], detail["rejected_count"], detail["progress_percent"]) == (1, 1, 100)

    items = api.get(f"/api/v1/imports/{batch_id}/items/").json()["results"]
    assert [(i["name"], i["outcome"], i["message"]) for i in items] == [
        ("003_b775bf139eaac8af.txt", "created", "French; 1 line(s) kept out of the body"),
        ("empty.txt", "rejected", "empty file"),
    ]
    assert Article.objects.get().pk == items[0]["article"]


def test_post_without_files_is_a_400_and_creates_no_batch(api, desk_admin):
    api.force_authenticate(desk_admin)
    response = api.post("/api/v1/imports/", {}, format="multipart")
    assert response.status_code == 400
    assert "files" in response.json()
    assert not ImportBatch.objects.exists()


def test_user_without_import_permission_cannot_import_or_read_batches(api, fact_checker):
    batch = ImportBatch.objects.create(source="command")
    api.force_authenticate(fact_checker)
    assert (
        api.post("/api/v1/imports/", {"files": [_seed_upload("000")]}, format="multipart").status_code == 403
    )
    assert api.get("/api/v1/imports/").status_code == 403
    assert api.get(f"/api/v1/imports/{batch.pk}/").status_code == 403
    assert api.get(f"/api/v1/imports/{batch.pk}/items/").status_code == 403
    assert not Article.objects.exists()


def test_anonymous_requests_are_refused(api):
    assert api.get("/api/v1/imports/").status_code in (401, 403)
    assert api.post("/api/v1/imports/", {}, format="multipart").status_code in (401, 403)


def test_missing_batch_is_a_404(api, desk_admin):
    api.force_authenticate(desk_admin)
    assert api.get("/api/v1/imports/999/").status_code == 404


def test_batch_list_query_count_does_not_grow_with_batches(api, desk_admin, django_assert_max_num_queries):
    ImportBatch.objects.bulk_create([ImportBatch(source="command", created_by=desk_admin) for _ in range(40)])
    api.force_authenticate(desk_admin)
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/imports/")
    assert response.json()["count"] == 40


def test_import_endpoints_are_in_the_openapi_schema(api, desk_admin):
    api.force_authenticate(desk_admin)  # the schema is for the desk's people
    schema = api.get("/api/schema/?format=json").json()
    assert {"/api/v1/imports/", "/api/v1/imports/{id}/", "/api/v1/imports/{id}/items/"} <= set(
        schema["paths"]
    )
