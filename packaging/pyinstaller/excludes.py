"""What the one-folder build leaves out, and the test that decides each file.

Assay uses three Qt modules (QtCore, QtGui, QtWidgets) plus QtNetwork for the local
socket of the single-instance rule, QtSvg (through the SVG icon and image plugins) and
QtDBus (the xcb platform and the portal theme need it). Everything else PySide6's
PyInstaller hook would bring (plugins for embedded screens, TLS, network information,
image formats Assay never reads, the translations: Assay installs no QTranslator) and
the Python packages only optional code paths import (Pillow through pypdfium2's
rendering helpers) stay out.

Pure data and one function, so `tests/test_packaging_excludes.py` can check it without
PyInstaller installed.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import PurePosixPath

# Python modules never imported by Assay's code paths (only by optional branches of
# the libraries it uses, or by the standard library's own tools).
EXCLUDED_MODULES: tuple[str, ...] = (
    "PIL",  # pypdfium2 renders to PIL images on request; Assay only reads text
    "numpy",  # rapidfuzz and pypdfium2 accept arrays when numpy is there
    "tkinter",
    "pydoc",
    "pdb",
    "doctest",
    "lib2to3",
    "ensurepip",
    "idlelib",
    "xmlrpc",
    "lxml.objectify",  # python-docx and the HTML reader use lxml.etree and lxml.html
    "lxml.isoschematron",
    # No network: without ssl and _hashlib the build carries no OpenSSL (5 MB);
    # hashlib's SHA-256 then comes from Python's own _sha256.
    "ssl",
    "_ssl",
    "_hashlib",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtOpenGL",
    "PySide6.QtSql",
    "PySide6.QtDBus",  # the Python binding: libQt6DBus itself stays for the platform
    "PySide6.QtPrintSupport",
)

# Qt plugins left out, by plugin folder: ALL, or the plugin names (without the "lib"
# prefix and the suffix, so one entry covers .so, .dll and .dylib).
ALL = ("*",)
EXCLUDED_PLUGINS: dict[str, tuple[str, ...]] = {
    # Keep xcb (X11, XWayland), wayland, cocoa, windows, and offscreen (the smoke
    # test); the others are for embedded screens (EGLFS, framebuffer, VNC, Vulkan).
    "platforms": ("qeglfs", "qlinuxfb", "qminimalegl", "qvkkhrdisplay", "qvnc", "qdirect2d"),
    "egldeviceintegrations": ALL,
    "generic": ALL,  # evdev/tuio input for screens without a desktop
    "platforminputcontexts": ("qtvirtualkeyboardplugin",),
    # Network: only a local socket is used; no TLS, no network-state watching.
    "tls": ALL,
    "networkinformation": ALL,
    # Image formats: the icon is SVG (qsvg kept) and PNG is built into QtGui; the
    # readers drop documents' images, so no other format is ever decoded.
    "imageformats": ("qgif", "qicns", "qico", "qjpeg", "qpdf", "qtga", "qtiff", "qwbmp", "qwebp"),
    "vectorimageformats": ALL,
    "sqldrivers": ALL,
    "printsupport": ALL,
    "qmltooling": ALL,
    "qmllint": ALL,
    "designer": ALL,
    "multimedia": ALL,
    "position": ALL,
    "sensors": ALL,
    "wayland-graphics-integration-server": ALL,
}

# Other files of the collected tree left out (destination paths under _internal/,
# '/'-separated; fnmatch patterns on the whole path).
EXCLUDED_FILES: tuple[str, ...] = (
    # Qt translations: Assay's texts are English and it loads no translation.
    "PySide6/Qt/translations/*",
    "PySide6/translations/*",
    "PySide6/Qt/qml/*",
    "PySide6/qml/*",
    "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so*",
    "PySide6/Qt/lib/libQt6EglFsKmsSupport.so*",
    "PySide6/Qt/lib/libQt6Pdf.so*",
    # The GTK stack the gtk3 platform theme plugin links to: every desktop that has
    # GTK has these, and the plugin must use the desktop's own (a bundled GTK from the
    # build machine would not read the user's theme). Without GTK the plugin does not
    # load and Qt falls back to its portal/generic theme.
    "libgtk-3.so*",
    "libgdk-3.so*",
    "libgdk_pixbuf-2.0.so*",
    "libpango-1.0.so*",
    "libpangocairo-1.0.so*",
    "libpangoft2-1.0.so*",
    "libcairo.so*",
    "libcairo-gobject.so*",
    "libatk-1.0.so*",
    "libatk-bridge-2.0.so*",
    "libatspi.so*",
    "libepoxy.so*",
    "libharfbuzz.so*",
    "libfribidi.so*",
    "libthai.so*",
    "libdatrie.so*",
    "libgraphite2.so*",
    "libpixman-1.so*",
    "libwayland-*.so*",  # the compositor's own
    "libjpeg.so*",  # gdk-pixbuf's
    # Libraries the PySide6 wheel itself takes from the system (the manylinux policy's
    # list: C++ runtime, X11 core, GLib) and the D-Bus client Qt loads at run time:
    # the desktop's own must be used, a copy from the build machine can clash with it
    # (a GTK or graphics driver loaded later needs the newer libstdc++).
    "libstdc++.so*",
    "libgcc_s.so*",
    "libglib-2.0.so*",
    "libgobject-2.0.so*",
    "libgthread-2.0.so*",
    "libgmodule-2.0.so*",
    "libgio-2.0.so*",
    "libmount.so*",
    "libblkid.so*",
    "libselinux.so*",
    "libpcre2-8.so*",
    "libffi.so*",
    "libdbus-1.so*",
    "libsystemd.so*",
    "libgcrypt.so*",
    "libgpg-error.so*",
    "liblz4.so*",
    "libcap.so*",
    # OpenSSL: Assay uses no network (ssl and _hashlib are excluded above).
    "libssl.so*",
    "libcrypto.so*",
    # Pillow's libraries (Pillow itself is excluded above; belt and braces).
    "pillow.libs/*",
    "PIL/*",
)


def _plugin_excluded(parts: tuple[str, ...]) -> bool:
    if "plugins" not in parts[:-2]:
        return False
    at = parts.index("plugins")
    names = EXCLUDED_PLUGINS.get(parts[at + 1])
    if names is None or len(parts) != at + 3:
        return False
    stem = parts[-1].split(".", 1)[0]
    stem = stem[3:] if stem.startswith("lib") else stem
    return names == ALL or stem in names


def is_excluded(dest: str) -> bool:
    """True when the file PyInstaller would put at `dest` (relative to the folder's
    _internal/) is left out of the build."""
    path = PurePosixPath(dest.replace("\\", "/"))
    if _plugin_excluded(path.parts):
        return True
    return any(fnmatch(path.as_posix(), pattern) for pattern in EXCLUDED_FILES)


def keep(toc: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A PyInstaller TOC (dest, source, kind) without the excluded files."""
    return [entry for entry in toc if not is_excluded(entry[0])]
