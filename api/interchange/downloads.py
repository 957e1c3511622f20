"""An exported file as an HTTP download, answered alike by the API and the workspace's Imports page."""

from __future__ import annotations

from flask import Response

from assess.interchange import ExportedFile


def export_download(exported: ExportedFile) -> Response:
    """The file as an attachment, with counts of what it leaves out, so a client can warn before it is used."""
    headers = {
        "Content-Disposition": f'attachment; filename="{exported.file_name}"',
        "X-Left-Out": str(len(exported.left_out)),
        "X-Dropped": str(len(exported.dropped)),
    }
    return Response(exported.content, mimetype=exported.media_type, headers=headers)
