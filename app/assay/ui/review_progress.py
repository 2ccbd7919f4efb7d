"""Progress (reviewed / total, per document) counted from the rows already loaded.

`ReviewSession.progress()` answers the same question with a query; the window counts
in memory instead so that marking a sentence reviewed costs no extra query.
"""

from __future__ import annotations

from collections.abc import Iterable

from assay.core.model import SKIPPED_KINDS, SentenceRow
from assay.core.vocabulary import STATUS_FINAL
from assay.services.results import DocumentProgress, Progress


def count_progress(rows: Iterable[SentenceRow], titles: dict[int, str]) -> Progress:
    reviewed: dict[int, int] = dict.fromkeys(titles, 0)
    total: dict[int, int] = dict.fromkeys(titles, 0)
    for row in rows:
        if row.kind in SKIPPED_KINDS:
            continue
        total[row.document_id] = total.get(row.document_id, 0) + 1
        if row.state.status == STATUS_FINAL:
            reviewed[row.document_id] = reviewed.get(row.document_id, 0) + 1
    documents = [
        DocumentProgress(doc_id, titles.get(doc_id, ""), reviewed.get(doc_id, 0), count)
        for doc_id, count in total.items()
    ]
    return Progress(sum(reviewed.values()), sum(total.values()), documents)
