"""Where QTI documents come from: one file, a folder with imsmanifest.xml, or a zip with one.

A content package names its items and tests in its manifest; each resource's file is read by its path
inside the package and never outside it: a path that climbs out (`../../etc/passwd`), is absolute or is a
link out of the folder is refused with an `InterchangeError` (no "zip slip"), as is a member too big to be
an item, so a crafted package cannot read the server's files or exhaust its memory.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from itembank.errors import InterchangeError
from itembank.interchange.qti.document import local
from itembank.interchange.qti.safe_xml import MAX_XML_BYTES, parse_xml

MANIFEST = "imsmanifest.xml"
MOST_MEMBERS = 10_000


def member_name(name: str, base: str = "", source: str | None = None) -> str:
    """`name` (relative to the folder `base`) as a path inside the package, or an InterchangeError."""
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":") or "\x00" in name:
        raise InterchangeError(f"refers to {name!r}, a path outside the package", source)
    joined = posixpath.normpath(posixpath.join(base, unquote(name.split("#", 1)[0].split("?", 1)[0])))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        raise InterchangeError(f"refers to {name!r}, a path outside the package", source)
    return joined


class Files:
    """The files of a package, read by their path inside it."""

    label: str

    def read(self, name: str) -> bytes:
        raise NotImplementedError

    def exists(self, name: str) -> bool:
        raise NotImplementedError

    def names(self) -> list[str]:
        raise NotImplementedError

    def close(self) -> None:
        """Release what reading held open (a zip's file)."""


class FolderFiles(Files):
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.label = str(root)

    def _path(self, name: str) -> Path:
        path = (self.root / member_name(name)).resolve()
        if not path.is_relative_to(self.root):
            raise InterchangeError(f"refers to {name!r}, which leads outside the folder", self.label)
        return path

    def exists(self, name: str) -> bool:
        return self._path(name).is_file()

    def read(self, name: str) -> bytes:
        path = self._path(name)
        if not path.is_file():
            raise InterchangeError(f"has no file {name!r}", self.label)
        if path.stat().st_size > MAX_XML_BYTES:
            raise InterchangeError(f"{name} is larger than {MAX_XML_BYTES} bytes", self.label)
        return path.read_bytes()

    def names(self) -> list[str]:
        return sorted(str(path.relative_to(self.root).as_posix()) for path in self.root.rglob("*.xml"))


class ZipFiles(Files):
    def __init__(self, path: Path) -> None:
        self.label = str(path)
        try:
            self.zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile as error:
            raise InterchangeError(f"is not a readable zip ({error})", self.label) from None
        try:
            members = self.zip.infolist()
            if len(members) > MOST_MEMBERS:
                raise InterchangeError(f"has {len(members)} members; at most {MOST_MEMBERS} are read", self.label)
            self.members: dict[str, zipfile.ZipInfo] = {}
            for info in members:
                if not info.is_dir():
                    self.members[member_name(info.filename, source=self.label)] = info
        except BaseException:
            self.zip.close()
            raise

    def exists(self, name: str) -> bool:
        return member_name(name) in self.members

    def read(self, name: str) -> bytes:
        info = self.members.get(member_name(name))
        if info is None:
            raise InterchangeError(f"has no member {name!r}", self.label)
        if info.file_size > MAX_XML_BYTES:
            raise InterchangeError(f"{name} is larger than {MAX_XML_BYTES} bytes", self.label)
        with self.zip.open(info) as member:
            data = member.read(MAX_XML_BYTES + 1)
        if len(data) > MAX_XML_BYTES:
            raise InterchangeError(f"{name} is larger than {MAX_XML_BYTES} bytes", self.label)
        return data

    def names(self) -> list[str]:
        return sorted(self.members)

    def close(self) -> None:
        self.zip.close()


@dataclass(frozen=True)
class Resource:
    href: str
    kind: str  # "item", "test", "rptemplate" or "unknown" (a file given alone)


def _base(element: etree._Element) -> str:
    return element.get("{http://www.w3.org/XML/1998/namespace}base") or ""


def manifest_path(files: Files) -> str | None:
    """The package's manifest: at its root, or in the one folder a zip of a folder puts everything in."""
    if files.exists(MANIFEST):
        return MANIFEST
    nested = sorted((name for name in files.names() if name.endswith(f"/{MANIFEST}")), key=lambda n: n.count("/"))
    return nested[0] if nested else None


def resources(files: Files, path: str = MANIFEST) -> Iterator[Resource]:
    """The manifest's resources in order, each with its file's path inside the package."""
    manifest = parse_xml(files.read(path), f"{files.label}/{path}")
    folder = posixpath.dirname(path)
    for resources_element in manifest.iter("{*}resources"):
        for resource in resources_element.iter("{*}resource"):
            kind_text = (resource.get("type") or "").lower()
            kind = (
                "rptemplate"
                if "rptemplate" in kind_text
                else "item"
                if "item" in kind_text
                else "test"
                if "test" in kind_text
                else "other"
            )
            if "xmlv1p2" in kind_text:
                raise InterchangeError(
                    f"holds QTI 1.2 ({resource.get('type')}), which is not read: export QTI 2.1, 2.2 or 3.0",
                    f"{files.label}/{path}",
                )
            if kind == "other":
                continue
            href = resource.get("href")
            if not href:
                first = next((file for file in resource if local(file) == "file" and file.get("href")), None)
                href = first.get("href") if first is not None else None
            if not href:
                continue
            base = posixpath.join(folder, _base(manifest), _base(resources_element), _base(resource))
            yield Resource(member_name(href, base.rstrip("/")), kind)


def open_source(path: Path) -> tuple[Files, list[Resource]]:
    """The files and resources of `path`: a folder or zip with a manifest; a single XML file is one resource."""
    if path.is_dir():
        files: Files = FolderFiles(path)
        if not files.exists(MANIFEST):
            raise InterchangeError(f"is a folder without {MANIFEST}", str(path))
        return files, list(resources(files))
    if zipfile.is_zipfile(path):
        files = ZipFiles(path)
        try:
            found = manifest_path(files)
            if found is None:
                raise InterchangeError(f"is a zip without {MANIFEST}", str(path))
            return files, list(resources(files, found))
        except BaseException:
            files.close()
            raise
    return FolderFiles(path.parent), [Resource(path.name, "unknown")]
