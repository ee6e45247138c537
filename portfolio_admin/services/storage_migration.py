"""Copy every stored file from one backend to another under the same path, resumably.

Rows keep their paths, so after the copy switching ``STORAGE`` is all it takes.
"""

from portfolio_admin.storage import Storage, StoredFile

COPIED = "copied"
SKIPPED = "skipped"


def stored_sizes(storage: Storage) -> dict[str, int]:
    """Every stored path with its size in bytes."""
    return {stored.path: stored.size for stored in storage.walk()}


def copy_file(source: Storage, target: Storage, stored: StoredFile, target_size: int | None) -> str:
    """Copy ``stored`` to the same path on ``target``: ``COPIED``, or ``SKIPPED`` when a file
    of the same size is there already. One of another size (left by an interrupted copy) is
    replaced. Raises ``OSError`` when the copy fails."""
    if target_size == stored.size:
        return SKIPPED
    if target_size is not None:
        target.delete(stored.path)
    with source.open(stored.path) as content:
        saved = target.save(stored.path, content)
    if saved != stored.path:  # something else wrote that path meanwhile
        target.delete(saved)
        raise FileExistsError(f"{stored.path} appeared on the target during the copy")
    return COPIED
