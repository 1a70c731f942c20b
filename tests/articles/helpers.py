from pathlib import Path

from articles.models import ImportBatch, ImportItem
from articles.services.import_ import import_paths


def run_import(*paths: Path) -> tuple[ImportBatch, dict[str, ImportItem]]:
    """Import `paths`; the batch, and its items keyed by the name's last path segment."""
    batch = import_paths(paths=paths)
    items = {item.name.rsplit("/", 1)[-1]: item for item in batch.items.all()}
    return batch, items
